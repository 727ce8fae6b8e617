package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// Outbox entry states (the CHECK of migration 00005). An entry is settled
// once delivered or discarded.
const (
	EntryPending   = "pending"
	EntryDelivered = "delivered"
	EntrySetAside  = "set_aside"
	EntryDiscarded = "discarded"
)

// Refusals of the Sync screen's operations on one entry.
var (
	ErrEntryNotFound    = &domain.Error{Key: domain.KeyEntryNotFound}
	ErrEntryNotSetAside = &domain.Error{Key: domain.KeyEntryNotSetAside}
)

// QueuedEntry is an outbox entry with its delivery columns and, when the
// console holds the member, who it is.
type QueuedEntry struct {
	OutboxEntry
	Attempts      int
	LastError     string
	Answer        string // the centre's last wire.Result as JSON, "" before any
	SettledAt     time.Time
	DiscardReason string
	MemberID      int64 // 0 when the member is not held here
	MemberName    string
}

const queuedSelect = `SELECT ` + outboxColumns + `, o.attempts, o.last_error, o.answer, o.settled_at, o.discard_reason,
	coalesce(m.id, 0), coalesce(m.family_name || ' ' || m.given_name, '')
	FROM outbox o LEFT JOIN members m ON m.regno = o.member_regno AND o.member_regno <> '' `

func scanQueued(row sqlitedb.Scanner) (QueuedEntry, error) {
	var e QueuedEntry
	var settled string
	r := outboxRow{e: &e.OutboxEntry}
	err := row.Scan(append(r.dest(), &e.Attempts, &e.LastError, &e.Answer, &settled, &e.DiscardReason,
		&e.MemberID, &e.MemberName)...)
	if err != nil {
		return e, err
	}
	if err := r.finish(); err != nil {
		return e, err
	}
	e.SettledAt, err = parseTime(settled)
	return e, err
}

// QueuedEntries lists, in sequence order, the entries not yet settled
// (pending and set aside) and those discarded since discardedSince.
func (db *DB) QueuedEntries(ctx context.Context, discardedSince time.Time) ([]QueuedEntry, error) {
	return sqlitedb.Collect(scanQueued)(db.r.QueryContext(ctx, queuedSelect+`WHERE o.state IN ('pending', 'set_aside')
		OR (o.state = 'discarded' AND o.settled_at >= ?) ORDER BY o.seq`, formatTime(discardedSince)))
}

// QueuedEntry reads one entry within the transaction; ErrEntryNotFound
// when there is none.
func (t *Tx) QueuedEntry(ctx context.Context, id string) (QueuedEntry, error) {
	e, err := scanQueued(t.tx.QueryRowContext(ctx, queuedSelect+`WHERE o.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrEntryNotFound
	}
	return e, err
}

// RequeueEntry puts a set-aside entry back in the queue. Its attempts and
// the centre's last answer stay: the next delivery replaces the answer.
func (t *Tx) RequeueEntry(ctx context.Context, id string) error {
	return t.fromSetAside(ctx, id, `UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'set_aside'`, id)
}

// DiscardEntry settles a set-aside entry for good without delivering it,
// with the supervisor's reason.
func (t *Tx) DiscardEntry(ctx context.Context, id, reason string, at time.Time) error {
	return t.fromSetAside(ctx, id, `UPDATE outbox SET state = 'discarded', discard_reason = ?, settled_at = ?
		WHERE id = ? AND state = 'set_aside'`, reason, formatTime(at), id)
}

// fromSetAside runs an update that only applies to a set-aside entry and
// says why when it did not apply.
func (t *Tx) fromSetAside(ctx context.Context, id, query string, args ...any) error {
	res, err := t.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var n int
	if err := t.tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrEntryNotFound
	}
	return ErrEntryNotSetAside
}

// HeldMember returns the centre's newest copy of a member that the feed
// kept aside while the member's entries were unsettled, or nil.
func (t *Tx) HeldMember(ctx context.Context, regno string) (*wire.FeedItem, error) {
	var payload string
	err := t.tx.QueryRowContext(ctx, `SELECT payload FROM feed_held WHERE kind = ? AND key = ?`, wire.ItemMember, regno).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var it wire.FeedItem
	if err := json.Unmarshal([]byte(payload), &it); err != nil {
		return nil, err
	}
	if it.Member == nil {
		return nil, errors.New("feed_held: member " + regno + " holds no member")
	}
	return &it, nil
}

// ReopenApproved puts back to pending a request this console approved but
// the centre did not (the approval's entry was discarded), so that it can
// be decided again like any pending request. domain.ErrNotPending when it is not
// approved here; domain.ErrChangePending when the member has another
// pending request.
func (t *Tx) ReopenApproved(ctx context.Context, id string) error {
	var other bool
	if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM address_requests WHERE state = 'pending'
		AND member_id = (SELECT member_id FROM address_requests WHERE id = ?1) AND id <> ?1)`, id).Scan(&other); err != nil {
		return err
	}
	if other {
		return domain.ErrChangePending
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE address_requests SET state = 'pending', decided_by = '', decided_at = '',
		decision_reason = '' WHERE id = ? AND state = 'approved'`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return cmp.Or(err, error(domain.ErrNotPending))
	}
	return nil
}
