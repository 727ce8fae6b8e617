package demo

import (
	"errors"
	"fmt"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// Population yields the demo population as the centre holds it: the same
// members as Seed writes for the same options (same generator, same
// order), each with its beneficiaries and current address, at version 1.
// It stops at the first error yield returns. The demo centre is seeded from
// it, and benchmarks can provision from it.
func Population(opts Options, yield func(wire.Member) error) error {
	switch {
	case opts.Members < 0 || opts.Members > MaxMembers:
		return fmt.Errorf("demo: members must be between 0 and %d, not %d", MaxMembers, opts.Members)
	case opts.Now.IsZero():
		return errors.New("demo: Options.Now is required")
	}
	t, err := loadTables()
	if err != nil {
		return fmt.Errorf("demo: reference data: %w", err)
	}
	g := newGenerator(t, opts.Seed, opts.Now)
	for i := range opts.Members {
		if err := yield(g.member(i).wire()); err != nil {
			return err
		}
	}
	return nil
}

// wire converts a generated member (whose buffers the generator reuses)
// into a record of its own.
func (m *member) wire() wire.Member {
	w := wire.Member{
		RegNo: m.regno, Society: m.society, HomeBranch: m.branch, CIN: m.cin, PPR: m.ppr,
		FamilyName: m.family.latin, GivenName: m.given.latin, FamilyNameAr: m.family.arabic,
		GivenNameAr: m.given.arabic, BirthDate: m.birth.Format(domain.DateLayout), Sex: m.sex,
		Category: m.category, Email: m.email, Phone: m.phone, Status: m.status, Version: 1,
		LongTermIllness: m.longTermIllness,
		Beneficiaries:   make([]wire.Beneficiary, len(m.beneficiaries)),
	}
	for i, b := range m.beneficiaries {
		w.Beneficiaries[i] = wire.Beneficiary{Relation: b.relation, FamilyName: b.family.latin,
			GivenName: b.given.latin, FamilyNameAr: b.family.arabic, GivenNameAr: b.given.arabic,
			BirthDate: b.birth.Format(domain.DateLayout), Sex: b.sex, Student: b.student, Disabled: b.disabled}
	}
	if n := len(m.addresses); n > 0 {
		a := m.addresses[n-1] // oldest first: the last is current
		w.Address = &wire.Address{AddressInput: domain.AddressInput{Line1: a.line1, Line2: a.line2,
			Quarter: a.quarter, City: a.city, PostalCode: a.postal, Province: a.province, LineAr: a.lineAr},
			Verified: a.verified, ValidFrom: a.from.UTC()}
	}
	return w
}
