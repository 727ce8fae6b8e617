package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/cnops/guichet/sync/wire"
)

// Most members a pull brings back changed only their address, version or
// status (this console's own approvals coming back, issue 7). Rewriting
// their beneficiaries and search rows then costs most of the page: the
// full-text index flushes at every statement that touches it. So
// upsertMember compares with what is stored first.

// indexedFields are a member's own fields the search rows are made of
// (personSelect), the current address's city included.
type indexedFields struct {
	family, given, familyAr, givenAr, birth, society, city string
}

// storedMember is what upsertMember compares an incoming member with.
type storedMember struct {
	found         bool
	indexed       indexedFields
	beneficiaries []wire.Beneficiary
}

// storedMemberByRegNo reads the stored member's indexed fields and
// beneficiaries (in their order); found is false for a new member.
func (t *Tx) storedMemberByRegNo(ctx context.Context, regno string) (storedMember, error) {
	var s storedMember
	var id int64
	f := &s.indexed
	err := t.tx.QueryRowContext(ctx, `SELECT m.id, m.family_name, m.given_name, m.family_name_ar, m.given_name_ar,
		m.birth_date, m.society_code, coalesce(a.city, '')
		FROM members m LEFT JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.regno = ?`, regno).Scan(&id, &f.family, &f.given, &f.familyAr, &f.givenAr, &f.birth, &f.society, &f.city)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	s.found = true
	rows, err := t.tx.QueryContext(ctx, `SELECT relation, family_name, given_name, family_name_ar, given_name_ar,
		birth_date, sex, student, disabled FROM beneficiaries WHERE member_id = ? ORDER BY id`, id)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var b wire.Beneficiary
		if err := rows.Scan(&b.Relation, &b.FamilyName, &b.GivenName, &b.FamilyNameAr, &b.GivenNameAr, &b.BirthDate,
			&b.Sex, &b.Student, &b.Disabled); err != nil {
			return s, err
		}
		s.beneficiaries = append(s.beneficiaries, b)
	}
	return s, rows.Err()
}

// sameBeneficiaries: the stored rows can stay (and their search rows).
func (s storedMember) sameBeneficiaries(m wire.Member) bool {
	return s.found && slices.Equal(s.beneficiaries, m.Beneficiaries)
}

// sameSearchRows: nothing the search rows are made of changed.
func (s storedMember) sameSearchRows(m wire.Member) bool {
	city := ""
	if m.Address != nil {
		city = m.Address.City
	}
	return s.sameBeneficiaries(m) && s.indexed == indexedFields{m.FamilyName, m.GivenName, m.FamilyNameAr,
		m.GivenNameAr, m.BirthDate, m.Society, city}
}
