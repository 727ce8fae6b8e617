package domain

import (
	"regexp"
	"strings"
	"unicode"
)

// AddressInput is a postal address as typed at the counter.
type AddressInput struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	Quarter    string `json:"quarter,omitempty"`
	City       string `json:"city"`
	PostalCode string `json:"postal_code"`
	Province   string `json:"province,omitempty"`
	LineAr     string `json:"line_ar,omitempty"`
}

// Warning is a doubt the agent must confirm before the address is kept
// (a postal code that does not fit a listed city, say).
type Warning struct {
	Field, Key string
	Args       []any
}

// Address field limits, in characters.
const (
	maxAddressLine = 100
	maxCity        = 60
	maxArabicLine  = 150
)

var postalCodePattern = regexp.MustCompile(`^[0-9]{5}$`)

// ValidateAddress checks a new address and returns it cleaned (trimmed,
// inner spaces collapsed), with the warnings the agent must confirm. Line 1,
// the city and the postal code are required; Latin fields hold Latin
// letters, digits and common address punctuation, the Arabic line Arabic
// script.
func ValidateAddress(in AddressInput) (AddressInput, []Warning, error) {
	out := AddressInput{}
	fields := []struct {
		name     string
		value    string
		dst      *string
		max      int
		required bool
		arabic   bool
	}{
		{"line1", in.Line1, &out.Line1, maxAddressLine, true, false},
		{"line2", in.Line2, &out.Line2, maxAddressLine, false, false},
		{"quarter", in.Quarter, &out.Quarter, maxAddressLine, false, false},
		{"city", in.City, &out.City, maxCity, true, false},
		{"province", in.Province, &out.Province, maxCity, false, false},
		{"line_ar", in.LineAr, &out.LineAr, maxArabicLine, false, true},
	}
	for _, f := range fields {
		v, err := CleanText(f.name, f.value, f.max)
		if err != nil {
			return out, nil, err
		}
		v = strings.Join(strings.Fields(v), " ")
		if f.required && v == "" {
			return out, nil, NewFieldError(f.name, KeyRequired)
		}
		if !allowedAddressText(v, f.arabic) {
			return out, nil, NewFieldError(f.name, map[bool]string{false: KeyLatinText, true: KeyArabicText}[f.arabic])
		}
		*f.dst = v
	}
	out.PostalCode = strings.TrimSpace(in.PostalCode)
	if !postalCodePattern.MatchString(out.PostalCode) {
		return out, nil, NewFieldError("postal_code", KeyPostalCodeFormat)
	}
	var warnings []Warning
	if c, ok := FindCity(out.City); ok && c.PostalCode[:2] != out.PostalCode[:2] {
		warnings = append(warnings, Warning{Field: "postal_code", Key: KeyPostalCodeCity, Args: []any{c.Name, c.PostalCode}})
	}
	return out, warnings, nil
}

// allowedAddressText checks a field's characters: Latin fields take Latin
// letters (accents included), digits, spaces and , . ' ’ - / ° # ( ) ;
// the Arabic line takes Arabic script, digits, spaces and the same marks.
func allowedAddressText(s string, arabic bool) bool {
	for _, r := range s {
		switch {
		case unicode.IsDigit(r), r == ' ', strings.ContainsRune(",.'’-/°#()،", r):
		case arabic && unicode.Is(unicode.Arabic, r):
		case !arabic && unicode.Is(unicode.Latin, r):
		default:
			return false
		}
	}
	return true
}

// FindCity looks a city up in the reference list, ignoring case, accents,
// hyphens and articles (Fès = fes, Ksar El Kebir = ksar el-kebir).
func FindCity(name string) (City, bool) {
	key := strings.Join(NameKeys(name), " ")
	if key == "" {
		return City{}, false
	}
	for _, c := range cities {
		if strings.Join(NameKeys(c.Name), " ") == key {
			return c, true
		}
	}
	return City{}, false
}

// CitySuggestions returns the reference cities whose name starts like the
// typed text (for the address form), at most max of them.
func CitySuggestions(typed string, max int) []City {
	key := strings.Join(NameKeys(typed), " ")
	var out []City
	for _, c := range cities {
		if key != "" && strings.HasPrefix(strings.Join(NameKeys(c.Name), " "), key) && len(out) < max {
			out = append(out, c)
		}
	}
	return out
}
