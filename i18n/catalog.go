package i18n

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cnops/guichet/domain"
)

// Catalog translates message keys into one language.
type Catalog struct {
	messages map[string]string
}

// English is the catalogue in use until French arrives.
func English() *Catalog {
	return &Catalog{messages: merge(errorsEN, screensEN, cliEN, accountsEN, syncEN, pinsTUIEN, lettersEN, pinsEN, pinsCentreEN)}
}

func merge(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// Has reports whether the catalogue translates key.
func (c *Catalog) Has(key string) bool { _, ok := c.messages[key]; return ok }

// T translates key, filling fmt verbs from args. An unknown key comes back
// as itself, bracketed, so a gap shows without breaking the screen.
func (c *Catalog) T(key string, args ...any) string {
	msg, ok := c.messages[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// items translates a list of item keys (missing evidence, say) as
// "item.<key>" when the catalogue has it, and joins them.
func (c *Catalog) items(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k
		if c.Has("item." + k) {
			out[i] = c.T("item." + k)
		}
	}
	return strings.Join(out, ", ")
}

// Error renders an error for a person: a field error names its field, a
// domain refusal is translated, anything else keeps its own text.
func (c *Catalog) Error(err error) string {
	if fe, ok := domain.AsFieldError(err); ok {
		field := c.T("field." + fe.Field)
		if strings.HasPrefix(field, "[") {
			field = fe.Field
		}
		return field + ": " + c.T(fe.Key, fe.Args...)
	}
	var de *domain.Error
	if errors.As(err, &de) {
		args := make([]any, len(de.Args))
		for i, a := range de.Args {
			args[i] = a
			if items, ok := a.([]string); ok {
				args[i] = c.items(items)
			}
		}
		return c.T(de.Key, args...)
	}
	return domain.Sanitize(err.Error())
}
