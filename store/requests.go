package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// AddressRequest is a recorded address change and its decision.
type AddressRequest struct {
	ID, Ref        string
	MemberID       int64
	RegNo          string
	MemberName     string
	Branch         string
	BaseVersion    int64
	RequestedBy    string
	RequestedAt    time.Time
	Address        domain.AddressInput
	Evidence       domain.Evidence
	Exception      *domain.Exception
	State          domain.RequestState
	DecidedBy      string
	DecidedAt      time.Time
	DecisionReason string
}

const requestSelect = `SELECT r.id, r.ref, r.member_id, m.regno, m.family_name || ' ' || m.given_name, r.branch,
	r.base_version, r.requested_by, r.requested_at, r.line1, r.line2, r.quarter, r.city, r.postal_code,
	r.province, r.line_ar, r.evidence, r.exception, r.state, r.decided_by, r.decided_at, r.decision_reason
	FROM address_requests r JOIN members m ON m.id = r.member_id `

func scanRequest(row sqlitedb.Scanner) (AddressRequest, error) {
	var r AddressRequest
	var at, decided, evidence, exception string
	a := &r.Address
	err := row.Scan(&r.ID, &r.Ref, &r.MemberID, &r.RegNo, &r.MemberName, &r.Branch, &r.BaseVersion,
		&r.RequestedBy, &at, &a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province, &a.LineAr,
		&evidence, &exception, &r.State, &r.DecidedBy, &decided, &r.DecisionReason)
	if err != nil {
		return r, err
	}
	if r.RequestedAt, err = parseTime(at); err != nil {
		return r, err
	}
	if r.DecidedAt, err = parseTime(decided); err != nil {
		return r, err
	}
	if err = json.Unmarshal([]byte(evidence), &r.Evidence); err != nil || exception == "" {
		return r, err
	}
	r.Exception = &domain.Exception{}
	return r, json.Unmarshal([]byte(exception), r.Exception)
}

// InsertRequest records a new pending request.
func (t *Tx) InsertRequest(ctx context.Context, r AddressRequest) error {
	evidence, err := json.Marshal(r.Evidence)
	if err != nil {
		return err
	}
	exception := ""
	if r.Exception != nil {
		b, err := json.Marshal(r.Exception)
		if err != nil {
			return err
		}
		exception = string(b)
	}
	a := r.Address
	_, err = t.tx.ExecContext(ctx, `INSERT INTO address_requests (id, ref, member_id, branch, base_version,
		requested_by, requested_at, line1, line2, quarter, city, postal_code, province, line_ar, evidence, exception)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Ref, r.MemberID, r.Branch, r.BaseVersion, r.RequestedBy, formatTime(r.RequestedAt),
		a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, string(evidence), exception)
	return err
}

// NextRequestNumber is the n of the next human reference of a branch on a
// day (refPrefix) within the device's block of numbers [first, last]:
// requests of the branch's other consoles, pulled from the centre, hold
// numbers of other blocks.
func (t *Tx) NextRequestNumber(ctx context.Context, refPrefix string, first, last int) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT coalesce(max(n), ?2 - 1) + 1 FROM (
		SELECT CAST(substr(ref, length(?1) + 1) AS INTEGER) AS n FROM address_requests WHERE ref LIKE ?1 || '%')
		WHERE n BETWEEN ?2 AND ?3`, refPrefix, first, last).Scan(&n)
	if err == nil && n > last {
		err = fmt.Errorf("store: more than %d requests of %s on this device", last-first+1, refPrefix)
	}
	return n, err
}

// PendingRequestExists reports whether a member has a pending request.
func (t *Tx) PendingRequestExists(ctx context.Context, memberID int64) (bool, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT count(*) FROM address_requests WHERE member_id = ? AND state = 'pending'`, memberID).Scan(&n)
	return n > 0, err
}

// Request returns a request by id or human reference, within the
// transaction; domain.ErrRequestNotFound when there is none.
func (t *Tx) Request(ctx context.Context, idOrRef string) (AddressRequest, error) {
	return oneRequest(t.tx.QueryRowContext(ctx, requestSelect+`WHERE r.id = ?1 OR r.ref = ?1`, idOrRef))
}

// Request reads a request outside any transaction.
func (db *DB) Request(ctx context.Context, idOrRef string) (AddressRequest, error) {
	return oneRequest(db.r.QueryRowContext(ctx, requestSelect+`WHERE r.id = ?1 OR r.ref = ?1`, idOrRef))
}

func oneRequest(row *sql.Row) (AddressRequest, error) {
	r, err := scanRequest(row)
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.ErrRequestNotFound
	}
	return r, err
}

// RequestFilter narrows a request listing; empty fields match all.
type RequestFilter struct {
	State       domain.RequestState
	MemberID    int64
	RequestedBy string
	Branch      string    // recorded at this branch (the branch that decides it)
	From, To    time.Time // decided within [From, To) when set
	Limit       int
	NewestFirst bool // otherwise oldest first (the approval queue)
}

// Requests lists requests, oldest first.
func (db *DB) Requests(ctx context.Context, f RequestFilter) ([]AddressRequest, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "r.state = ?"), append(args, string(f.State))
	}
	if f.MemberID != 0 {
		where, args = append(where, "r.member_id = ?"), append(args, f.MemberID)
	}
	if f.RequestedBy != "" {
		where, args = append(where, "r.requested_by = ?"), append(args, f.RequestedBy)
	}
	if f.Branch != "" {
		where, args = append(where, "r.branch = ?"), append(args, f.Branch)
	}
	if !f.From.IsZero() {
		where, args = append(where, "r.decided_at >= ?"), append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "r.decided_at <> '' AND r.decided_at < ?"), append(args, formatTime(f.To))
	}
	q := requestSelect
	if len(where) > 0 {
		q += "WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	order := " ORDER BY r.requested_at"
	if f.NewestFirst {
		order += " DESC"
	}
	return sqlitedb.Collect(scanRequest)(db.r.QueryContext(ctx, q+order+" LIMIT ?", append(args, f.Limit)...))
}

// DecideRequest records a decision or a cancellation on a pending request.
func (t *Tx) DecideRequest(ctx context.Context, id string, state domain.RequestState, by string, at time.Time, reason string) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE address_requests SET state = ?, decided_by = ?, decided_at = ?,
		decision_reason = ? WHERE id = ? AND state = 'pending'`, string(state), by, formatTime(at), reason, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.ErrNotPending
	}
	return nil
}

// MemberForUpdate reads a member inside a write transaction (its version is
// what a decision is checked against).
func (t *Tx) MemberForUpdate(ctx context.Context, id int64) (MemberRow, error) {
	m, err := scanMember(t.tx.QueryRowContext(ctx, `SELECT `+memberColumns+memberFrom+`WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrMemberNotFound
	}
	return m, err
}

// ApplyAddress makes a verified address the member's current one from at,
// closes the previous one in the history, and bumps the member's version.
func (t *Tx) ApplyAddress(ctx context.Context, memberID int64, a domain.AddressInput, at time.Time) error {
	now := formatTime(at)
	if _, err := t.tx.ExecContext(ctx, `UPDATE addresses SET valid_to = ? WHERE member_id = ? AND valid_to IS NULL`, now, memberID); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code,
		province, line_ar, verified, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		memberID, a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, now); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE members SET version = version + 1 WHERE id = ?`, memberID); err != nil {
		return err
	}
	return t.ReindexMember(ctx, memberID) // the city is a search filter
}

// RecordDocument indexes a scan kept in the document store.
func (t *Tx) RecordDocument(ctx context.Context, s domain.Scan, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, `INSERT OR IGNORE INTO documents (sha256, media_type, size, stored_at) VALUES (?, ?, ?, ?)`,
		s.SHA256, s.MediaType, s.Size, formatTime(at))
	return err
}
