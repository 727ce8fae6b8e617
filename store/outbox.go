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

// outboxColumns are an entry's columns (table alias o), in the order
// outboxRow scans them.
const outboxColumns = `o.id, o.seq, o.kind, o.member_regno, o.base_version, o.payload, o.created_at, o.state`

// outboxRow scans outboxColumns into an entry.
type outboxRow struct {
	e    *OutboxEntry
	base sql.NullInt64
	at   string
}

// dest is the scan destinations of outboxColumns.
func (r *outboxRow) dest() []any {
	e := r.e
	return []any{&e.ID, &e.Seq, &e.Kind, &e.RegNo, &r.base, &e.Payload, &r.at, &e.State}
}

// finish converts the columns that need it, once scanned.
func (r *outboxRow) finish() (err error) {
	r.e.BaseVersion = r.base.Int64
	r.e.CreatedAt, err = parseTime(r.at)
	return err
}

func scanOutbox(row sqlitedb.Scanner) (OutboxEntry, error) {
	var e OutboxEntry
	r := outboxRow{e: &e}
	if err := row.Scan(r.dest()...); err != nil {
		return e, err
	}
	return e, r.finish()
}

// Outbox lists the entries in sequence order.
func (db *DB) Outbox(ctx context.Context) ([]OutboxEntry, error) {
	return sqlitedb.Collect(scanOutbox)(db.r.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o ORDER BY o.seq`))
}
