package domain

import (
	"regexp"
	"strings"
)

var (
	cinPattern   = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{1,6}$`)
	pprPattern   = regexp.MustCompile(`^[0-9]{8}$`)
	phonePattern = regexp.MustCompile(`^\+212[5-7][0-9]{8}$`)
	digitsOnly   = regexp.MustCompile(`^[0-9]+$`)
)

// compactUpper removes every kind of space and upper-cases ASCII letters,
// the way identifiers are read off a card and typed at the counter.
func compactUpper(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// ParseCIN normalises a national ID card number (trim, upper-case, no
// spaces) and checks it: one or two letters then up to six digits. There is
// no check digit.
func ParseCIN(s string) (string, error) {
	c := compactUpper(s)
	if c == "" {
		return "", NewFieldError("cin", KeyRequired)
	}
	if !cinPattern.MatchString(c) {
		return "", NewFieldError("cin", KeyCINFormat)
	}
	return c, nil
}

// MaskCIN hides all but the letters and the last three digits of a CIN, as
// lists and exports must show it.
func MaskCIN(cin string) string {
	i := strings.IndexFunc(cin, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return cin
	}
	digits := cin[i:]
	if len(digits) <= 3 {
		return cin[:i] + strings.Repeat("•", len(digits))
	}
	return cin[:i] + strings.Repeat("•", len(digits)-3) + digits[len(digits)-3:]
}

// RegNoRule checks registration numbers: opaque digit strings whose pattern
// is configuration (it differs between societies and may change).
type RegNoRule struct{ pattern *regexp.Regexp }

// NewRegNoRule compiles a registration-number pattern. It must only accept
// digit strings, so it is anchored here; the pattern must stand on its own
// too (")(" would otherwise close and reopen the anchoring group).
func NewRegNoRule(pattern string) (RegNoRule, error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return RegNoRule{}, err
	}
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		return RegNoRule{}, err
	}
	return RegNoRule{pattern: re}, nil
}

// Parse normalises (no spaces) and checks a registration number.
func (r RegNoRule) Parse(s string) (string, error) {
	c := compactUpper(s)
	if c == "" {
		return "", NewFieldError("registration_number", KeyRequired)
	}
	if !digitsOnly.MatchString(c) || !r.pattern.MatchString(c) {
		return "", NewFieldError("registration_number", KeyRegNoFormat)
	}
	return c, nil
}

// ParsePPR checks a civil-servant number: exactly 8 digits.
func ParsePPR(s string) (string, error) {
	c := compactUpper(s)
	if c == "" {
		return "", NewFieldError("ppr", KeyRequired)
	}
	if !pprPattern.MatchString(c) {
		return "", NewFieldError("ppr", KeyPPRFormat)
	}
	return c, nil
}

// ParsePhone normalises a Moroccan phone number to E.164 (+2126XXXXXXXX).
// It accepts 06 12 34 56 78, 0612-345678, +212 612345678 and 00212...
// Fixed lines (05) and mobiles (06, 07) only.
func ParsePhone(s string) (string, error) {
	c := strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "\u00a0", "").Replace(strings.TrimSpace(s))
	if c == "" {
		return "", NewFieldError("phone", KeyRequired)
	}
	switch {
	case strings.HasPrefix(c, "00212"):
		c = "+212" + c[5:]
	case strings.HasPrefix(c, "0") && len(c) == 10:
		c = "+212" + c[1:]
	case strings.HasPrefix(c, "212") && len(c) == 12:
		c = "+" + c
	}
	if !phonePattern.MatchString(c) {
		return "", NewFieldError("phone", KeyPhoneFormat)
	}
	return c, nil
}

// IdentifierKind says which identifier a typed query is.
type IdentifierKind string

// The identifiers a lookup recognises.
const (
	KindRegNo IdentifierKind = "registration_number"
	KindCIN   IdentifierKind = "cin"
	KindPPR   IdentifierKind = "ppr"
	KindPhone IdentifierKind = "phone"
)

// Identifier is one reading of a query as an identifier.
type Identifier struct {
	Kind  IdentifierKind
	Value string // normalised
}

// RecogniseIdentifiers returns every identifier kind the query fits, in a
// stable order. Digits can fit several kinds at once (a registration number
// and a PPR, say); the caller looks each one up. An empty result means the
// query is not an identifier (a name, for the search issue).
func RecogniseIdentifiers(query string, regNo RegNoRule) []Identifier {
	var ids []Identifier
	if v, err := regNo.Parse(query); err == nil {
		ids = append(ids, Identifier{KindRegNo, v})
	}
	if v, err := ParseCIN(query); err == nil {
		ids = append(ids, Identifier{KindCIN, v})
	}
	if v, err := ParsePPR(query); err == nil {
		ids = append(ids, Identifier{KindPPR, v})
	}
	if v, err := ParsePhone(query); err == nil {
		ids = append(ids, Identifier{KindPhone, v})
	}
	return ids
}
