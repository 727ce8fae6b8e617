package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// upsertMember stores the centre's record of a member by registration
// number: the member row (version and status included), the beneficiaries
// replaced, the current address replaced with the old one kept in the
// history, and the search rows recomputed; beneficiaries and search rows
// only when they changed (sync_members_unchanged.go). It returns the
// local id.
func (t *Tx) upsertMember(ctx context.Context, m wire.Member, at time.Time) (int64, error) {
	var known bool
	if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM societies WHERE code = ?)`, m.Society).Scan(&known); err != nil {
		return 0, err
	}
	if !known {
		return 0, fmt.Errorf("member %s: unknown society %q", m.RegNo, m.Society)
	}
	if err := t.ensureBranch(ctx, m.HomeBranch); err != nil {
		return 0, err
	}
	var stored storedMember // a provisioning page rewrites all: it builds no search rows
	var err error
	if !t.deferSearch {
		if stored, err = t.storedMemberByRegNo(ctx, m.RegNo); err != nil {
			return 0, err
		}
	}
	var ppr any
	if m.PPR != "" {
		ppr = m.PPR
	}
	var id int64
	err = t.tx.QueryRowContext(ctx, `INSERT INTO members (regno, society_code, home_branch, cin, ppr, family_name,
		given_name, family_name_ar, given_name_ar, birth_date, sex, category, email, phone, status, version,
		long_term_illness)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (regno) DO UPDATE SET society_code = excluded.society_code, home_branch = excluded.home_branch,
		cin = excluded.cin, ppr = excluded.ppr, family_name = excluded.family_name, given_name = excluded.given_name,
		family_name_ar = excluded.family_name_ar, given_name_ar = excluded.given_name_ar,
		birth_date = excluded.birth_date, sex = excluded.sex, category = excluded.category, email = excluded.email,
		phone = excluded.phone, status = excluded.status, version = excluded.version,
		long_term_illness = excluded.long_term_illness
		RETURNING id`,
		m.RegNo, m.Society, m.HomeBranch, m.CIN, ppr, m.FamilyName, m.GivenName, m.FamilyNameAr, m.GivenNameAr,
		m.BirthDate, m.Sex, m.Category, m.Email, m.Phone, m.Status, m.Version, m.LongTermIllness).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("member %s: %w", m.RegNo, err)
	}
	if !stored.sameBeneficiaries(m) {
		if err := t.replaceBeneficiaries(ctx, id, m); err != nil {
			return 0, err
		}
	}
	if err := t.replaceCurrentAddress(ctx, id, m.Address, at); err != nil {
		return 0, fmt.Errorf("member %s: address: %w", m.RegNo, err)
	}
	if t.deferSearch || stored.sameSearchRows(m) {
		return id, nil
	}
	return id, t.ReindexMember(ctx, id)
}

// replaceBeneficiaries rewrites a member's beneficiaries. Their old search
// rows go before the rows themselves: the index is contentless and only
// knows row ids.
func (t *Tx) replaceBeneficiaries(ctx context.Context, id int64, m wire.Member) error {
	if !t.deferSearch {
		if err := t.unindexMember(ctx, id); err != nil {
			return err
		}
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM beneficiaries WHERE member_id = ?`, id); err != nil {
		return err
	}
	for _, b := range m.Beneficiaries {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO beneficiaries (member_id, relation, family_name, given_name,
			family_name_ar, given_name_ar, birth_date, sex, student, disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, b.Relation, b.FamilyName, b.GivenName, b.FamilyNameAr, b.GivenNameAr, b.BirthDate, b.Sex,
			b.Student, b.Disabled); err != nil {
			return fmt.Errorf("member %s: beneficiary: %w", m.RegNo, err)
		}
	}
	return nil
}

// unindexMember deletes the search rows of a member and its beneficiaries.
func (t *Tx) unindexMember(ctx context.Context, memberID int64) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM person_search WHERE rowid = ? OR rowid IN
		(SELECT id + ? FROM beneficiaries WHERE member_id = ?)`, memberID, beneficiaryBase, memberID)
	return err
}

// replaceCurrentAddress makes the centre's address the current one when it
// differs from the one held here: the old one is closed where the new one
// begins, so the history stays. No address from
// the centre closes the current one.
func (t *Tx) replaceCurrentAddress(ctx context.Context, memberID int64, a *wire.Address, at time.Time) error {
	cur, err := scanAddress(t.tx.QueryRowContext(ctx, `SELECT id, line1, line2, quarter, city, postal_code,
		province, line_ar, verified, valid_from, '' FROM addresses WHERE member_id = ? AND valid_to IS NULL`, memberID))
	hasCurrent := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if hasCurrent && a != nil && cur.Input() == a.AddressInput {
		// The same address, verified or made unverified (a returned
		// letter): its history entry stays, only the flag follows.
		if cur.Verified != a.Verified {
			_, err = t.tx.ExecContext(ctx, `UPDATE addresses SET verified = ? WHERE id = ?`, a.Verified, cur.ID)
		}
		return err
	}
	from := at
	if a != nil && !a.ValidFrom.IsZero() {
		from = a.ValidFrom
	}
	if hasCurrent {
		if _, err := t.tx.ExecContext(ctx, `UPDATE addresses SET valid_to = ? WHERE id = ?`, formatTime(from), cur.ID); err != nil {
			return err
		}
	}
	if a == nil {
		return nil
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code,
		province, line_ar, verified, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		memberID, a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, a.Verified, formatTime(from))
	return err
}

// upsertRequest stores a request of the scope by id: a new one whole, a
// known one's decision. It reports blocked (nothing stored) when the
// request cannot be stored yet: its member is not here, or it is pending
// while another request of the member is still pending here.
func (t *Tx) upsertRequest(ctx context.Context, r wire.Request) (blocked bool, err error) {
	memberID, ok, err := t.MemberIDByRegNo(ctx, r.RegNo)
	if err != nil || !ok {
		return !ok, err
	}
	if r.State == string(domain.RequestPending) {
		var other bool
		if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM address_requests WHERE member_id = ?
			AND state = 'pending' AND id <> ?)`, memberID, r.ID).Scan(&other); err != nil || other {
			return other, err
		}
	}
	decidedAt := ""
	if r.DecidedAt != nil {
		decidedAt = formatTime(*r.DecidedAt)
	}
	evidence, err := json.Marshal(r.Evidence)
	if err != nil {
		return false, err
	}
	exception := ""
	if r.Exception != nil {
		b, err := json.Marshal(r.Exception)
		if err != nil {
			return false, err
		}
		exception = string(b)
	}
	a := r.Address
	// What a request was made with never changes; only its decision does.
	_, err = t.tx.ExecContext(ctx, `INSERT INTO address_requests (id, ref, member_id, branch, base_version,
		requested_by, requested_at, line1, line2, quarter, city, postal_code, province, line_ar, evidence, exception,
		state, decided_by, decided_at, decision_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET state = excluded.state, decided_by = excluded.decided_by,
		decided_at = excluded.decided_at, decision_reason = excluded.decision_reason`,
		r.ID, r.Reference, memberID, r.Branch, r.BaseVersion, r.RequestedBy, formatTime(r.RequestedAt),
		a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, string(evidence), exception,
		r.State, r.DecidedBy, decidedAt, r.DecisionNote)
	if err != nil {
		return false, fmt.Errorf("request %s: %w", r.Reference, err)
	}
	return false, nil
}

// MemberIDByRegNo returns a member's local id, or ok=false when the member
// is not here.
func (t *Tx) MemberIDByRegNo(ctx context.Context, regno string) (int64, bool, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, `SELECT id FROM members WHERE regno = ?`, regno).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}
