package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// PINIssue is a reissue of a member's temporary PIN as the console keeps
// it: never the PIN itself (a counter PIN travels sealed, inside its
// outbox entry).
type PINIssue struct {
	ID          string
	MemberID    int64
	RegNo       string
	Channel     domain.PINChannel
	State       domain.PINState // as PINIssues shows it
	RequestedBy string
	RequestedAt time.Time
	ExpiresOn   domain.Date // zero until the PIN exists
	Override    *domain.PINOverride
	OutboxID    string // this console's entry; "" for a reissue made elsewhere
	// Refusal is the message key of why the reissue was refused (State
	// refused): the centre's reason, or domain.KeyEntryDiscarded.
	Refusal   string
	UpdatedAt time.Time
}

// InsertPINIssue records a reissue made here, in state queued.
func (t *Tx) InsertPINIssue(ctx context.Context, p PINIssue) error {
	var by, reason string
	if p.Override != nil {
		by, reason = p.Override.By, p.Override.Reason
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO pin_issues (id, member_id, regno, channel, state, requested_by,
		requested_at, expires_on, override_by, override_reason, outbox_id, updated_at)
		VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.MemberID, p.RegNo, string(p.Channel), p.RequestedBy, formatTime(p.RequestedAt), dateText(p.ExpiresOn),
		by, reason, p.OutboxID, formatTime(p.RequestedAt))
	return err
}

// The state shown: the centre's once the feed gave one; before that,
// refused when this console's entry was set aside (rejected) or
// discarded, else queued. A refusal's reason is the centre's message key,
// or KeyEntryDiscarded for an entry discarded before the centre answered.
const pinIssueSelect = `SELECT p.id, p.member_id, p.regno, p.channel,
	CASE WHEN p.state <> 'queued' THEN p.state WHEN ` + pinEntryRefused + ` THEN 'refused' ELSE 'queued' END,
	CASE WHEN p.state = 'queued' AND ` + pinEntryRefused + `
		THEN coalesce(nullif(o.last_error, ''), '` + domain.KeyEntryDiscarded + `') ELSE '' END,
	p.requested_by, p.requested_at, p.expires_on, p.override_by, p.override_reason, p.outbox_id, p.updated_at
	FROM pin_issues p LEFT JOIN outbox o ON o.id = p.outbox_id AND p.outbox_id <> '' `

// pinEntryRefused says that a reissue's outbox entry was refused.
const pinEntryRefused = `coalesce(o.state, '') IN ('set_aside', 'discarded')`

func scanPINIssue(row sqlitedb.Scanner) (PINIssue, error) {
	var p PINIssue
	var channel, state, requested, expires, by, reason, updated string
	err := row.Scan(&p.ID, &p.MemberID, &p.RegNo, &channel, &state, &p.Refusal, &p.RequestedBy, &requested,
		&expires, &by, &reason, &p.OutboxID, &updated)
	if err != nil {
		return p, err
	}
	p.Channel, p.State = domain.PINChannel(channel), domain.PINState(state)
	if by != "" {
		p.Override = &domain.PINOverride{By: by, Reason: reason}
	}
	if expires != "" {
		if p.ExpiresOn, err = domain.ParseDate("expires_on", expires); err != nil {
			return p, err
		}
	}
	if p.RequestedAt, err = parseTime(requested); err != nil {
		return p, err
	}
	p.UpdatedAt, err = parseTime(updated)
	return p, err
}

// PINIssues lists a member's reissues, newest first.
func (db *DB) PINIssues(ctx context.Context, memberID int64) ([]PINIssue, error) {
	return pinIssues(ctx, db.r, memberID)
}

// PINIssues lists them within the transaction (the reissue rules' history).
func (t *Tx) PINIssues(ctx context.Context, memberID int64) ([]PINIssue, error) {
	return pinIssues(ctx, t.tx, memberID)
}

func pinIssues(ctx context.Context, q queryer, memberID int64) ([]PINIssue, error) {
	return sqlitedb.Collect(scanPINIssue)(q.QueryContext(ctx, pinIssueSelect+`WHERE p.member_id = ?
		ORDER BY p.requested_at DESC, p.id DESC`, memberID))
}

// CurrentAddress returns a member's current address within the
// transaction, nil when there is none.
func (t *Tx) CurrentAddress(ctx context.Context, memberID int64) (*domain.Address, error) {
	a, err := scanAddress(t.tx.QueryRowContext(ctx, `SELECT id, line1, line2, quarter, city, postal_code, province,
		line_ar, verified, valid_from, '' FROM addresses WHERE member_id = ? AND valid_to IS NULL`, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// upsertPIN stores the centre's state of a reissue by id: a reissue made
// elsewhere (another console of the branch, or for a member of this
// branch) is added, a known one takes the centre's state and expiry. A
// reissue of a member not held here is ignored; nothing is ever deleted.
func (t *Tx) upsertPIN(ctx context.Context, p wire.PIN, at time.Time) error {
	memberID, ok, err := t.MemberIDByRegNo(ctx, p.RegNo)
	if err != nil || !ok {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO pin_issues (id, member_id, regno, channel, state, requested_by,
		requested_at, expires_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET state = excluded.state,
		expires_on = CASE WHEN excluded.expires_on <> '' THEN excluded.expires_on ELSE pin_issues.expires_on END,
		updated_at = excluded.updated_at`,
		p.ID, memberID, p.RegNo, p.Channel, p.State, p.RequestedBy, formatTime(p.RequestedAt), p.ExpiresOn, formatTime(at))
	return err
}

// dateText is a date as stored, "" for the zero date.
func dateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
