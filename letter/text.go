package letter

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cp1252High lists the characters that Windows-1252 places in 0x80–0x9F;
// 0xA0–0xFF are Latin-1, the same code points as Unicode.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// inCP1252 reports whether r can be printed with the core fonts.
func inCP1252(r rune) bool {
	if r >= 0x20 && r < 0x7F || r >= 0xA0 && r <= 0xFF {
		return true
	}
	_, ok := cp1252High[r]
	return ok
}

// latin makes s printable with the cp1252 core fonts, on one line: accented
// Latin is kept (composed first, so a decomposed "Fe\u0300s" prints "Fès"),
// other Latin letters lose their accent ("ğ" → "g"), control and format
// characters become spaces or vanish, and every run of other characters
// (Arabic, emoji, ...) becomes one "?". Spaces are collapsed and trimmed.
func latin(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u00A0' || unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		case inCP1252(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
			// a stray combining mark, a bidi or zero-width mark: nothing to print
		default:
			if base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r))); base != r && inCP1252(base) {
				b.WriteRune(base)
			} else {
				b.WriteByte('?')
			}
		}
	}
	// Collapse spaces and merge a run of unprintable words into one "?".
	var out []string
	for _, w := range strings.Fields(b.String()) {
		w = collapseRuns(w)
		if w == "?" && len(out) > 0 && out[len(out)-1] == "?" {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// collapseRuns turns every run of "?" made by latin into one.
func collapseRuns(w string) string {
	for strings.Contains(w, "??") {
		w = strings.ReplaceAll(w, "??", "?")
	}
	return w
}

// clip shortens s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
