package domain

import (
	"errors"
	"strings"
	"testing"
)

func validAddress() AddressInput {
	return AddressInput{Line1: "12 Rue Ibn Sina", Line2: "Appt 4", Quarter: "Agdal", City: "Rabat",
		PostalCode: "10090", Province: "Rabat", LineAr: "12 زنقة ابن سينا، أكدال"}
}

func TestValidateAddressCleansAndWarns(t *testing.T) {
	in := validAddress()
	in.Line1 = "  12   Rue  Ibn Sina "
	out, warnings, err := ValidateAddress(in)
	if err != nil || len(warnings) != 0 || out.Line1 != "12 Rue Ibn Sina" {
		t.Fatalf("%+v %v %v", out, warnings, err)
	}
	in.City, in.PostalCode = "fès", "10000"
	_, warnings, err = ValidateAddress(in)
	if err != nil || len(warnings) != 1 || warnings[0].Key != KeyPostalCodeCity || warnings[0].Args[0] != "Fès" {
		t.Errorf("postal code of another city: %+v %v", warnings, err)
	}
	in.City = "Tafraout" // not in the reference list: no opinion on its code
	if _, warnings, _ := ValidateAddress(in); len(warnings) != 0 {
		t.Errorf("unlisted city warned: %+v", warnings)
	}
	if c := CitySuggestions("casa", 5); len(c) != 1 || c[0].Name != "Casablanca" {
		t.Errorf("suggestions %+v", c)
	}
}

func TestValidateAddressRefusesBadInput(t *testing.T) {
	long := strings.Repeat("a", 10*1024)
	cases := []struct {
		field string
		set   func(*AddressInput)
	}{
		{"line1", func(a *AddressInput) { a.Line1 = "" }},
		{"line1", func(a *AddressInput) { a.Line1 = "   " }},
		{"line1", func(a *AddressInput) { a.Line1 = long }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue\x1b[31m rouge" }},
		{"line1", func(a *AddressInput) { a.Line1 = "\x1b]0;title\x07" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue\x00" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue\nIbn Sina" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue\tIbn" }},
		{"line1", func(a *AddressInput) { a.Line1 = "bad \xff utf8" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue <script>" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue; DROP TABLE members" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue \u202eevil" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 زنقة" }},
		{"line1", func(a *AddressInput) { a.Line1 = "12 Rue @home" }},
		{"line1", func(a *AddressInput) { a.Line1 = "Улица 12" }},
		{"line1", func(a *AddressInput) { a.Line1 = strings.Repeat("é", 101) }},
		{"line2", func(a *AddressInput) { a.Line2 = long }},
		{"line2", func(a *AddressInput) { a.Line2 = "\x1b[2J" }},
		{"line2", func(a *AddressInput) { a.Line2 = "Appt $4" }},
		{"line2", func(a *AddressInput) { a.Line2 = "Appt\r4" }},
		{"quarter", func(a *AddressInput) { a.Quarter = long }},
		{"quarter", func(a *AddressInput) { a.Quarter = "Agdal\x9b" }},
		{"quarter", func(a *AddressInput) { a.Quarter = "أكدال" }},
		{"quarter", func(a *AddressInput) { a.Quarter = "Agdal%20" }},
		{"city", func(a *AddressInput) { a.City = "" }},
		{"city", func(a *AddressInput) { a.City = strings.Repeat("x", 61) }},
		{"city", func(a *AddressInput) { a.City = "Rabat\x07" }},
		{"city", func(a *AddressInput) { a.City = "الرباط" }},
		{"city", func(a *AddressInput) { a.City = "Rabat|Salé" }},
		{"province", func(a *AddressInput) { a.Province = long }},
		{"province", func(a *AddressInput) { a.Province = "Rabat\x1b" }},
		{"province", func(a *AddressInput) { a.Province = "Rabat*" }},
		{"line_ar", func(a *AddressInput) { a.LineAr = strings.Repeat("ب", 151) }},
		{"line_ar", func(a *AddressInput) { a.LineAr = "12 Rue Ibn Sina" }},
		{"line_ar", func(a *AddressInput) { a.LineAr = "زنقة\x1b[31m" }},
		{"line_ar", func(a *AddressInput) { a.LineAr = "زنقة \u202e" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "1000" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "100000" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "10 000" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "ABCDE" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "１００００" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "10000\x00" }},
		{"postal_code", func(a *AddressInput) { a.PostalCode = "-1000" }},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d bad addresses", len(cases))
	}
	for i, c := range cases {
		in := validAddress()
		c.set(&in)
		_, _, err := ValidateAddress(in)
		fe, ok := AsFieldError(err)
		if !ok || fe.Field != c.field {
			t.Errorf("case %d: %v, want a field error on %s", i, err, c.field)
			continue
		}
		// Escape sequences and control characters are refused as such,
		// not by accident of another rule.
		v := in.Line1 + in.Line2 + in.Quarter + in.City + in.Province + in.LineAr + in.PostalCode
		if strings.ContainsAny(v, "\x1b\x00\x07\n\r\t\u202e") && c.field != "postal_code" && fe.Key != KeyControlChars {
			t.Errorf("case %d: key %s, want %s", i, fe.Key, KeyControlChars)
		}
	}
}

func TestMakerCheckerRules(t *testing.T) {
	req := PendingRequest{RequestedBy: "amina", Branch: "RAB01", State: RequestPending, BaseVersion: 3}
	super := Actor{Username: "karim", Role: RoleSupervisor, Branch: "RAB01"}
	cases := []struct {
		actor   Actor
		req     PendingRequest
		version int64
		want    error
	}{
		{super, req, 3, nil},
		{Actor{Username: "amina", Role: RoleSupervisor, Branch: "RAB01"}, req, 3, ErrOwnRequest},
		{Actor{Username: "amina", Role: RoleAgent, Branch: "RAB01"}, req, 3, ErrForbidden},
		{Actor{Username: "root", Role: RoleAdmin}, req, 3, ErrForbidden},
		{Actor{Username: "karim", Role: RoleSupervisor, Branch: "CAS01"}, req, 3, ErrWrongBranch},
		{Actor{Username: "karim", Role: RoleSupervisor}, req, 3, ErrWrongBranch},
		{super, PendingRequest{RequestedBy: "amina", Branch: "RAB01", State: RequestApproved, BaseVersion: 3}, 3, ErrNotPending},
		{super, req, 4, ErrVersionConflict},
	}
	for i, c := range cases {
		if err := CanApprove(c.actor, c.req, c.version); err != c.want && (err == nil || c.want == nil || err.Error() != c.want.Error()) {
			t.Errorf("case %d: %v, want %v", i, err, c.want)
		}
	}
	if CanDecide(super, req) != nil {
		t.Error("a rejection needs no version match")
	}
	if err := CanDecide(Actor{Username: "karim", Role: RoleSupervisor, Branch: "CAS01"}, req); err != ErrWrongBranch {
		t.Errorf("another branch's supervisor rejects: %v", err)
	}
	amina := Actor{Username: "amina", Role: RoleAgent, Branch: "RAB01"}
	if CanCancel(super, req) == nil || CanCancel(amina, req) != nil {
		t.Error("only the requester cancels")
	}
	if amina.Branch = "CAS01"; CanCancel(amina, req) != ErrWrongBranch {
		t.Error("the requester moved to another branch cancels there")
	}
	agent := Actor{Username: "amina", Role: RoleAgent}
	if CanGrantException(agent, Actor{Username: "amina", Role: RoleSupervisor}) == nil ||
		CanGrantException(agent, Actor{Username: "omar", Role: RoleAgent}) == nil ||
		CanGrantException(agent, super) != nil {
		t.Error("an exception needs another person with the supervisor role")
	}
	if got := RequestReference("RAB01", day("2026-11-25"), 12); got != "RAB01-20261125-12" {
		t.Errorf("reference %s", got)
	}
}

func TestAddressInputKeepsEveryPostalField(t *testing.T) {
	a := Address{ID: 7, Line1: "l1", Line2: "l2", Quarter: "q", City: "c", PostalCode: "p", Province: "pr", LineAr: "ar",
		Verified: true, ValidFrom: day("2026-01-02")}
	want := AddressInput{Line1: "l1", Line2: "l2", Quarter: "q", City: "c", PostalCode: "p", Province: "pr", LineAr: "ar"}
	if got := a.Input(); got != want {
		t.Errorf("Input() = %+v, want %+v", got, want)
	}
}

func TestGrantException(t *testing.T) {
	agent := Actor{Username: "amina", Role: RoleAgent, Branch: "RAB01"}
	missing := []string{EvidenceSignedForm}
	found := func(a Actor) func() (Actor, error) { return func() (Actor, error) { return a, nil } }
	omar := Actor{Username: "omar", Role: RoleSupervisor}

	asked := false
	_, err := GrantException(agent, "  ", missing, func() (Actor, error) { asked = true; return omar, nil })
	if fe, ok := AsFieldError(err); !ok || fe.Field != "reason" || fe.Key != KeyRequired || asked {
		t.Errorf("empty reason: %v, second person asked %v", err, asked)
	}
	if _, err := GrantException(agent, strings.Repeat("x", MaxReasonLen+1), missing, found(omar)); err == nil {
		t.Error("an over-long reason is accepted")
	}
	if _, err := GrantException(agent, "ok", missing, func() (Actor, error) { return Actor{}, ErrBadCredentials }); err != ErrBadCredentials {
		t.Errorf("a failed sign-in: %v", err)
	}
	if _, err := GrantException(agent, "ok", missing, found(Actor{Username: "amina", Role: RoleSupervisor})); err != ErrSecondPersonSame {
		t.Errorf("the actor grants their own: %v", err)
	}
	if _, err := GrantException(agent, "ok", missing, found(Actor{Username: "sara", Role: RoleAgent})); err != ErrForbidden {
		t.Errorf("an agent grants: %v", err)
	}
	ex, err := GrantException(agent, " form to follow ", missing, found(omar))
	if err != nil || ex.GrantedBy != "omar" || ex.Reason != "form to follow" || len(ex.Missing) != 1 || ex.Missing[0] != EvidenceSignedForm {
		t.Errorf("granted: %+v, %v", ex, err)
	}
	if err := EvidenceMissing(missing); !errors.Is(err, ErrEvidenceMissing) || !strings.Contains(err.Error(), EvidenceSignedForm) {
		t.Errorf("no consent: %v", err)
	}
}
