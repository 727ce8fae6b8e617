package domain_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

func FuzzCleanText(f *testing.F) {
	for _, s := range hostileText {
		f.Add(s, 100)
	}
	f.Add("abc", 2)
	f.Add("  abc  ", 3)
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = abs(max) % 400
		out, err := domain.CleanText("note", s, max)
		if err != nil {
			fe := wantFieldErr(t, err, "note")
			if !utf8.ValidString(s) && fe.Key != domain.KeyInvalidUTF8 {
				t.Fatalf("invalid UTF-8 refused with %q", fe.Key)
			}
			return
		}
		wantPrintable(t, "cleaned text", out)
		if out != strings.TrimSpace(s) {
			t.Fatalf("CleanText changed more than the surrounding space: %q -> %q", s, out)
		}
		if n := utf8.RuneCountInString(out); n > max {
			t.Fatalf("%d characters accepted, max %d", n, max)
		}
		if again, err := domain.CleanText("note", out, max); err != nil || again != out {
			t.Fatalf("cleaned text does not clean to itself: %q -> %q, %v", out, again, err)
		}
		if domain.Sanitize(out) != out {
			t.Fatalf("Sanitize changes accepted text %q", out)
		}
	})
}

func FuzzRequireText(f *testing.F) {
	for _, s := range hostileText {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := domain.RequireText("reason", s, domain.MaxReasonLen)
		if err != nil {
			fe := wantFieldErr(t, err, "reason")
			if strings.TrimSpace(s) == "" && utf8.ValidString(s) && fe.Key != domain.KeyRequired {
				t.Fatalf("blank text refused with %q", fe.Key)
			}
			return
		}
		if out == "" {
			t.Fatal("RequireText accepted an empty value")
		}
		wantPrintable(t, "required text", out)
		if again, err := domain.RequireText("reason", out, domain.MaxReasonLen); err != nil || again != out {
			t.Fatalf("not a fixed point: %q -> %q, %v", out, again, err)
		}
	})
}

// Sanitize is the last line of defence before a terminal: whatever it is
// given, its output is valid UTF-8 without control or bidi characters, it
// leaves clean text alone, and applying it twice changes nothing.
func FuzzSanitize(f *testing.F) {
	for _, s := range hostileText {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := domain.Sanitize(s)
		wantPrintable(t, "sanitised text", out)
		if strings.ContainsAny(out, "\x1b\u009b\x07") {
			t.Fatalf("escape introducer survived: %q", out)
		}
		if domain.Sanitize(out) != out {
			t.Fatalf("Sanitize is not idempotent on %q", s)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, unsafeRune) && out != s {
			t.Fatalf("clean text changed: %q -> %q", s, out)
		}
		if utf8.RuneCountInString(out) > len(s) {
			t.Fatalf("output longer than the input's bytes: %q -> %q", s, out)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}
