package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// HasDocument reports whether a scan is held.
func (r *reader) HasDocument(ctx context.Context, sha256 string) (bool, error) {
	var exists bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE sha256 = $1)`, []any{sha256}, &exists)
	return exists, err
}

// InsertDocument records a scan held, once.
func (w *writer) InsertDocument(ctx context.Context, d central.DocumentRecord) (bool, error) {
	n, err := w.exec(ctx, `INSERT INTO documents (sha256, media_type, size, stored_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (sha256) DO NOTHING`, d.SHA256, d.MediaType, d.Size, d.StoredAt)
	return n == 1, err
}

// Entry reads the idempotency record of an entry.
func (r *reader) Entry(ctx context.Context, id string) (central.EntryRecord, bool, error) {
	var e central.EntryRecord
	var result string
	ok, err := r.one(ctx, `SELECT id, device_id, content_hash, kind, status, result::text, first_seen, last_seen
		FROM entries WHERE id = $1`+r.locking(""), []any{id},
		&e.ID, &e.DeviceID, &e.ContentHash, &e.Kind, &e.Status, &result, &e.FirstSeen, &e.LastSeen)
	if !ok || err != nil {
		return e, false, err
	}
	e.FirstSeen, e.LastSeen = e.FirstSeen.UTC(), e.LastSeen.UTC()
	if err := json.Unmarshal([]byte(result), &e.Result); err != nil {
		return e, false, err
	}
	return e, true, nil
}

// PutEntry inserts or replaces an entry's record (a rejected or conflicting
// entry evaluated again); the first time it was seen stays.
func (w *writer) PutEntry(ctx context.Context, e central.EntryRecord) error {
	result, err := json.Marshal(e.Result)
	if err != nil {
		return err
	}
	err = w.hold(ctx, `INSERT INTO entries (id, device_id, content_hash, kind, status, result, first_seen, last_seen)
		VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8)
		ON CONFLICT (id) DO UPDATE SET status = excluded.status, result = excluded.result, last_seen = excluded.last_seen`,
		e.ID, e.DeviceID, e.ContentHash, e.Kind, e.Status, string(result), e.FirstSeen, e.LastSeen)
	return err
}

// AuditHead is the last record held of a device's chain.
func (r *reader) AuditHead(ctx context.Context, deviceID string) (domain.AuditHead, error) {
	var h domain.AuditHead
	_, err := r.one(ctx, `SELECT seq, hash FROM audit_records WHERE device_id = $1 ORDER BY seq DESC LIMIT 1`,
		[]any{deviceID}, &h.Seq, &h.Hash)
	return h, err
}

// AuditHash is the hash of the record held at seq.
func (r *reader) AuditHash(ctx context.Context, deviceID string, seq int64) (string, bool, error) {
	var h string
	ok, err := r.one(ctx, `SELECT hash FROM audit_records WHERE device_id = $1 AND seq = $2`, []any{deviceID, seq}, &h)
	return h, ok, err
}

// AppendAudit stores one record of a device's chain, its instant as the
// text its hash covers.
func (w *writer) AppendAudit(ctx context.Context, deviceID string, a wire.AuditRecord, receivedAt time.Time) error {
	err := w.hold(ctx, `INSERT INTO audit_records (device_id, seq, at, actor, action, subject, detail, prev_hash,
		hash, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		deviceID, a.Seq, a.At.UTC().Format(time.RFC3339Nano), a.Actor, a.Action, a.Subject, a.Detail, a.PrevHash,
		a.Hash, receivedAt)
	return err
}

// ChainBreaks lists the breaks found, of one device or of all.
func (r *reader) ChainBreaks(ctx context.Context, deviceID string) ([]central.ChainBreak, error) {
	rows, err := r.tx.Query(ctx, `SELECT device_id, seq, reason, found_at FROM chain_breaks
		WHERE $1 = '' OR device_id = $1 ORDER BY device_id, seq, reason`, deviceID)
	return collect(rows, err, func(rs pgx.Rows) (b central.ChainBreak, err error) {
		err = rs.Scan(&b.DeviceID, &b.Seq, &b.Reason, &b.FoundAt)
		b.FoundAt = b.FoundAt.UTC()
		return b, err
	})
}

// AddChainBreak records a break once.
func (w *writer) AddChainBreak(ctx context.Context, b central.ChainBreak) error {
	err := w.hold(ctx, `INSERT INTO chain_breaks (device_id, seq, reason, found_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, b.DeviceID, b.Seq, b.Reason, b.FoundAt)
	return err
}

// LogAccess appends a line to the centre's access log.
func (w *writer) LogAccess(ctx context.Context, e central.AccessEntry) error {
	err := w.hold(ctx, `INSERT INTO access_log (at, device_id, actor, action, subject) VALUES ($1, $2, $3, $4, $5)`,
		e.At, e.DeviceID, e.Actor, e.Action, e.Subject)
	return err
}

// AccessLog lists the access log from since on.
func (r *reader) AccessLog(ctx context.Context, since time.Time) ([]central.AccessEntry, error) {
	rows, err := r.tx.Query(ctx, `SELECT at, device_id, actor, action, subject FROM access_log WHERE at >= $1 ORDER BY id`,
		since)
	return collect(rows, err, func(rs pgx.Rows) (e central.AccessEntry, err error) {
		err = rs.Scan(&e.At, &e.DeviceID, &e.Actor, &e.Action, &e.Subject)
		e.At = e.At.UTC()
		return e, err
	})
}
