package domain_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

// Shared checks of the domain's fuzz targets. The seeds of every target run
// in `go test`; `scripts/fuzz.sh` explores further.

// hostileText is a seed set for free-text fields: terminal escapes (CSI,
// OSC, C1 CSI), bidi overrides, invalid UTF-8, NUL, SQL and path
// metacharacters, scripts and sizes the validators must take or refuse.
var hostileText = []string{
	"", " ", "Rabat", "  12 rue  Oued Ziz  ", "Fès", "Fe\u0300s", "ksar el-kebir", "١٢ زنقة واد زيز",
	"\x1b[31mred\x1b[0m", "\x1b]0;pwned\x07", "\u009b31m", "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\",
	"abc\u202egnp.exe", "\u2066x\u2069", "a\u200fb", "a\u061cb", "\xff\xfe", "a\xc3\x28b", "\xed\xa0\x80",
	"a\x00b", "a\tb", "a\nb", "a\rb", "\x7f", "\u0085x", "\u00a0x\u00a0", "\u2028", "\ufeffx", "\ufffd",
	"' OR 1=1; --", "Robert'); DROP TABLE members;--", "../../etc/passwd", "..\\..\\windows", "%00", "%s%n",
	strings.Repeat("a", 101), strings.Repeat("é", 300), strings.Repeat("\U0001F600", 70),
}

// wantFieldErr fails unless err is a *domain.FieldError naming field (one
// of fields when several are possible) with a key the UI can translate.
func wantFieldErr(t *testing.T, err error, fields ...string) *domain.FieldError {
	t.Helper()
	var fe *domain.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %v is not a *domain.FieldError", err, err)
	}
	if !slices.Contains(fields, fe.Field) {
		t.Fatalf("error names field %q, want one of %q", fe.Field, fields)
	}
	if !slices.Contains(domain.AllMessageKeys, fe.Key) {
		t.Fatalf("error key %q is not a message key", fe.Key)
	}
	return fe
}

// unsafeRune is what must never reach a terminal from data: control
// characters (ESC, C1, DEL, line breaks) and bidi reordering marks.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// wantPrintable fails unless s is valid UTF-8 without an unsafe rune.
func wantPrintable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s is not valid UTF-8: %q", what, s)
	}
	if i := strings.IndexFunc(s, unsafeRune); i >= 0 {
		t.Fatalf("%s holds an unsafe character at byte %d: %q", what, i, s)
	}
}

// wantTrimmed fails unless s has no surrounding or repeated spaces.
func wantTrimmed(t *testing.T, what, s string) {
	t.Helper()
	if strings.Join(strings.Fields(s), " ") != s {
		t.Fatalf("%s is not trimmed with single spaces: %q", what, s)
	}
}

// fuzzCanonical fuzzes a parser that either refuses its input with a field
// error on field, or returns a canonical form that matches canonical and
// parses to itself.
func fuzzCanonical(f *testing.F, name string, parse func(string) (string, error), field string, canonical *regexp.Regexp) {
	f.Fuzz(func(t *testing.T, s string) {
		out, err := parse(s)
		if err != nil {
			wantFieldErr(t, err, field)
			return
		}
		if !canonical.MatchString(out) {
			t.Fatalf("%s(%q) = %q", name, s, out)
		}
		if again, err := parse(out); err != nil || again != out {
			t.Fatalf("not a fixed point: %q -> %q, %v", out, again, err)
		}
	})
}
