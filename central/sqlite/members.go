package sqlite

import (
	"context"
	"fmt"

	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// Member reads a member with the beneficiaries and the current address.
func (r *reader) Member(ctx context.Context, regno string) (wire.Member, bool, error) {
	found, err := r.Members(ctx, []string{regno})
	m, ok := found[regno]
	return m, ok, err
}

// Members reads members, each with the beneficiaries and the current
// address, in three queries whatever their number (a feed page names up
// to a thousand).
func (r *reader) Members(ctx context.Context, regnos []string) (map[string]wire.Member, error) {
	found := map[string]wire.Member{}
	if len(regnos) == 0 {
		return found, nil
	}
	type row struct {
		id int64
		m  wire.Member
	}
	rows, err := r.query(ctx, `SELECT id, regno, society, home_branch, cin, ppr, family_name, given_name,
		family_name_ar, given_name_ar, birth_date, sex, category, email, phone, status, version, long_term_illness
		FROM members WHERE regno IN (SELECT value FROM json_each(?))`, jsonList(regnos))
	members, err := sqlitedb.Collect(func(rs sqlitedb.Scanner) (x row, err error) {
		m := &x.m
		err = rs.Scan(&x.id, &m.RegNo, &m.Society, &m.HomeBranch, &m.CIN, &m.PPR, &m.FamilyName, &m.GivenName,
			&m.FamilyNameAr, &m.GivenNameAr, &m.BirthDate, &m.Sex, &m.Category, &m.Email, &m.Phone, &m.Status, &m.Version,
			&m.LongTermIllness)
		m.Beneficiaries = []wire.Beneficiary{}
		return x, err
	})(rows, err)
	if err != nil || len(members) == 0 {
		return found, err
	}
	byID := make(map[int64]*wire.Member, len(members))
	ids := make([]int64, len(members))
	for i := range members {
		byID[members[i].id], ids[i] = &members[i].m, members[i].id
	}
	rows, err = r.query(ctx, `SELECT member_id, relation, family_name, given_name, family_name_ar, given_name_ar,
		birth_date, sex, student, disabled FROM beneficiaries WHERE member_id IN (SELECT value FROM json_each(?))
		ORDER BY id`, jsonList(ids))
	err = sqlitedb.Each(rows, err, func(rs sqlitedb.Scanner) error {
		var id int64
		var b wire.Beneficiary
		err := rs.Scan(&id, &b.Relation, &b.FamilyName, &b.GivenName, &b.FamilyNameAr, &b.GivenNameAr,
			&b.BirthDate, &b.Sex, &b.Student, &b.Disabled)
		if err == nil {
			byID[id].Beneficiaries = append(byID[id].Beneficiaries, b)
		}
		return err
	})
	if err != nil {
		return found, err
	}
	rows, err = r.query(ctx, `SELECT member_id, line1, line2, quarter, city, postal_code, province, line_ar, verified,
		valid_from FROM addresses WHERE valid_to IS NULL AND member_id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	err = sqlitedb.Each(rows, err, func(rs sqlitedb.Scanner) error {
		var id int64
		var a wire.Address
		var from string
		err := rs.Scan(&id, &a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province, &a.LineAr,
			&a.Verified, &from)
		if err == nil {
			a.ValidFrom, err = sqlitedb.ParseTime(from)
			byID[id].Address = &a
		}
		return err
	})
	if err != nil {
		return found, err
	}
	for _, x := range members {
		found[x.m.RegNo] = x.m
	}
	return found, nil
}

// MemberRegNosByCIN lists the members holding a CIN.
func (r *reader) MemberRegNosByCIN(ctx context.Context, cin string) ([]string, error) {
	rows, err := r.query(ctx, `SELECT regno FROM members WHERE cin = ? ORDER BY regno`, cin)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (s string, err error) {
		err = rs.Scan(&s)
		return s, err
	})(rows, err)
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
	ok, err := r.one(ctx, `SELECT id FROM members WHERE regno = ?`, []any{regno}, &id)
	if err == nil && !ok {
		err = fmt.Errorf("central/sqlite: no member %s", regno)
	}
	return id, err
}

// InsertMember adds a member, its beneficiaries and its current address.
func (w *writer) InsertMember(ctx context.Context, m wire.Member) error {
	res, err := w.exec(ctx, `INSERT INTO members (regno, society, home_branch, cin, ppr, family_name, given_name,
		family_name_ar, given_name_ar, birth_date, sex, category, email, phone, status, version, long_term_illness)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.RegNo, m.Society, m.HomeBranch, m.CIN, m.PPR, m.FamilyName, m.GivenName, m.FamilyNameAr, m.GivenNameAr,
		m.BirthDate, m.Sex, m.Category, m.Email, m.Phone, m.Status, m.Version, bit(m.LongTermIllness))
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	for _, b := range m.Beneficiaries {
		if _, err := w.exec(ctx, `INSERT INTO beneficiaries (member_id, relation, family_name, given_name,
			family_name_ar, given_name_ar, birth_date, sex, student, disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, b.Relation, b.FamilyName, b.GivenName, b.FamilyNameAr, b.GivenNameAr, b.BirthDate, b.Sex,
			bit(b.Student), bit(b.Disabled)); err != nil {
			return err
		}
	}
	if m.Address != nil {
		return w.insertAddress(ctx, id, *m.Address)
	}
	return nil
}

func (w *writer) insertAddress(ctx context.Context, memberID int64, a wire.Address) error {
	_, err := w.exec(ctx, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code, province,
		line_ar, verified, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		memberID, a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, bit(a.Verified),
		sqlitedb.FormatTime(a.ValidFrom))
	return err
}

// ReplaceAddress closes the current address at a.ValidFrom and adds a as
// the current one; the history keeps the old one.
func (w *writer) ReplaceAddress(ctx context.Context, regno string, a wire.Address) error {
	id, err := w.memberID(ctx, regno)
	if err != nil {
		return err
	}
	if _, err := w.exec(ctx, `UPDATE addresses SET valid_to = ? WHERE member_id = ? AND valid_to IS NULL`,
		sqlitedb.FormatTime(a.ValidFrom), id); err != nil {
		return err
	}
	return w.insertAddress(ctx, id, a)
}

// SetMemberVersion sets a member's record version.
func (w *writer) SetMemberVersion(ctx context.Context, regno string, version int64) error {
	_, err := w.exec(ctx, `UPDATE members SET version = ? WHERE regno = ?`, version, regno)
	return err
}
