package domain_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

var (
	canonicalCIN   = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{1,6}$`)
	canonicalPhone = regexp.MustCompile(`^\+212[5-7][0-9]{8}$`)
	canonicalPPR   = regexp.MustCompile(`^[0-9]{8}$`)
	asciiDigits    = regexp.MustCompile(`^[0-9]+$`)
)

var identifierSeeds = []string{
	"AB123456", "ab 123 456", " a1 ", "A", "ABC123", "AB1234567", "ıb123", "\u212a123", "AB\u0085123",
	"12345678", "1234 5678", "123456789", "06 12 34 56 78", "0612-345678", "+212 612345678", "00212612345678",
	"212612345678", "0812345678", "+2126123456789", "(06).12.34.56.78", "٠٦١٢٣٤٥٦٧٨", "１２３４５６７８",
	"1234567", "\x1b[2J1234567", "1234567\x00", "AB123456' OR '1'='1", "", "   ",
}

func FuzzParseCIN(f *testing.F) {
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := domain.ParseCIN(s)
		if err != nil {
			wantFieldErr(t, err, "cin")
			return
		}
		if !canonicalCIN.MatchString(out) {
			t.Fatalf("ParseCIN(%q) = %q, not a canonical CIN", s, out)
		}
		if again, err := domain.ParseCIN(out); err != nil || again != out {
			t.Fatalf("not a fixed point: %q -> %q, %v", out, again, err)
		}
		masked := domain.MaskCIN(out)
		if !utf8.ValidString(masked) || utf8.RuneCountInString(masked) != len(out) {
			t.Fatalf("MaskCIN(%q) = %q: not one character per character", out, masked)
		}
		if n := strings.IndexAny(masked, "0123456789"); n >= 0 && len(strings.Trim(masked[n:], "0123456789")) > 0 {
			t.Fatalf("MaskCIN(%q) = %q shows digits before the mask", out, masked)
		}
		if shown := len(out) - len(strings.TrimLeft(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")); strings.Count(masked, "•") != max(0, len(out)-shown-3) &&
			strings.Count(masked, "•") != len(out)-shown {
			t.Fatalf("MaskCIN(%q) = %q hides the wrong digits", out, masked)
		}
		if digitsShown := len(strings.Map(keepDigit, masked)); digitsShown > 3 {
			t.Fatalf("MaskCIN(%q) = %q shows %d digits", out, masked, digitsShown)
		}
	})
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// MaskCIN is also given stored values that never went through ParseCIN
// (older data, the centre's): it must not panic on them.
func FuzzMaskCIN(f *testing.F) {
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { _ = domain.MaskCIN(s) })
}

func FuzzParsePPR(f *testing.F) {
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	fuzzCanonical(f, "ParsePPR", domain.ParsePPR, "ppr", canonicalPPR)
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := domain.ParsePhone(s)
		if err != nil {
			wantFieldErr(t, err, "phone")
			return
		}
		if !canonicalPhone.MatchString(out) {
			t.Fatalf("ParsePhone(%q) = %q, not E.164 for Morocco", s, out)
		}
		if again, err := domain.ParsePhone(out); err != nil || again != out {
			t.Fatalf("not a fixed point: %q -> %q, %v", out, again, err)
		}
		if !strings.HasSuffix(out, strings.Map(keepDigit, s)[max(0, len(strings.Map(keepDigit, s))-9):]) {
			t.Fatalf("ParsePhone(%q) = %q lost the subscriber number", s, out)
		}
	})
}

// A registration-number pattern comes from configuration: any pattern
// that compiles must still only let digit strings through, and the
// anchoring must hold whatever the pattern holds (alternations, groups).
func FuzzRegNoRule(f *testing.F) {
	for _, p := range []string{"[0-9]{6,12}", "[0-9]{6}|x", ")(", "[0-9]+)|(.*", `\Q)`, "(?m)[0-9]+", "(?i)[0-9]+$|^", ".*", "a|[0-9]", ""} {
		for _, s := range []string{"1234567", "123 4567", "x", "12345678901234567890", "1234567\n", "abc", ""} {
			f.Add(p, s)
		}
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		rule, err := domain.NewRegNoRule(pattern)
		if err != nil {
			return
		}
		out, err := rule.Parse(s)
		if err != nil {
			wantFieldErr(t, err, "registration_number")
			return
		}
		if !asciiDigits.MatchString(out) {
			t.Fatalf("pattern %q let %q through as %q", pattern, s, out)
		}
		if again, err := rule.Parse(out); err != nil || again != out {
			t.Fatalf("not a fixed point: %q -> %q, %v", out, again, err)
		}
		whole := regexp.MustCompile(`^(?:` + pattern + `)$`)
		if !whole.MatchString(out) {
			t.Fatalf("pattern %q does not match the whole of %q", pattern, out)
		}
	})
}

// Every reading of a lookup query is that identifier's own normalised
// value, each kind at most once, in a stable order.
func FuzzRecogniseIdentifiers(f *testing.F) {
	rule, err := domain.NewRegNoRule("[0-9]{6,12}")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	parsers := map[domain.IdentifierKind]func(string) (string, error){
		domain.KindRegNo: rule.Parse, domain.KindCIN: domain.ParseCIN, domain.KindPPR: domain.ParsePPR, domain.KindPhone: domain.ParsePhone,
	}
	order := []domain.IdentifierKind{domain.KindRegNo, domain.KindCIN, domain.KindPPR, domain.KindPhone}
	f.Fuzz(func(t *testing.T, s string) {
		last := -1
		for _, id := range domain.RecogniseIdentifiers(s, rule) {
			i := indexOf(order, id.Kind)
			if i <= last {
				t.Fatalf("kinds out of order or repeated: %+v", domain.RecogniseIdentifiers(s, rule))
			}
			last = i
			if v, err := parsers[id.Kind](id.Value); err != nil || v != id.Value {
				t.Fatalf("%s %q is not its own normalised value (%q, %v)", id.Kind, id.Value, v, err)
			}
		}
	})
}

func indexOf[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
