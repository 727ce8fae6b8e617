package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/cnops/guichet/domain"
)

// AppendAudit adds an entry to the device's hash chain inside the
// transaction that makes the change it records. It fills Seq, PrevHash and
// Hash; the writer connection serialises appends.
func (t *Tx) AppendAudit(ctx context.Context, e domain.AuditEntry) (domain.AuditEntry, error) {
	err := t.tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&e.Seq, &e.PrevHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		e.Seq, e.PrevHash = 0, domain.GenesisHash
	case err != nil:
		return e, err
	}
	e.Seq++
	e.At = e.At.UTC()
	e.Hash = domain.AuditHash(e)
	_, err = t.tx.ExecContext(ctx, `INSERT INTO audit (seq, at, device_id, actor, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, formatTime(e.At), e.DeviceID, e.Actor, e.Action, e.Subject, e.Detail, e.PrevHash, e.Hash)
	return e, err
}

// EachAudit calls fn for every audit entry in sequence order and stops at
// the first error fn returns.
func (db *DB) EachAudit(ctx context.Context, fn func(domain.AuditEntry) error) error {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, at, device_id, actor, action, subject, detail, prev_hash, hash
		FROM audit ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e domain.AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.DeviceID, &e.Actor, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		// An unreadable time stays zero, and the hash check then fails.
		e.At, _ = parseTime(at)
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
