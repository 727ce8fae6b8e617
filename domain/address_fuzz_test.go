package domain_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

var postalCode = regexp.MustCompile(`^[0-9]{5}$`)

// An address that passes is clean for good: printable, trimmed, within
// its limits, and validating it again gives it back with the same
// warnings. A refusal names the field.
func FuzzValidateAddress(f *testing.F) {
	f.Add("12 rue Oued Ziz", "", "Agdal", "Rabat", "10090", "", "١٢ زنقة واد زيز")
	f.Add("  3  av. Fal  Ould Oumeir ", "Appt 4", "", "fès", "20000", "Fès-Meknès", "")
	f.Add("12 rue", "", "", "Rabat", " 10090 ", "", "")
	f.Add("12 rue", "", "", "Ksar El Kebir", "92150", "", "")
	for _, s := range hostileText {
		f.Add(s, s, "", "Rabat", "10090", "", "")
		f.Add("12 rue", "", "", s, "10090", "", s)
	}
	f.Add("12 rue", "", "", "Rabat", "1009", "", "")
	f.Add("12 rue", "", "", "Rabat", "١٠٠٩٠", "", "")
	f.Add("𝟙𝟚 rue", "", "", "Rabat", "10090", "", "")
	f.Fuzz(func(t *testing.T, line1, line2, quarter, city, postal, province, lineAr string) {
		in := domain.AddressInput{Line1: line1, Line2: line2, Quarter: quarter, City: city, PostalCode: postal, Province: province, LineAr: lineAr}
		out, warnings, err := domain.ValidateAddress(in)
		if err != nil {
			wantFieldErr(t, err, "line1", "line2", "quarter", "city", "postal_code", "province", "line_ar")
			return
		}
		limits := map[string]int{"line1": 100, "line2": 100, "quarter": 100, "city": 60, "province": 60, "line_ar": 150, "postal_code": 5}
		for name, v := range map[string]string{"line1": out.Line1, "line2": out.Line2, "quarter": out.Quarter, "city": out.City,
			"postal_code": out.PostalCode, "province": out.Province, "line_ar": out.LineAr} {
			wantPrintable(t, name, v)
			wantTrimmed(t, name, v)
			if utf8.RuneCountInString(v) > limits[name] {
				t.Fatalf("%s of %d characters accepted", name, utf8.RuneCountInString(v))
			}
		}
		if out.Line1 == "" || out.City == "" || !postalCode.MatchString(out.PostalCode) {
			t.Fatalf("a required field is missing or malformed: %+v", out)
		}
		for _, w := range warnings {
			if w.Field != "postal_code" || w.Key != domain.KeyPostalCodeCity {
				t.Fatalf("unexpected warning %+v", w)
			}
		}
		again, warningsAgain, err := domain.ValidateAddress(out)
		if err != nil || again != out || !reflect.DeepEqual(warnings, warningsAgain) {
			t.Fatalf("not a fixed point: %+v -> %+v (%v, %v vs %v)", out, again, err, warnings, warningsAgain)
		}
	})
}

// Dates are exchanged as YYYY-MM-DD: what is accepted is exactly what
// the date prints as, so the same day is never stored in two spellings.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1961-05-04", "1961-5-4", "1961-02-29", "2024-02-29", "0000-01-01", "9999-12-31", "1961-05-04T00:00:00Z", " 1961-05-04", "+1961-05-04", "١٩٦١-٠٥-٠٤", ""} {
		f.Add("birth_date", s)
	}
	f.Fuzz(func(t *testing.T, field, s string) {
		d, err := domain.ParseDate(field, s)
		if err != nil {
			if fe := wantFieldErr(t, err, field); fe.Key != domain.KeyDateFormat {
				t.Fatalf("refused with %q", fe.Key)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints as %q", s, d.String())
		}
	})
}

// The city list lookups ignore case, accents and hyphens, and whatever
// they return is a city of the list that finds itself again.
func FuzzFindCity(f *testing.F) {
	for _, s := range []string{"Rabat", "fes", "FÈS", "Ksar el-Kebir", "الرباط", "Casa", "", "-", "\x1b[2J", "ال"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, name string, limit int) {
		limit %= 50
		if c, ok := domain.FindCity(name); ok {
			if !isListed(c) {
				t.Fatalf("FindCity(%q) = %+v, not a listed city", name, c)
			}
			if back, ok := domain.FindCity(c.Name); !ok || back != c {
				t.Fatalf("city %q does not find itself", c.Name)
			}
			if back, ok := domain.FindCity(strings.ToUpper(name)); !ok || back != c {
				t.Fatalf("FindCity is case-sensitive on %q", name)
			}
		}
		got := domain.CitySuggestions(name, limit)
		if len(got) > max(0, limit) {
			t.Fatalf("%d suggestions for at most %d", len(got), limit)
		}
		for _, c := range got {
			if !isListed(c) {
				t.Fatalf("suggested %+v, not a listed city", c)
			}
		}
	})
}

func isListed(c domain.City) bool {
	for _, l := range domain.Cities() {
		if l == c {
			return true
		}
	}
	return false
}
