package config

import (
	"strings"
	"testing"
	"unicode"
)

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"lp -d counter", "a\tb", "a\x1b[2J", "\u0085", "é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := PlainText(raw)
		if (err == nil) == strings.ContainsFunc(raw, unicode.IsControl) {
			t.Fatalf("PlainText(%q) = %v", raw, err)
		}
		if err != nil && strings.ContainsFunc(err.Error(), unicode.IsControl) {
			t.Fatalf("refusal is not printable: %q", err)
		}
	})
}
