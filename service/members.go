package service

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// maxQueryLen bounds what the lookup box accepts.
const maxQueryLen = 100

// Match is one member a lookup found, with the identifier kind it matched.
type Match struct {
	Kind   domain.IdentifierKind
	Member MemberSummary
}

// MemberSummary is what a result list shows: enough to tell homonyms
// apart, with the CIN masked.
type MemberSummary struct {
	ID           int64
	RegNo        string
	FamilyName   string
	GivenName    string
	FamilyNameAr string
	GivenNameAr  string
	BirthDate    domain.Date
	MaskedCIN    string
	SocietyCode  string
	City         string // of the current address
	Status       domain.MemberStatus
}

// LookupResult is the outcome of one executed lookup.
type LookupResult struct {
	Query   string
	Matches []Match
}

// Lookup finds members by registration number, CIN, PPR or phone. A query
// that is none of these is refused with a field error (name search plugs in
// here). Every executed lookup is audited with the members it showed, even
// when it found none.
func (s *Service) Lookup(ctx context.Context, sess Session, query string) (LookupResult, error) {
	if err := authorize(sess, domain.ActionSearch); err != nil {
		return LookupResult{}, err
	}
	q, err := domain.RequireText("query", query, maxQueryLen)
	if err != nil {
		return LookupResult{}, err
	}
	ids := domain.RecogniseIdentifiers(q, s.policy.RegNo)
	if len(ids) == 0 {
		return LookupResult{}, domain.NewFieldError("query", domain.KeyLookupUnrecognised)
	}
	res := LookupResult{Query: q}
	kinds, shown := []string{}, []string{}
	for _, id := range ids {
		kinds = append(kinds, string(id.Kind))
		members, err := s.db.MembersByIdentifier(ctx, id, s.policy.ResultRows)
		if err != nil {
			return LookupResult{}, err
		}
		for _, m := range members {
			res.Matches = append(res.Matches, Match{Kind: id.Kind, Member: summarise(m)})
			shown = append(shown, m.RegNo)
		}
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditLookup, "",
			map[string]any{"query": q, "kinds": kinds, "shown": shown})
	})
	return res, err
}

func summarise(m store.MemberRow) MemberSummary {
	return MemberSummary{
		ID: m.ID, RegNo: m.RegNo, FamilyName: m.FamilyName, GivenName: m.GivenName,
		FamilyNameAr: m.FamilyNameAr, GivenNameAr: m.GivenNameAr, BirthDate: m.BirthDate,
		MaskedCIN: domain.MaskCIN(m.CIN), SocietyCode: m.SocietyCode, City: m.City, Status: m.Status,
	}
}

// BeneficiaryView is a beneficiary with age and cover on today's date.
type BeneficiaryView struct {
	domain.Beneficiary
	Age         int
	Eligibility domain.Eligibility
}

// MemberFile is the member file screen's content. The CIN is in full: only
// agents and supervisors may open it.
type MemberFile struct {
	Member        domain.Member
	Age           int
	Beneficiaries []BeneficiaryView
	Current       *domain.Address  // nil when the member has no current address
	History       []domain.Address // former addresses, newest first
	AsOf          time.Time
}

// MemberFile opens a member's file and audits the view.
func (s *Service) MemberFile(ctx context.Context, sess Session, memberID int64) (MemberFile, error) {
	if err := authorize(sess, domain.ActionViewMember); err != nil {
		return MemberFile{}, err
	}
	f, err := s.db.MemberFile(ctx, memberID)
	if err != nil {
		return MemberFile{}, err
	}
	today := s.today()
	out := MemberFile{Member: f.Member, Age: domain.AgeOn(f.Member.BirthDate, today), AsOf: today}
	for _, b := range f.Beneficiaries {
		out.Beneficiaries = append(out.Beneficiaries, BeneficiaryView{
			Beneficiary: b,
			Age:         domain.AgeOn(b.BirthDate, today),
			Eligibility: domain.BeneficiaryEligibility(b, today, s.policy.AgeRules),
		})
	}
	for i := range f.Addresses {
		s.inMembersZone(&f.Addresses[i])
		if f.Addresses[i].ValidTo == nil && out.Current == nil {
			out.Current = &f.Addresses[i]
		} else {
			out.History = append(out.History, f.Addresses[i])
		}
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditViewMember, f.Member.RegNo, nil)
	})
	return out, err
}

// inMembersZone shows an address's validity in the members' time zone, so
// its dates read as the member lived them.
func (s *Service) inMembersZone(a *domain.Address) {
	a.ValidFrom = a.ValidFrom.In(s.policy.Location)
	if a.ValidTo != nil {
		to := a.ValidTo.In(s.policy.Location)
		a.ValidTo = &to
	}
}
