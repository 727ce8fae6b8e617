package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// What a supervisor's discard of a set-aside entry leaves behind: the
// request's later entries, which the centre would refuse in turn, and,
// when the centre never received the request, the request here.

// UnsettledOfRequest lists, in sequence order, the entries after seq under
// the same hold key that carry the same request (the payload's request_id)
// and are still pending or set aside.
func (t *Tx) UnsettledOfRequest(ctx context.Context, holdKey, requestID string, seq int64) ([]QueuedEntry, error) {
	return sqlitedb.Collect(scanQueued)(t.tx.QueryContext(ctx, queuedSelect+`WHERE o.member_regno = ? AND o.seq > ?
		AND o.state IN ('pending', 'set_aside') AND json_extract(o.payload, '$.request_id') = ? ORDER BY o.seq`,
		holdKey, seq, requestID))
}

// DiscardUnsettled settles an entry that is pending or set aside as
// discarded, with the reason; ErrEntryNotFound when there is no such
// unsettled entry.
func (t *Tx) DiscardUnsettled(ctx context.Context, id, reason string, at time.Time) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET state = 'discarded', discard_reason = ?, settled_at = ?
		WHERE id = ? AND state IN ('pending', 'set_aside')`, reason, formatTime(at), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, ErrEntryNotFound)
	}
	return nil
}

// CancelUndelivered cancels here a request, pending or approved here, that
// the centre never received; ok is false when it was neither (already
// rejected or cancelled here: it stays so).
func (t *Tx) CancelUndelivered(ctx context.Context, id, by string, at time.Time, reason string) (ok bool, err error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE address_requests SET state = 'cancelled', decided_by = ?, decided_at = ?,
		decision_reason = ? WHERE id = ? AND state IN ('pending', 'approved')`, by, formatTime(at), reason, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UndoApproval takes back, at `at`, what approving r here did to the
// member's record, when the centre will never see that approval: the
// approved address is closed, the one it replaced is current again (none
// when there was none), and the version goes back to the one the request
// was made on. The history keeps every row. When the record has changed
// since (the feed brought the centre's copy, or a later approval here
// changed it again) that record stands, and undone is false.
func (t *Tx) UndoApproval(ctx context.Context, r AddressRequest, at time.Time) (undone bool, err error) {
	approvedAt := formatTime(r.DecidedAt)
	var unchanged bool
	if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM members m
		JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.id = ? AND m.version = ? AND a.valid_from = ?)`, r.MemberID, r.BaseVersion+1, approvedAt).Scan(&unchanged); err != nil || !unchanged {
		return false, err
	}
	prev, err := scanAddress(t.tx.QueryRowContext(ctx, `SELECT id, line1, line2, quarter, city, postal_code, province,
		line_ar, verified, valid_from, '' FROM addresses WHERE member_id = ? AND valid_to = ?
		ORDER BY id DESC LIMIT 1`, r.MemberID, approvedAt))
	var back *wire.Address
	switch {
	case err == nil:
		back = &wire.Address{AddressInput: prev.Input(), Verified: prev.Verified}
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	if err := t.replaceCurrentAddress(ctx, r.MemberID, back, at); err != nil {
		return false, err
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE members SET version = ? WHERE id = ?`, r.BaseVersion, r.MemberID); err != nil {
		return false, err
	}
	return true, t.ReindexMember(ctx, r.MemberID)
}
