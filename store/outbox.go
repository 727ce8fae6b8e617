package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// OutboxEntry is one queued change for the centre.
type OutboxEntry struct {
	ID          string
	Seq         int64
	Kind        string
	RegNo       string
	BaseVersion int64 // 0 when the event does not change the record
	Payload     string
	CreatedAt   time.Time
	State       string
}

// Enqueue queues a change event for the centre inside the transaction that
// made the change, with a new UUIDv7 key and the device's next sequence.
// Events that change the member's record carry its base version.
func (t *Tx) Enqueue(ctx context.Context, ev domain.ChangeEvent) (OutboxEntry, error) {
	var base sql.NullInt64
	if domain.ChangesRecord(ev.Kind) {
		base = sql.NullInt64{Int64: ev.BaseVersion, Valid: true}
	}
	return t.enqueue(ctx, ev.Kind, ev.RegNo, ev.At, base, ev)
}

// EnqueueEntry queues an entry that is not a member's change event (an
// account's new password, say). holdKey goes where a change event puts its
// registration number: later entries with the same key wait behind this
// one, and the feed does not overwrite what it names while it is pending
// ("user:" + username for an account).
func (t *Tx) EnqueueEntry(ctx context.Context, kind, holdKey string, at time.Time, payload any) (OutboxEntry, error) {
	return t.enqueue(ctx, kind, holdKey, at, sql.NullInt64{}, payload)
}

// enqueue writes one entry; base is NULL unless the entry changes a
// member's record.
func (t *Tx) enqueue(ctx context.Context, kind, holdKey string, at time.Time, base sql.NullInt64, payload any) (OutboxEntry, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return OutboxEntry{}, err
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return OutboxEntry{}, err
	}
	e := OutboxEntry{ID: id.String(), Kind: kind, RegNo: holdKey, Payload: string(body),
		BaseVersion: base.Int64, CreatedAt: at, State: "pending"}
	if err := t.tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM outbox`).Scan(&e.Seq); err != nil {
		return e, err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO outbox (id, seq, kind, member_regno, base_version, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.ID, e.Seq, e.Kind, e.RegNo, base, e.Payload, formatTime(e.CreatedAt))
	return e, err
}

// Outbox lists the entries in sequence order.
func (db *DB) Outbox(ctx context.Context) ([]OutboxEntry, error) {
	scan := func(row sqlitedb.Scanner) (e OutboxEntry, err error) {
		var base sql.NullInt64
		var at string
		if err = row.Scan(&e.ID, &e.Seq, &e.Kind, &e.RegNo, &base, &e.Payload, &at, &e.State); err != nil {
			return e, err
		}
		e.BaseVersion = base.Int64
		e.CreatedAt, err = parseTime(at)
		return e, err
	}
	return sqlitedb.Collect(scan)(db.r.QueryContext(ctx, `SELECT id, seq, kind, member_regno, base_version, payload,
		created_at, state FROM outbox ORDER BY seq`))
}
