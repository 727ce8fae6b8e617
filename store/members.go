package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

const memberColumns = `m.id, m.regno, m.society_code, s.name, m.home_branch, m.cin, coalesce(m.ppr, ''),
	m.family_name, m.given_name, m.family_name_ar, m.given_name_ar, m.birth_date, m.sex,
	m.category, m.email, m.phone, m.status, m.version, m.long_term_illness, coalesce(a.city, '')`

const memberFrom = ` FROM members m JOIN societies s ON s.code = m.society_code
	LEFT JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL `

// MemberRow is a member with the city of the current address, which
// result lists show to tell homonyms apart.
type MemberRow struct {
	domain.Member
	City string
}

func scanMember(row sqlitedb.Scanner) (MemberRow, error) {
	var m MemberRow
	var birth string
	err := row.Scan(&m.ID, &m.RegNo, &m.SocietyCode, &m.SocietyName, &m.HomeBranch, &m.CIN, &m.PPR,
		&m.FamilyName, &m.GivenName, &m.FamilyNameAr, &m.GivenNameAr, &birth, &m.Sex,
		&m.Category, &m.Email, &m.Phone, &m.Status, &m.Version, &m.LongTermIllness, &m.City)
	if err != nil {
		return m, err
	}
	m.BirthDate, err = domain.ParseDate("birth_date", birth)
	return m, err
}

// MembersByIdentifier returns the members whose identifier of the given
// kind equals value (already normalised), at most limit of them.
func (db *DB) MembersByIdentifier(ctx context.Context, id domain.Identifier, limit int) ([]MemberRow, error) {
	column := map[domain.IdentifierKind]string{
		domain.KindRegNo: "m.regno", domain.KindCIN: "m.cin",
		domain.KindPPR: "m.ppr", domain.KindPhone: "m.phone",
	}[id.Kind]
	if column == "" {
		return nil, errors.New("unknown identifier kind " + string(id.Kind))
	}
	return sqlitedb.Collect(scanMember)(db.r.QueryContext(ctx, `SELECT `+memberColumns+memberFrom+
		`WHERE `+column+` = ? ORDER BY m.regno LIMIT ?`, id.Value, limit))
}

// MemberFile is everything the member file screen shows.
type MemberFile struct {
	Member        domain.Member
	Beneficiaries []domain.Beneficiary
	Addresses     []domain.Address // newest first; the current one has no ValidTo
}

// MemberFile loads a member with beneficiaries and address history.
// It returns domain.ErrMemberNotFound for an unknown id.
func (db *DB) MemberFile(ctx context.Context, id int64) (MemberFile, error) {
	var f MemberFile
	row, err := scanMember(db.r.QueryRowContext(ctx, `SELECT `+memberColumns+memberFrom+`WHERE m.id = ?`, id))
	f.Member = row.Member
	if errors.Is(err, sql.ErrNoRows) {
		return f, domain.ErrMemberNotFound
	}
	if err != nil {
		return f, err
	}
	if f.Beneficiaries, err = db.beneficiaries(ctx, id); err != nil {
		return f, err
	}
	f.Addresses, err = db.addresses(ctx, id)
	return f, err
}

const beneficiaryColumns = `id, relation, family_name, given_name, family_name_ar, given_name_ar,
	birth_date, sex, student, disabled`

// scanBeneficiary reads beneficiaryColumns into b, then any extra columns.
func scanBeneficiary(row sqlitedb.Scanner, b *domain.Beneficiary, extra ...any) error {
	var birth string
	dest := append([]any{&b.ID, &b.Relation, &b.FamilyName, &b.GivenName, &b.FamilyNameAr,
		&b.GivenNameAr, &birth, &b.Sex, &b.Student, &b.Disabled}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	var err error
	b.BirthDate, err = domain.ParseDate("birth_date", birth)
	return err
}

func (db *DB) beneficiaries(ctx context.Context, memberID int64) ([]domain.Beneficiary, error) {
	scan := func(row sqlitedb.Scanner) (b domain.Beneficiary, err error) { return b, scanBeneficiary(row, &b) }
	return sqlitedb.Collect(scan)(db.r.QueryContext(ctx, `SELECT `+beneficiaryColumns+`
		FROM beneficiaries WHERE member_id = ? ORDER BY relation DESC, birth_date`, memberID))
}

func (db *DB) addresses(ctx context.Context, memberID int64) ([]domain.Address, error) {
	return sqlitedb.Collect(scanAddress)(db.r.QueryContext(ctx, `SELECT id, line1, line2, quarter, city, postal_code,
		province, line_ar, verified, valid_from, coalesce(valid_to, '')
		FROM addresses WHERE member_id = ? ORDER BY valid_to IS NOT NULL, valid_from DESC`, memberID))
}

func scanAddress(row sqlitedb.Scanner) (domain.Address, error) {
	var a domain.Address
	var from, to string
	err := row.Scan(&a.ID, &a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province,
		&a.LineAr, &a.Verified, &from, &to)
	if err != nil {
		return a, err
	}
	if a.ValidFrom, err = parseTime(from); err != nil || to == "" {
		return a, err
	}
	t, err := parseTime(to)
	a.ValidTo = &t
	return a, err
}
