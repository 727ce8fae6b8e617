package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/cnops/guichet/internal/sqlitedb"
)

// DocumentCopy is a scan in the console's document store.
type DocumentCopy struct {
	SHA256   string
	Size     int64
	StoredAt time.Time
}

// documentsDue selects the copies stored before ?1 that the centre holds:
// at least one address request names the scan, the outbox (never deleted,
// unlike a forgotten visitor's requests) delivered every entry of every
// request that names it (the scan went up before its request's first
// entry, which the centre refuses without it), and no request naming it
// is still pending here.
const documentsDue = `WITH named AS (
		SELECT json_extract(s.value, '$.sha256') AS sha256, json_extract(o.payload, '$.request_id') AS request_id
		FROM outbox o, json_each(o.payload, '$.evidence.scans') s
		WHERE o.kind = 'address.requested'
	), unsettled AS (
		SELECT json_extract(payload, '$.request_id') AS request_id FROM outbox WHERE state <> 'delivered'
	)
	SELECT d.sha256, d.size, d.stored_at FROM documents d
	WHERE d.stored_at < ?1
	AND EXISTS (SELECT 1 FROM named n WHERE n.sha256 = d.sha256)
	AND NOT EXISTS (SELECT 1 FROM named n JOIN unsettled u ON u.request_id = n.request_id WHERE n.sha256 = d.sha256)
	AND NOT EXISTS (SELECT 1 FROM address_requests r, json_each(r.evidence, '$.scans') s
		WHERE r.state = 'pending' AND json_extract(s.value, '$.sha256') = d.sha256)
	ORDER BY d.stored_at`

func scanDocumentCopy(row sqlitedb.Scanner) (DocumentCopy, error) {
	var d DocumentCopy
	var at string
	if err := row.Scan(&d.SHA256, &d.Size, &at); err != nil {
		return d, err
	}
	var err error
	d.StoredAt, err = parseTime(at)
	return d, err
}

// DocumentsDue lists the document copies stored before cutoff that the
// centre holds (see documentsDue), oldest first. It answers at once when
// no copy is that old.
func (db *DB) DocumentsDue(ctx context.Context, cutoff time.Time) ([]DocumentCopy, error) {
	return documentsDueBefore(ctx, db.r, cutoff)
}

// DocumentsDue is DB.DocumentsDue within the transaction.
func (t *Tx) DocumentsDue(ctx context.Context, cutoff time.Time) ([]DocumentCopy, error) {
	return documentsDueBefore(ctx, t.tx, cutoff)
}

func documentsDueBefore(ctx context.Context, q queryer, cutoff time.Time) ([]DocumentCopy, error) {
	limit := formatTime(cutoff)
	var old bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE stored_at < ?)`, limit).Scan(&old); err != nil || !old {
		return nil, err
	}
	return sqlitedb.Collect(scanDocumentCopy)(q.QueryContext(ctx, documentsDue, limit))
}

// OldestDocumentKept is when the oldest copy not in gone was stored (zero
// when there is none).
func (db *DB) OldestDocumentKept(ctx context.Context, gone []DocumentCopy) (time.Time, error) {
	names := make([]string, len(gone))
	for i, d := range gone {
		names[i] = d.SHA256
	}
	list, err := json.Marshal(names)
	if err != nil {
		return time.Time{}, err
	}
	var at sql.NullString
	err = db.r.QueryRowContext(ctx, `SELECT min(stored_at) FROM documents
		WHERE sha256 NOT IN (SELECT value FROM json_each(?))`, string(list)).Scan(&at)
	if err != nil {
		return time.Time{}, err
	}
	return parseTime(at.String)
}

// ForgetDocuments removes copies from the document index; the caller
// removes their files.
func (t *Tx) ForgetDocuments(ctx context.Context, docs []DocumentCopy) error {
	for _, d := range docs {
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM documents WHERE sha256 = ?`, d.SHA256); err != nil {
			return err
		}
	}
	return nil
}
