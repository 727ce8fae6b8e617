package main

import (
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// The JSON shapes of `members show --json`: snake_case, stable, dates as
// YYYY-MM-DD.

type memberJSON struct {
	RegistrationNumber string            `json:"registration_number"`
	CIN                string            `json:"cin"`
	PPR                string            `json:"ppr"`
	Society            map[string]string `json:"society"`
	HomeBranch         string            `json:"home_branch"`
	FamilyName         string            `json:"family_name"`
	GivenName          string            `json:"given_name"`
	FamilyNameAr       string            `json:"family_name_ar"`
	GivenNameAr        string            `json:"given_name_ar"`
	BirthDate          string            `json:"birth_date"`
	Age                int               `json:"age"`
	Sex                string            `json:"sex"`
	Category           string            `json:"category"`
	Status             string            `json:"status"`
	Email              string            `json:"email"`
	Phone              string            `json:"phone"`
	Version            int64             `json:"version"`
	Beneficiaries      []beneficiaryJSON `json:"beneficiaries"`
	Address            *addressJSON      `json:"address"`
	AddressHistory     []addressJSON     `json:"address_history"`

	// LongTermIllness (ALD) is health data: only the member file has it.
	LongTermIllness bool `json:"long_term_illness"`
}

type beneficiaryJSON struct {
	Relation     string `json:"relation"`
	FamilyName   string `json:"family_name"`
	GivenName    string `json:"given_name"`
	FamilyNameAr string `json:"family_name_ar"`
	GivenNameAr  string `json:"given_name_ar"`
	BirthDate    string `json:"birth_date"`
	Age          int    `json:"age"`
	Student      bool   `json:"student"`
	Disabled     bool   `json:"disabled"`
	Covered      bool   `json:"covered"`
	CoveredUntil string `json:"covered_until,omitempty"`
	Eligibility  string `json:"eligibility"`
}

// addressJSON is a member's address: its postal fields as a request shows
// them, then its history.
type addressJSON struct {
	newAddressJSON
	Verified  bool   `json:"verified"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to,omitempty"`
}

type matchJSON struct {
	MatchedAs          string `json:"matched_as"`
	RegistrationNumber string `json:"registration_number"`
	FamilyName         string `json:"family_name"`
	GivenName          string `json:"given_name"`
	BirthDate          string `json:"birth_date"`
	CINMasked          string `json:"cin_masked"`
	Society            string `json:"society"`
}

func memberFileJSON(f service.MemberFile) memberJSON {
	m := f.Member
	out := memberJSON{
		RegistrationNumber: m.RegNo, CIN: m.CIN, PPR: m.PPR,
		Society:    map[string]string{"code": m.SocietyCode, "name": m.SocietyName},
		HomeBranch: m.HomeBranch, FamilyName: m.FamilyName, GivenName: m.GivenName,
		FamilyNameAr: m.FamilyNameAr, GivenNameAr: m.GivenNameAr, BirthDate: m.BirthDate.String(),
		Age: f.Age, Sex: m.Sex, Category: string(m.Category), Status: string(m.Status),
		Email: m.Email, Phone: m.Phone, Version: m.Version, LongTermIllness: m.LongTermIllness,
		Beneficiaries: []beneficiaryJSON{}, AddressHistory: []addressJSON{},
	}
	for _, b := range f.Beneficiaries {
		bj := beneficiaryJSON{
			Relation: string(b.Relation), FamilyName: b.FamilyName, GivenName: b.GivenName,
			FamilyNameAr: b.FamilyNameAr, GivenNameAr: b.GivenNameAr, BirthDate: b.BirthDate.String(),
			Age: b.Age, Student: b.Student, Disabled: b.Disabled,
			Covered: b.Eligibility.Covered, Eligibility: b.Eligibility.Reason,
		}
		if !b.Eligibility.Until.IsZero() {
			bj.CoveredUntil = b.Eligibility.Until.Format(domain.DateLayout)
		}
		out.Beneficiaries = append(out.Beneficiaries, bj)
	}
	if f.Current != nil {
		a := addressToJSON(*f.Current)
		out.Address = &a
	}
	for _, a := range f.History {
		out.AddressHistory = append(out.AddressHistory, addressToJSON(a))
	}
	return out
}

func addressToJSON(a domain.Address) addressJSON {
	out := addressJSON{newAddressJSON: newAddressJSON(a.Input()), Verified: a.Verified,
		ValidFrom: a.ValidFrom.Format(domain.DateLayout)}
	if a.ValidTo != nil {
		out.ValidTo = a.ValidTo.Format(domain.DateLayout)
	}
	return out
}

func matchesJSON(ms []service.Match) []matchJSON {
	out := make([]matchJSON, len(ms))
	for i, m := range ms {
		s := m.Member
		out[i] = matchJSON{string(m.Kind), s.RegNo, s.FamilyName, s.GivenName, s.BirthDate.String(), s.MaskedCIN, s.SocietyCode}
	}
	return out
}
