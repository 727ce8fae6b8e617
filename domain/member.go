package domain

import "time"

// Category is what kind of insured member someone is; it is independent of
// Status (a retiree is an active member).
type Category string

// Member categories.
const (
	CategoryActive  Category = "active"
	CategoryRetired Category = "retired"
	CategoryStudent Category = "student"
)

// MemberStatus is the state of a member's file.
type MemberStatus string

// Member statuses.
const (
	StatusActive    MemberStatus = "active"
	StatusSuspended MemberStatus = "suspended"
	StatusClosed    MemberStatus = "closed"
)

// Relation is how a beneficiary is related to the member.
type Relation string

// Beneficiary relations.
const (
	RelationSpouse Relation = "spouse"
	RelationChild  Relation = "child"
)

// Date is a calendar date with no time of day (birth dates, validity).
type Date struct{ time.Time }

// DateLayout is how dates are stored and exchanged.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date for the named field.
func ParseDate(field, s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, NewFieldError(field, KeyDateFormat)
	}
	return Date{t}, nil
}

func (d Date) String() string { return d.Format(DateLayout) }

// Member is an insured member's identity as the counter sees it.
type Member struct {
	ID           int64
	RegNo        string
	SocietyCode  string
	SocietyName  string
	HomeBranch   string
	CIN          string
	PPR          string
	FamilyName   string
	GivenName    string
	FamilyNameAr string
	GivenNameAr  string
	BirthDate    Date
	Sex          string
	Category     Category
	Email        string
	Phone        string
	Status       MemberStatus
	Version      int64
	// LongTermIllness (ALD, affection de longue durée) is health data
	// (Law 09-08): only the member file shows it, to agents and
	// supervisors; no other screen's or output's model carries it.
	LongTermIllness bool
}

// Beneficiary is a spouse or child covered through a member.
type Beneficiary struct {
	ID           int64
	Relation     Relation
	FamilyName   string
	GivenName    string
	FamilyNameAr string
	GivenNameAr  string
	BirthDate    Date
	Sex          string
	Student      bool
	Disabled     bool
}

// Address is one postal address of a member; the current one has no
// ValidTo. Only an approved address is Verified.
type Address struct {
	ID         int64
	Line1      string
	Line2      string
	Quarter    string
	City       string
	PostalCode string
	Province   string
	LineAr     string
	Verified   bool
	ValidFrom  time.Time
	ValidTo    *time.Time
}

// Input is the address's postal fields, without its history: what a change
// proposes and what two records compare.
func (a Address) Input() AddressInput {
	return AddressInput{Line1: a.Line1, Line2: a.Line2, Quarter: a.Quarter, City: a.City,
		PostalCode: a.PostalCode, Province: a.Province, LineAr: a.LineAr}
}

// AgeOn returns a person's age in whole years on a given day.
func AgeOn(birth Date, day time.Time) int {
	y, m, d := day.Date()
	age := y - birth.Year()
	if m < birth.Month() || (m == birth.Month() && d < birth.Day()) {
		age--
	}
	return age
}
