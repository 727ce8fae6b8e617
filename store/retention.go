package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/cnops/guichet/domain"
)

// Retention (Law 09-08): the oldest audit entries, once the centre has
// acknowledged them, leave the console; a checkpoint keeps the rest of the
// chain verifiable. The centre keeps the whole chain.

// Checkpoint is where the device's audit chain begins after a purge.
type Checkpoint struct {
	Seq      int64     // the last purged entry
	Hash     string    // its hash: the previous hash of the entry after it
	At       time.Time // when that purge ran
	Purged   int64     // entries that purge removed
	By       string    // who ran it (an account, or RetentionActor)
	EntrySeq int64     // the audit entry that recorded the purge
}

// Head is the chain position the checkpoint stands for.
func (c Checkpoint) Head() domain.AuditHead { return domain.AuditHead{Seq: c.Seq, Hash: c.Hash} }

// AuditCheckpoint returns the checkpoint, or ok false when nothing was ever
// purged (the chain starts at its genesis).
func (db *DB) AuditCheckpoint(ctx context.Context) (Checkpoint, bool, error) {
	return auditCheckpoint(ctx, db.r)
}

func auditCheckpoint(ctx context.Context, q queryer) (Checkpoint, bool, error) {
	var c Checkpoint
	var at string
	err := q.QueryRowContext(ctx, `SELECT seq, hash, purged_at, purged, purged_by, entry_seq FROM audit_checkpoint`).
		Scan(&c.Seq, &c.Hash, &at, &c.Purged, &c.By, &c.EntrySeq)
	if errors.Is(err, sql.ErrNoRows) {
		return Checkpoint{}, false, nil
	}
	if err != nil {
		return c, false, err
	}
	c.At, _ = parseTime(at) // an unreadable time fails the check against the entry
	return c, true, nil
}

// AuditPrefix is the oldest part of the chain a purge may remove.
type AuditPrefix struct {
	Through domain.AuditHead // its last entry; Seq 0 when nothing is due
	Count   int64
	// OldestKept is the time of the first entry after Through (zero when
	// there is none).
	OldestKept time.Time
}

// AuditDue finds the longest run of entries from the checkpoint on that
// the centre has acknowledged (audit_shipped) and that are all older than
// cutoff. It reads only that run and the entry after it, so it is cheap
// when nothing is due. The checkpoint must match the entry that recorded
// it, and each entry must link to the one before (the first to the
// checkpoint): a purge never removes the evidence of a break
// (ChainBrokenError otherwise).
func (db *DB) AuditDue(ctx context.Context, cutoff time.Time) (AuditPrefix, error) {
	return auditDue(ctx, db.r, cutoff)
}

// AuditDue is DB.AuditDue within the transaction.
func (t *Tx) AuditDue(ctx context.Context, cutoff time.Time) (AuditPrefix, error) {
	return auditDue(ctx, t.tx, cutoff)
}

func auditDue(ctx context.Context, q queryer, cutoff time.Time) (AuditPrefix, error) {
	var p AuditPrefix
	shipped, err := auditShipped(ctx, q)
	if err != nil {
		return p, err
	}
	cp, purged, err := auditCheckpoint(ctx, q)
	if err == nil && purged {
		err = checkCheckpoint(ctx, q, cp)
	}
	if err != nil {
		return p, err
	}
	head := cp.Head()
	rows, err := q.QueryContext(ctx, auditSelect+`WHERE seq <= ? ORDER BY seq`, shipped)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return p, err
		}
		if !e.At.Before(cutoff) {
			break
		}
		if reason := domain.CheckLink(head, e); reason != "" {
			return p, &ChainBrokenError{Seq: e.Seq, Reason: reason}
		}
		head = domain.AuditHead{Seq: e.Seq, Hash: e.Hash}
		p.Through, p.Count = head, p.Count+1
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	rows.Close()
	var at string
	err = q.QueryRowContext(ctx, `SELECT at FROM audit WHERE seq > ? ORDER BY seq LIMIT 1`, head.Seq).Scan(&at)
	if err == nil {
		p.OldestKept, err = parseTime(at)
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return p, err
}

// PurgeAudit removes the entries up to cp.Seq and makes cp the chain's
// checkpoint. The caller has appended the entry that records the purge
// (cp.EntrySeq) first, so the chain is never left empty: AppendAudit
// continues from its last entry.
func (t *Tx) PurgeAudit(ctx context.Context, cp Checkpoint) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM audit WHERE seq <= ?`, cp.Seq); err != nil {
		return err
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO audit_checkpoint (id, seq, hash, purged_at, purged, purged_by, entry_seq)
		VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
		purged_at = excluded.purged_at, purged = excluded.purged, purged_by = excluded.purged_by,
		entry_seq = excluded.entry_seq`,
		cp.Seq, cp.Hash, formatTime(cp.At), cp.Purged, cp.By, cp.EntrySeq)
	return err
}

// auditShipped is how far the centre acknowledged the chain (0 when it
// never did, or the value is unreadable: then nothing counts as held).
func auditShipped(ctx context.Context, q queryer) (int64, error) {
	v, err := meta(ctx, q, MetaAuditShipped)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, nil
	}
	return n, nil
}
