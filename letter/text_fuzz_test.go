package letter

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var hostileLetterText = []string{
	"ALAOUI Mohamed", "Fe\u0300s", "ğ", "العلوي", "Mo\U0001F600hamed", "a\x1b[31mb", "\x1b]0;x\x07", "\u009b2J", "abc\u202egnp",
	"a\x00b", "a\r\nb", "\xff\xfe", "  many   spaces  ", "€‚ƒ„…", "\u00a0", "??", "a?b??c", "\u0301", "", strings.Repeat("é", 200),
}

// latin is all that stands between data and the PDF's cp1252 fonts: its
// output is printable cp1252 on one line, single-spaced, and latin of it
// is itself.
func FuzzLatin(f *testing.F) {
	for _, s := range hostileLetterText {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := latin(s)
		if !utf8.ValidString(out) || strings.Join(strings.Fields(out), " ") != out {
			t.Fatalf("latin(%q) = %q: not valid, trimmed, single-spaced", s, out)
		}
		for _, r := range out {
			if !inCP1252(r) || r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
				t.Fatalf("latin(%q) = %q holds %U", s, out, r)
			}
		}
		if latin(out) != out {
			t.Fatalf("latin is not idempotent: %q -> %q -> %q", s, out, latin(out))
		}
	})
}

func FuzzClip(f *testing.F) {
	for _, s := range hostileLetterText {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n%300 + 1
		if n < 1 {
			n += 300
		}
		out := clip(s, n)
		if utf8.RuneCountInString(out) > n {
			t.Fatalf("clip(%q, %d) = %q is longer", s, n, out)
		}
		if utf8.RuneCountInString(s) <= n && out != s {
			t.Fatalf("clip(%q, %d) changed a text that fits", s, n)
		}
	})
}

// A configured print command splits into words the way a shell would,
// with no expansion: quoting the words back gives the same words.
func FuzzSplitCommand(f *testing.F) {
	for _, s := range []string{"lp -d counter", `lp -o "media=A4 paper"`, `sh -c 'echo $HOME; rm -rf /'`, `a\ b c`, `"a\"b" 'c'"d"`, `a\`, `'a`, `"a`,
		"lp\\\n-d x", "", "  ", `""`, `'' x`, "lp $(reboot)", "lp `id`", "a|b>c;d&e*f~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := splitCommand(s)
		if err != nil {
			return
		}
		if len(words) == 0 || words[0] == "" {
			t.Fatalf("splitCommand(%q) = %q", s, words)
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
		back, err := splitCommand(strings.Join(quoted, " "))
		if err != nil || strings.Join(back, "\x00") != strings.Join(words, "\x00") {
			t.Fatalf("%q splits as %q, its quoted words as %q (%v)", s, words, back, err)
		}
	})
}

// A print command's complaint is shown to the agent: one printable line.
func FuzzPrintable(f *testing.F) {
	for _, s := range hostileLetterText {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := printable(s)
		if !utf8.ValidString(out) || strings.ContainsFunc(out, func(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 || r == utf8.RuneError }) ||
			strings.Join(strings.Fields(out), " ") != out {
			t.Fatalf("printable(%q) = %q", s, out)
		}
	})
}
