package i18n

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cnops/guichet/domain"
)

// Catalog translates message keys into one language and formats dates and
// numbers the way that language writes them.
type Catalog struct {
	lang     string
	messages map[string]string
}

// English is the English catalogue.
func English() *Catalog {
	return &Catalog{lang: LangEnglish, messages: merge(configEN, errorsEN, screensEN, cliEN, accountsEN, syncEN, pinsTUIEN, lettersEN, pinsEN, pinsCentreEN, doctorEN, cmdEN, cmdHelpEN, centralEN, privacyEN, retentionEN, keysEN, paletteEN)}
}

// French is the French catalogue: the fund's counters work in French.
func French() *Catalog {
	m := merge(configFR, errorsFR, screensFR, cliFR, accountsFR, syncFR, pinsTUIFR, lettersFR, pinsFR, pinsCentreFR, doctorFR, cmdFR, cmdHelpFR, centralFR, privacyFR, retentionFR, keysFR, paletteFR)
	for k, v := range m {
		m[k] = frenchSpacing(v)
	}
	return &Catalog{lang: LangFrench, messages: m}
}

// New returns the catalogue of language ("fr", "en", or "" for the
// locale's: see Resolve).
func New(language string) *Catalog {
	if Resolve(language, os.Getenv) == LangFrench {
		return French()
	}
	return English()
}

// Use switches c to language in place: the command line makes its
// catalogue before it reads the configuration that may name ui.language,
// and whatever holds c (its error printer) follows.
func (c *Catalog) Use(language string) { *c = *New(language) }

// Language is the catalogue's language: "fr" or "en".
func (c *Catalog) Language() string { return c.lang }

func merge(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// frenchSpacing makes the space French puts before : ; ! ? and inside
// « » unbreakable, so that a wrapped line never starts with the sign: the
// catalogue's source types a plain space, which reads better.
var frenchSpacing = strings.NewReplacer(
	" :", "\u00a0:", " ;", "\u202f;", " !", "\u202f!", " ?", "\u202f?",
	"« ", "«\u00a0", " »", "\u00a0»",
).Replace

// Keys lists the keys the catalogue translates, sorted.
func (c *Catalog) Keys() []string { return slices.Sorted(maps.Keys(c.messages)) }

// Has reports whether the catalogue translates key.
func (c *Catalog) Has(key string) bool { _, ok := c.messages[key]; return ok }

// T translates key, filling fmt verbs from args. Arguments are shown the
// language's way: a Count grouped (1,234 or 1 234), a domain.Date as Date,
// a time.Time as DateTime. An unknown key comes back as itself, bracketed,
// so a gap shows without breaking the screen.
func (c *Catalog) T(key string, args ...any) string {
	msg, ok := c.messages[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, c.localArgs(args)...)
}

// localArgs renders the arguments that have a local form, in a copy: the
// caller's slice stays as it was.
func (c *Catalog) localArgs(args []any) []any {
	out, copied := args, false
	for i, a := range args {
		var local any
		switch a := a.(type) {
		case Count:
			local = grouped{int64(a), c.Number(int64(a))}
		case domain.Date:
			local = c.Date(a.Time)
		case time.Time:
			local = c.DateTime(a)
		default:
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = local
	}
	return out
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

// Labelled puts a label before its text: "Postal code: ..." in English,
// "Code postal : ..." in French (an unbreakable space before the colon).
func (c *Catalog) Labelled(label, text string) string {
	if c.lang == LangFrench {
		return label + "\u00a0: " + text
	}
	return label + ": " + text
}

// Error renders an error for a person: an explained error (configuration)
// is translated with its causes, a field error names its field, a domain
// refusal is translated (its dates the language's way, see T), anything
// else keeps its own text.
func (c *Catalog) Error(err error) string {
	var ex *domain.Explained
	if errors.As(err, &ex) {
		args := make([]any, len(ex.Args))
		for i, a := range ex.Args {
			args[i] = a
			if e, ok := a.(error); ok {
				args[i] = c.Error(e)
			}
		}
		return c.T(ex.Key, args...)
	}
	if fe, ok := domain.AsFieldError(err); ok {
		field := c.T("field." + fe.Field)
		if strings.HasPrefix(field, "[") {
			field = fe.Field
		}
		return c.Labelled(field, c.T(fe.Key, fe.Args...))
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
