package sqlite

import (
	"context"
	"encoding/json"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

func marshalJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func unmarshalJSON(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// HasDocument reports whether a scan is held.
func (r *reader) HasDocument(ctx context.Context, sha256 string) (bool, error) {
	var exists bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE sha256 = ?)`, []any{sha256}, &exists)
	return exists, err
}

// InsertDocument records a scan held, once.
func (w *writer) InsertDocument(ctx context.Context, d central.DocumentRecord) (bool, error) {
	res, err := w.exec(ctx, `INSERT INTO documents (sha256, media_type, size, stored_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, d.SHA256, d.MediaType, d.Size, sqlitedb.FormatTime(d.StoredAt))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Entry reads the idempotency record of an entry.
func (r *reader) Entry(ctx context.Context, id string) (central.EntryRecord, bool, error) {
	var e central.EntryRecord
	var result, first, last string
	ok, err := r.one(ctx, `SELECT id, device_id, content_hash, kind, status, result, first_seen, last_seen
		FROM entries WHERE id = ?`, []any{id},
		&e.ID, &e.DeviceID, &e.ContentHash, &e.Kind, &e.Status, &result, &first, &last)
	if !ok || err != nil {
		return e, false, err
	}
	if err := unmarshalJSON(result, &e.Result); err != nil {
		return e, false, err
	}
	if e.FirstSeen, err = sqlitedb.ParseTime(first); err == nil {
		e.LastSeen, err = sqlitedb.ParseTime(last)
	}
	return e, err == nil, err
}

// PutEntry inserts or replaces an entry's record (a rejected or conflicting
// entry evaluated again); the first time it was seen stays.
func (w *writer) PutEntry(ctx context.Context, e central.EntryRecord) error {
	result, err := marshalJSON(e.Result)
	if err != nil {
		return err
	}
	_, err = w.exec(ctx, `INSERT INTO entries (id, device_id, content_hash, kind, status, result, first_seen, last_seen)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET status = excluded.status, result = excluded.result, last_seen = excluded.last_seen`,
		e.ID, e.DeviceID, e.ContentHash, e.Kind, e.Status, result, sqlitedb.FormatTime(e.FirstSeen),
		sqlitedb.FormatTime(e.LastSeen))
	return err
}

// AuditHead is the last record held of a device's chain.
func (r *reader) AuditHead(ctx context.Context, deviceID string) (domain.AuditHead, error) {
	var h domain.AuditHead
	_, err := r.one(ctx, `SELECT seq, hash FROM audit_records WHERE device_id = ? ORDER BY seq DESC LIMIT 1`,
		[]any{deviceID}, &h.Seq, &h.Hash)
	return h, err
}

// AuditHash is the hash of the record held at seq.
func (r *reader) AuditHash(ctx context.Context, deviceID string, seq int64) (string, bool, error) {
	var h string
	ok, err := r.one(ctx, `SELECT hash FROM audit_records WHERE device_id = ? AND seq = ?`, []any{deviceID, seq}, &h)
	return h, ok, err
}

// AppendAudit stores one record of a device's chain.
func (w *writer) AppendAudit(ctx context.Context, deviceID string, a wire.AuditRecord, receivedAt time.Time) error {
	_, err := w.exec(ctx, `INSERT INTO audit_records (device_id, seq, at, actor, action, subject, detail, prev_hash,
		hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		deviceID, a.Seq, a.At.UTC().Format(time.RFC3339Nano), a.Actor, a.Action, a.Subject, a.Detail, a.PrevHash,
		a.Hash, sqlitedb.FormatTime(receivedAt))
	return err
}

// ChainBreaks lists the breaks found, of one device or of all.
func (r *reader) ChainBreaks(ctx context.Context, deviceID string) ([]central.ChainBreak, error) {
	rows, err := r.query(ctx, `SELECT device_id, seq, reason, found_at FROM chain_breaks
		WHERE ? = '' OR device_id = ? ORDER BY device_id, seq, reason`, deviceID, deviceID)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (b central.ChainBreak, err error) {
		var found string
		if err = rs.Scan(&b.DeviceID, &b.Seq, &b.Reason, &found); err == nil {
			b.FoundAt, err = sqlitedb.ParseTime(found)
		}
		return b, err
	})(rows, err)
}

// AddChainBreak records a break once.
func (w *writer) AddChainBreak(ctx context.Context, b central.ChainBreak) error {
	_, err := w.exec(ctx, `INSERT INTO chain_breaks (device_id, seq, reason, found_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, b.DeviceID, b.Seq, b.Reason, sqlitedb.FormatTime(b.FoundAt))
	return err
}

// LogAccess appends a line to the centre's access log.
func (w *writer) LogAccess(ctx context.Context, e central.AccessEntry) error {
	_, err := w.exec(ctx, `INSERT INTO access_log (at, device_id, actor, action, subject) VALUES (?, ?, ?, ?, ?)`,
		sqlitedb.FormatTime(e.At), e.DeviceID, e.Actor, e.Action, e.Subject)
	return err
}

// AccessLog lists the access log from since on.
func (r *reader) AccessLog(ctx context.Context, since time.Time) ([]central.AccessEntry, error) {
	rows, err := r.query(ctx, `SELECT at, device_id, actor, action, subject FROM access_log WHERE at >= ? ORDER BY id`,
		sqlitedb.FormatTime(since))
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (e central.AccessEntry, err error) {
		var at string
		if err = rs.Scan(&at, &e.DeviceID, &e.Actor, &e.Action, &e.Subject); err == nil {
			e.At, err = sqlitedb.ParseTime(at)
		}
		return e, err
	})(rows, err)
}

// AppendFeed appends one feed row per branch.
func (w *writer) AppendFeed(ctx context.Context, kind, key string, branches ...string) error {
	for _, b := range branches {
		if _, err := w.exec(ctx, `INSERT INTO feed (branch, kind, key) VALUES (?, ?, ?)`, b, kind, key); err != nil {
			return err
		}
	}
	return nil
}

// FeedHead is the newest feed seq.
func (r *reader) FeedHead(ctx context.Context) (int64, error) {
	var seq int64
	_, err := r.one(ctx, `SELECT coalesce(max(seq), 0) FROM feed`, nil, &seq)
	return seq, err
}

// FeedAfter returns the branch's feed rows (its own and those for every
// branch) after a cursor, in seq order: two index range scans merged.
func (r *reader) FeedAfter(ctx context.Context, branch string, after int64, limit int) ([]central.FeedRow, error) {
	rows, err := r.query(ctx, `SELECT seq, kind, key FROM (
			SELECT seq, kind, key FROM (SELECT seq, kind, key FROM feed WHERE branch = ? AND seq > ? ORDER BY seq LIMIT ?)
			UNION ALL
			SELECT seq, kind, key FROM (SELECT seq, kind, key FROM feed WHERE branch = ? AND seq > ? ORDER BY seq LIMIT ?)
		) ORDER BY seq LIMIT ?`, branch, after, limit, central.AllBranches, after, limit, limit)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (f central.FeedRow, err error) {
		err = rs.Scan(&f.Seq, &f.Kind, &f.Key)
		return f, err
	})(rows, err)
}
