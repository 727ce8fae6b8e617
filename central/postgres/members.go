package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/sync/wire"
)

// Member reads a member with the beneficiaries and the current address.
func (r *reader) Member(ctx context.Context, regno string) (wire.Member, bool, error) {
	found, err := r.Members(ctx, []string{regno})
	m, ok := found[regno]
	return m, ok, err
}

// Members reads members, each with the beneficiaries and the current
// address: three queries whatever their number (a feed page names up to a
// thousand), sent in one round trip.
func (r *reader) Members(ctx context.Context, regnos []string) (map[string]wire.Member, error) {
	found := map[string]wire.Member{}
	if len(regnos) == 0 {
		return found, nil
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT regno, society, home_branch, cin, ppr, family_name, given_name, family_name_ar, given_name_ar,
		to_char(birth_date, 'YYYY-MM-DD'), sex, category, email, phone, status, version, long_term_illness
		FROM members WHERE regno = ANY($1)`+r.locking(""), regnos)
	// LATERAL: each member's rows through the member_id index, whatever
	// the planner's statistics say (a freshly loaded table has none, and a
	// hash join over all beneficiaries then costs milliseconds per entry).
	b.Queue(`SELECT m.regno, b.relation, b.family_name, b.given_name, b.family_name_ar, b.given_name_ar,
		to_char(b.birth_date, 'YYYY-MM-DD'), b.sex, b.student, b.disabled
		FROM members m CROSS JOIN LATERAL (SELECT * FROM beneficiaries WHERE member_id = m.id ORDER BY id) b
		WHERE m.regno = ANY($1)`, regnos)
	b.Queue(`SELECT m.regno, a.line1, a.line2, a.quarter, a.city, a.postal_code, a.province, a.line_ar, a.verified,
		a.valid_from FROM members m CROSS JOIN LATERAL (SELECT * FROM addresses
			WHERE member_id = m.id AND valid_to IS NULL ORDER BY id LIMIT 1) a
		WHERE m.regno = ANY($1)`, regnos)
	res := r.tx.SendBatch(ctx, b)
	defer res.Close()

	rows, err := res.Query()
	members, err := collect(rows, err, func(rs pgx.Rows) (m wire.Member, err error) {
		err = rs.Scan(&m.RegNo, &m.Society, &m.HomeBranch, &m.CIN, &m.PPR, &m.FamilyName, &m.GivenName,
			&m.FamilyNameAr, &m.GivenNameAr, &m.BirthDate, &m.Sex, &m.Category, &m.Email, &m.Phone, &m.Status, &m.Version,
			&m.LongTermIllness)
		m.Beneficiaries = []wire.Beneficiary{}
		return m, err
	})
	if err != nil {
		return found, err
	}
	byRegNo := make(map[string]*wire.Member, len(members))
	for i := range members {
		byRegNo[members[i].RegNo] = &members[i]
	}
	rows, err = res.Query()
	err = each(rows, err, func(rs pgx.Rows) error {
		var regno string
		var b wire.Beneficiary
		err := rs.Scan(&regno, &b.Relation, &b.FamilyName, &b.GivenName, &b.FamilyNameAr, &b.GivenNameAr,
			&b.BirthDate, &b.Sex, &b.Student, &b.Disabled)
		if err == nil {
			byRegNo[regno].Beneficiaries = append(byRegNo[regno].Beneficiaries, b)
		}
		return err
	})
	if err != nil {
		return found, err
	}
	rows, err = res.Query()
	err = each(rows, err, func(rs pgx.Rows) error {
		var regno string
		var a wire.Address
		err := rs.Scan(&regno, &a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province, &a.LineAr,
			&a.Verified, &a.ValidFrom)
		if err == nil {
			a.ValidFrom = a.ValidFrom.UTC()
			byRegNo[regno].Address = &a
		}
		return err
	})
	if err != nil {
		return found, err
	}
	for _, m := range members {
		found[m.RegNo] = m
	}
	return found, res.Close()
}

// MemberRegNosByCIN lists the members holding a CIN.
func (r *reader) MemberRegNosByCIN(ctx context.Context, cin string) ([]string, error) {
	rows, err := r.tx.Query(ctx, `SELECT regno FROM members WHERE cin = $1 ORDER BY regno`, cin)
	return collect(rows, err, column[string])
}

// HasMembers reports whether any member is held.
func (r *reader) HasMembers(ctx context.Context) (bool, error) {
	var exists bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM members)`, nil, &exists)
	return exists, err
}

// memberID finds a member's row id.
func (r *reader) memberID(ctx context.Context, regno string) (int64, error) {
	var id int64
	ok, err := r.one(ctx, `SELECT id FROM members WHERE regno = $1`, []any{regno}, &id)
	if err == nil && !ok {
		err = fmt.Errorf("central/postgres: no member %s", regno)
	}
	return id, err
}

// InsertMember adds a member, its beneficiaries (in order) and its current
// address; the statements are held back (pipeline.go).
func (w *writer) InsertMember(ctx context.Context, m wire.Member) error {
	err := w.hold(ctx, `INSERT INTO members (regno, society, home_branch, cin, ppr, family_name, given_name,
		family_name_ar, given_name_ar, birth_date, sex, category, email, phone, status, version, long_term_illness)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::date, $11, $12, $13, $14, $15, $16, $17)`,
		m.RegNo, m.Society, m.HomeBranch, m.CIN, m.PPR, m.FamilyName, m.GivenName, m.FamilyNameAr, m.GivenNameAr,
		m.BirthDate, m.Sex, m.Category, m.Email, m.Phone, m.Status, m.Version, m.LongTermIllness)
	for _, ben := range m.Beneficiaries {
		if err != nil {
			return err
		}
		err = w.hold(ctx, `INSERT INTO beneficiaries (member_id, relation, family_name, given_name, family_name_ar,
			given_name_ar, birth_date, sex, student, disabled)
			SELECT id, $2, $3, $4, $5, $6, $7::text::date, $8, $9, $10 FROM members WHERE regno = $1`,
			m.RegNo, ben.Relation, ben.FamilyName, ben.GivenName, ben.FamilyNameAr, ben.GivenNameAr, ben.BirthDate,
			ben.Sex, ben.Student, ben.Disabled)
	}
	if a := m.Address; a != nil && err == nil {
		err = w.hold(ctx, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code, province, line_ar,
			verified, valid_from) SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM members WHERE regno = $1`,
			m.RegNo, a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, a.Verified, a.ValidFrom)
	}
	return err
}

// ReplaceAddress closes the current address at a.ValidFrom and adds a as
// the current one; the history keeps the old one. An unknown member fails
// the insert (member_id is NOT NULL).
func (w *writer) ReplaceAddress(ctx context.Context, regno string, a wire.Address) error {
	err := w.hold(ctx, `UPDATE addresses SET valid_to = $1
		WHERE member_id = (SELECT id FROM members WHERE regno = $2) AND valid_to IS NULL`, a.ValidFrom, regno)
	if err != nil {
		return err
	}
	return w.hold(ctx, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code, province, line_ar,
		verified, valid_from) VALUES ((SELECT id FROM members WHERE regno = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		regno, a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, a.Verified, a.ValidFrom)
}

// SetMemberVersion sets a member's record version.
func (w *writer) SetMemberVersion(ctx context.Context, regno string, version int64) error {
	err := w.hold(ctx, `UPDATE members SET version = $1 WHERE regno = $2`, version, regno)
	return err
}
