package domain

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func child(birth string, student, disabled bool) Beneficiary {
	return Beneficiary{Relation: RelationChild, BirthDate: Date{day(birth)}, Student: student, Disabled: disabled}
}

func TestEligibilityAtTheAgeBoundaries(t *testing.T) {
	rules := DefaultAgeRules
	cases := []struct {
		name    string
		b       Beneficiary
		on      string
		covered bool
		until   string
		reason  string
	}{
		{"child the day before 21", child("2005-06-15", false, false), "2026-06-14", true, "2026-06-14", ReasonChildUnder},
		{"child on the 21st birthday", child("2005-06-15", false, false), "2026-06-15", false, "2026-06-14", ReasonOverLimit},
		{"student at 21 is still covered", child("2005-06-15", true, false), "2026-06-15", true, "2031-06-14", ReasonStudentUnder},
		{"student the day before 26", child("2000-06-15", true, false), "2026-06-14", true, "2026-06-14", ReasonStudentUnder},
		{"student on the 26th birthday", child("2000-06-15", true, false), "2026-06-15", false, "2026-06-14", ReasonOverLimit},
		{"disabled child of 40", child("1986-01-01", false, true), "2026-06-15", true, "", ReasonDisabled},
		{"29 February birth, common year", child("2004-02-29", false, false), "2025-02-28", true, "2025-02-28", ReasonChildUnder},
		{"29 February birth turns 21 on 1 March", child("2004-02-29", false, false), "2025-03-01", false, "2025-02-28", ReasonOverLimit},
		{"spouse of any age", Beneficiary{Relation: RelationSpouse, BirthDate: Date{day("1950-01-01")}}, "2026-06-15", true, "", ReasonSpouse},
	}
	for _, c := range cases {
		got := BeneficiaryEligibility(c.b, day(c.on), rules)
		until := ""
		if !got.Until.IsZero() {
			until = got.Until.Format(DateLayout)
		}
		if got.Covered != c.covered || until != c.until || got.Reason != c.reason {
			t.Errorf("%s: got covered=%v until=%s reason=%s; want %v %s %s",
				c.name, got.Covered, until, got.Reason, c.covered, c.until, c.reason)
		}
	}
}

func TestEligibilityFollowsConfiguredLimits(t *testing.T) {
	raised := AgeRules{ChildMaxAge: 23, StudentMaxAge: 28}
	b := child("2004-06-15", false, false) // 22 on 2026-06-15
	if BeneficiaryEligibility(b, day("2026-06-15"), DefaultAgeRules).Covered {
		t.Error("22-year-old non-student covered under the 21 rule")
	}
	if !BeneficiaryEligibility(b, day("2026-06-15"), raised).Covered {
		t.Error("22-year-old not covered under a 23 rule")
	}
}

func TestAgeOn(t *testing.T) {
	b := Date{day("1961-03-10")}
	if AgeOn(b, day("2026-03-09")) != 64 || AgeOn(b, day("2026-03-10")) != 65 {
		t.Error("age must change on the birthday itself")
	}
}
