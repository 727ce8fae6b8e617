package store

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// DeliverableEntries returns up to limit pending entries in sequence
// order, leaving out every entry whose hold key (member_regno) has an
// entry set aside: a member's later entries wait behind a refused one,
// other members' entries flow.
func (db *DB) DeliverableEntries(ctx context.Context, limit int) ([]OutboxEntry, error) {
	return sqlitedb.Collect(scanOutbox)(db.r.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o
		WHERE o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox s
			WHERE s.member_regno = o.member_regno AND s.state = 'set_aside')
		ORDER BY o.seq LIMIT ?`, limit))
}

// Answer is what the centre said of one entry, as the outbox keeps it.
type Answer struct {
	ID string
	// State is the entry's new delivery state: EntryDelivered,
	// EntrySetAside, or EntryPending (deferred: sent again later).
	State string
	// Result is the centre's wire.Result as JSON.
	Result string
	// Reason is the message key of a refusal (last_error).
	Reason string
}

// RecordAnswers records the centre's answers to one batch: every entry
// counts an attempt; a settled one (delivered or set aside) gets its
// settling time. Only entries still pending are touched.
func (t *Tx) RecordAnswers(ctx context.Context, answers []Answer, at time.Time) error {
	stmt, err := t.tx.PrepareContext(ctx, `UPDATE outbox SET state = ?1, answer = ?2, attempts = attempts + 1,
		last_error = CASE WHEN ?1 = 'set_aside' THEN ?3 ELSE last_error END,
		settled_at = CASE WHEN ?1 = 'pending' THEN settled_at ELSE ?4 END
		WHERE id = ?5 AND state = 'pending'`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	settled := formatTime(at)
	for _, a := range answers {
		if _, err := stmt.ExecContext(ctx, a.State, a.Result, a.Reason, settled, a.ID); err != nil {
			return err
		}
	}
	return nil
}

// SyncCounts says how many entries wait to be delivered and how many the
// centre refused (set aside).
func (db *DB) SyncCounts(ctx context.Context) (pending, setAside int, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM outbox WHERE state = 'pending'),
		(SELECT count(*) FROM outbox WHERE state = 'set_aside')`).Scan(&pending, &setAside)
	return pending, setAside, err
}

// AuditAfter returns up to limit entries of the device's audit chain after
// seq, in chain order (what the centre does not hold yet).
func (db *DB) AuditAfter(ctx context.Context, seq int64, limit int) ([]domain.AuditEntry, error) {
	return sqlitedb.Collect(scanAudit)(db.r.QueryContext(ctx, auditSelect+`WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit))
}
