package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date renders a calendar day: 25/11/2026 in French, 2026-11-25 in
// English (the ISO form the command line has always printed). Both are 10
// cells wide, so a column fits either. The zero time renders as a dash.
func (c *Catalog) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if c.lang == LangFrench {
		return t.Format("02/01/2006")
	}
	return t.Format(time.DateOnly)
}

// DateTime renders a moment to the minute, in t's own zone: 25/11/2026
// 14:05 in French, 2026-11-25 14:05 in English. The zero time renders as
// a dash.
func (c *Catalog) DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return c.Date(t) + " " + c.Clock(t)
}

// Clock renders the time of day, 14:05 in both languages (French
// administrative writing also accepts 14 h 05, but a status bar has little
// room).
func (c *Catalog) Clock(t time.Time) string { return t.Format("15:04") }

// Number renders a whole number with its thousands grouped: 1 234 567 in
// French (a narrow no-break space, which never breaks a number across
// lines), 1,234,567 in English.
func (c *Catalog) Number(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	sep := ","
	if c.lang == LangFrench {
		sep = "\u202f"
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return b.String()
}

// Count is a quantity shown to people (entries, members, bytes): passed to
// T, it is grouped the catalogue's way under %d. Identifiers (entry
// numbers, versions, years) stay plain ints.
type Count int64

// grouped is a Count as T has rendered it: %d and %v print the grouped
// text, padded to the verb's width; other verbs see the plain number.
type grouped struct {
	n    int64
	text string
}

func (g grouped) Format(f fmt.State, verb rune) {
	if verb != 'd' && verb != 'v' {
		fmt.Fprintf(f, fmt.FormatString(f, verb), g.n)
		return
	}
	pad := ""
	if w, ok := f.Width(); ok {
		if n := w - len([]rune(g.text)); n > 0 {
			pad = strings.Repeat(" ", n)
		}
	}
	if f.Flag('-') {
		fmt.Fprint(f, g.text+pad)
	} else {
		fmt.Fprint(f, pad+g.text)
	}
}
