package domain

import "time"

// AgeRules are the configured limits of a child's cover. A reform may raise
// them, so they come from configuration, never from code.
type AgeRules struct {
	ChildMaxAge   int // cover ends on this birthday
	StudentMaxAge int // ... or on this one while studying
}

// DefaultAgeRules are the limits in force: 21, or 26 while studying.
var DefaultAgeRules = AgeRules{ChildMaxAge: 21, StudentMaxAge: 26}

// Eligibility is whether a beneficiary is covered on a day, and until when.
type Eligibility struct {
	Covered bool
	// Until is the last covered day; zero when cover has no age limit.
	Until time.Time
	// Reason is a message key explaining the decision.
	Reason string
}

// Eligibility reason keys.
const (
	ReasonSpouse       = "elig.spouse"
	ReasonDisabled     = "elig.disabled"
	ReasonChildUnder   = "elig.child_under_limit"
	ReasonStudentUnder = "elig.student_under_limit"
	ReasonOverLimit    = "elig.over_limit"
)

// BeneficiaryEligibility applies the age rules on the given day: a spouse is
// covered; a disabled child has no age limit; a child is covered until the
// day before the ChildMaxAge birthday, or the StudentMaxAge one while a
// student.
func BeneficiaryEligibility(b Beneficiary, day time.Time, rules AgeRules) Eligibility {
	switch {
	case b.Relation == RelationSpouse:
		return Eligibility{Covered: true, Reason: ReasonSpouse}
	case b.Disabled:
		return Eligibility{Covered: true, Reason: ReasonDisabled}
	}
	limit, reason := rules.ChildMaxAge, ReasonChildUnder
	if b.Student && rules.StudentMaxAge > limit {
		limit, reason = rules.StudentMaxAge, ReasonStudentUnder
	}
	until := birthday(b.BirthDate, limit).AddDate(0, 0, -1)
	if AgeOn(b.BirthDate, day) >= limit {
		return Eligibility{Covered: false, Until: until, Reason: ReasonOverLimit}
	}
	return Eligibility{Covered: true, Until: until, Reason: reason}
}

// birthday returns the day someone turns age; 29 February births turn on
// 1 March in common years, as time.Date normalises.
func birthday(birth Date, age int) time.Time {
	return time.Date(birth.Year()+age, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
}
