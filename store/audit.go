package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
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

const auditSelect = `SELECT seq, at, device_id, actor, action, subject, detail, prev_hash, hash FROM audit `

// scanAudit reads one entry; an unreadable time stays zero, and the hash
// check then fails.
func scanAudit(row sqlitedb.Scanner) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var at string
	err := row.Scan(&e.Seq, &at, &e.DeviceID, &e.Actor, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash)
	e.At, _ = parseTime(at)
	return e, err
}

// EachAudit calls fn for every audit entry in sequence order and stops at
// the first error fn returns.
func (db *DB) EachAudit(ctx context.Context, fn func(domain.AuditEntry) error) error {
	rows, err := db.r.QueryContext(ctx, auditSelect+`ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditFor lists the audit entries about one subject (a request's
// history), in order.
func (db *DB) AuditFor(ctx context.Context, subject string) ([]domain.AuditEntry, error) {
	return sqlitedb.Collect(scanAudit)(db.r.QueryContext(ctx, auditSelect+`WHERE subject = ? ORDER BY seq`, subject))
}
