package domain

import (
	"reflect"
	"testing"
)

func TestParseCIN(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"A123456", "A123456", true},
		{" be 789012 ", "BE789012", true},
		{"bk1", "BK1", true},
		{"AB 12 34 56", "AB123456", true},
		{"", "", false},
		{"123456", "", false},     // no letter
		{"ABC12345", "", false},   // three letters
		{"A1234567", "", false},   // seven digits
		{"A12B45", "", false},     // letter among digits
		{"É123456", "", false},    // not ASCII
		{"A\x1b[31m1", "", false}, // escape sequence
		{"AB", "", false},         // no digit
	}
	for _, c := range cases {
		got, err := ParseCIN(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseCIN(%q) = %q, %v; want %q ok=%v", c.in, got, err, c.want, c.ok)
		}
		if err != nil {
			if fe, ok := AsFieldError(err); !ok || fe.Field != "cin" {
				t.Errorf("ParseCIN(%q): error %v does not name the cin field", c.in, err)
			}
		}
	}
}

func TestMaskCIN(t *testing.T) {
	for in, want := range map[string]string{"A123456": "A•••456", "BE789012": "BE•••012", "K12": "K••", "AB1234": "AB•234"} {
		if got := MaskCIN(in); got != want {
			t.Errorf("MaskCIN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegNoRuleUsesConfiguredPattern(t *testing.T) {
	rule, err := NewRegNoRule("[0-9]{9}")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rule.Parse(" 123 456 789 "); err != nil || got != "123456789" {
		t.Errorf("Parse = %q, %v", got, err)
	}
	for _, bad := range []string{"12345678", "1234567890", "12345678a", "", "1|2"} {
		if _, err := rule.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	// A pattern that would match letters still accepts digits only.
	loose, _ := NewRegNoRule(".+")
	if _, err := loose.Parse("ABC"); err == nil {
		t.Error("registration numbers are digit strings whatever the pattern")
	}
	for _, broken := range []string{"[0-9", ")|(", "[0-9]{9})|(.*"} {
		if _, err := NewRegNoRule(broken); err == nil {
			t.Errorf("a broken pattern %q must be refused", broken)
		}
	}
}

func TestParsePPRAndPhone(t *testing.T) {
	if got, err := ParsePPR("1234 5678"); err != nil || got != "12345678" {
		t.Errorf("PPR = %q, %v", got, err)
	}
	for _, bad := range []string{"1234567", "123456789", "1234567a"} {
		if _, err := ParsePPR(bad); err == nil {
			t.Errorf("ParsePPR(%q) accepted", bad)
		}
	}
	phones := map[string]string{
		"06 12 34 56 78":     "+212612345678",
		"0712-345678":        "+212712345678",
		"+212 5 37 12 34 56": "+212537123456",
		"00212612345678":     "+212612345678",
		"212612345678":       "+212612345678",
	}
	for in, want := range phones {
		if got, err := ParsePhone(in); err != nil || got != want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"0812345678", "061234567", "+33612345678", "06123456789", "phone"} {
		if _, err := ParsePhone(bad); err == nil {
			t.Errorf("ParsePhone(%q) accepted", bad)
		}
	}
}

func TestRecogniseIdentifiers(t *testing.T) {
	rule, _ := NewRegNoRule("[0-9]{6,12}")
	cases := []struct {
		in   string
		want []Identifier
	}{
		{"123456789", []Identifier{{KindRegNo, "123456789"}}},
		{"12345678", []Identifier{{KindRegNo, "12345678"}, {KindPPR, "12345678"}}},
		{"ab123456", []Identifier{{KindCIN, "AB123456"}}},
		{"0612345678", []Identifier{{KindRegNo, "0612345678"}, {KindPhone, "+212612345678"}}},
		{"+212612345678", []Identifier{{KindPhone, "+212612345678"}}},
		{"alaoui", nil},
		{"12", nil},
	}
	for _, c := range cases {
		if got := RecogniseIdentifiers(c.in, rule); !reflect.DeepEqual(got, c.want) {
			t.Errorf("RecogniseIdentifiers(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
