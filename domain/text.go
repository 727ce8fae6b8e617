package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText trims a free-text field and checks it: valid UTF-8, no control
// characters (which also rules out terminal escape sequences), at most max
// runes. An empty result is allowed; callers that need a value use
// RequireText.
func CleanText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", NewFieldError(field, KeyInvalidUTF8)
	}
	s = strings.TrimSpace(s)
	for _, r := range s {
		if isUnsafeRune(r) {
			return "", NewFieldError(field, KeyControlChars)
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", NewFieldError(field, KeyTooLong, max)
	}
	return s, nil
}

// RequireText is CleanText for a field that must not be empty.
func RequireText(field, s string, max int) (string, error) {
	s, err := CleanText(field, s, max)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", NewFieldError(field, KeyRequired)
	}
	return s, nil
}

// Sanitize makes text from the database or the network safe to print on a
// terminal: control characters (ESC, BEL, C1, DEL, newlines) and bidi
// overrides are dropped, invalid UTF-8 is replaced. What is left of an escape
// sequence is printed as harmless literal text.
func Sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || isUnsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		case isUnsafeRune(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isUnsafeRune reports control characters and the bidi formatting
// characters that can reorder what a terminal shows.
func isUnsafeRune(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	switch {
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069',
		r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	}
	return false
}
