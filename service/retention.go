package service

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/store"
)

// Retention (Law 09-08: keep only what the job needs) is how many days
// delivered data stays on the console; 0 keeps it for good. Only what the
// centre already holds ever goes: audit entries it acknowledged, document
// copies of requests it received in full. What is recorded on a day goes
// once that many whole days (in the members' time zone) have passed, so
// an automatic purge has work at most once a day, plus after a long time
// offline.
type Retention struct {
	AuditDays     int
	DocumentsDays int
}

// RetentionActor is who an automatic purge is recorded as: the console
// itself, a name no account can take.
const RetentionActor = "system:retention"

// PurgeReport says what a purge removed, or would remove on a dry run.
type PurgeReport struct {
	DryRun bool
	// AuditBefore and DocumentsBefore are the cutoffs: what was recorded
	// or stored before them is due (zero when the retention keeps it).
	AuditBefore, DocumentsBefore time.Time
	AuditEntries                 int64
	Documents                    int
	DocumentBytes                int64
	// OldestAuditKept and OldestDocumentKept are the oldest entry and copy
	// left (zero when none is).
	OldestAuditKept, OldestDocumentKept time.Time
	// Checkpoint is the chain's checkpoint afterwards (nil when nothing
	// was ever purged); EntrySeq the audit entry that recorded this purge
	// (0 when nothing was due, or on a dry run).
	Checkpoint *store.Checkpoint
	EntrySeq   int64
}

// Nothing reports whether nothing was (or would be) purged.
func (r PurgeReport) Nothing() bool { return r.AuditEntries == 0 && r.Documents == 0 }

// PurgeRetention purges (admins only) the audit entries and document
// copies past their retention, or only says what it would purge (dryRun,
// which writes nothing). The purge is an audit entry that travels to the
// centre; nothing is written when nothing is due.
func (s *Service) PurgeRetention(ctx context.Context, sess Session, r Retention, dryRun bool) (PurgeReport, error) {
	if err := authorize(sess, domain.ActionPurgeRetention); err != nil {
		return PurgeReport{}, err
	}
	if dryRun {
		rep := s.cutoffs(r)
		rep.DryRun = true
		prefix, docs, err := s.due(ctx, s.db, &rep)
		if err != nil {
			return rep, err
		}
		rep.OldestAuditKept = prefix.OldestKept
		return rep, s.finishReport(ctx, &rep, docs)
	}
	return s.purge(ctx, r, sess.Username, func(tx *store.Tx) error {
		return s.stillAllowed(ctx, tx, sess, domain.ActionPurgeRetention)
	})
}

// PurgeDue is the automatic purge, after a successful sync pass: the
// console's own housekeeping (like forgetting visitors), recorded as
// RetentionActor. When nothing is due it reads a few rows (indexed) and
// writes nothing.
func (s *Service) PurgeDue(ctx context.Context, r Retention) (PurgeReport, error) {
	return s.purge(ctx, r, RetentionActor, nil)
}

// dueReader finds what is due: the reader pool or a write transaction.
type dueReader interface {
	AuditDue(ctx context.Context, cutoff time.Time) (store.AuditPrefix, error)
	DocumentsDue(ctx context.Context, cutoff time.Time) ([]store.DocumentCopy, error)
}

// due finds what is due and counts it into rep.
func (s *Service) due(ctx context.Context, q dueReader, rep *PurgeReport) (store.AuditPrefix, []store.DocumentCopy, error) {
	prefix, err := q.AuditDue(ctx, rep.AuditBefore)
	if err != nil {
		var broken *store.ChainBrokenError
		if errors.As(err, &broken) {
			err = &domain.Error{Key: "err.retention.chain_broken", Args: []any{broken.Seq}}
		}
		return prefix, nil, err
	}
	docs, err := q.DocumentsDue(ctx, rep.DocumentsBefore)
	rep.AuditEntries, rep.Documents = prefix.Count, len(docs)
	for _, d := range docs {
		rep.DocumentBytes += d.Size
	}
	return prefix, docs, err
}

// purge removes what is due in one transaction: the entry that records the
// purge first (so the chain is never empty), then the audit entries with
// the new checkpoint, then the document copies, whose files go before the
// commit: a failure keeps their rows, and the next purge tries again.
func (s *Service) purge(ctx context.Context, r Retention, actor string, allowed func(*store.Tx) error) (PurgeReport, error) {
	rep := s.cutoffs(r)
	var docs []store.DocumentCopy
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if allowed != nil {
			if err := allowed(tx); err != nil {
				return err
			}
		}
		prefix, due, err := s.due(ctx, tx, &rep)
		if err != nil || rep.Nothing() {
			rep.OldestAuditKept = prefix.OldestKept
			return err
		}
		docs = due
		detail := store.PurgeDetail{Automatic: actor == RetentionActor, Documents: len(docs), Entries: prefix.Count}
		if prefix.Count > 0 {
			detail.CheckpointSeq, detail.CheckpointHash = prefix.Through.Seq, prefix.Through.Hash
		}
		body, err := json.Marshal(detail)
		if err != nil {
			return err
		}
		e, err := tx.AppendAudit(ctx, domain.AuditEntry{At: s.now(), DeviceID: s.deviceID, Actor: actor,
			Action: domain.AuditRetentionPurge, Detail: string(body)})
		if err != nil {
			return err
		}
		rep.EntrySeq, rep.OldestAuditKept = e.Seq, prefix.OldestKept
		if rep.OldestAuditKept.IsZero() { // every older entry went: the purge's own is the oldest
			rep.OldestAuditKept = e.At
		}
		if prefix.Count > 0 {
			cp := store.Checkpoint{Seq: prefix.Through.Seq, Hash: prefix.Through.Hash, At: e.At,
				Purged: prefix.Count, By: actor, EntrySeq: e.Seq}
			if err := tx.PurgeAudit(ctx, cp); err != nil {
				return err
			}
		}
		if err := tx.ForgetDocuments(ctx, docs); err != nil {
			return err
		}
		return s.removeDocumentFiles(docs)
	})
	if err != nil {
		return rep, err
	}
	return rep, s.finishReport(ctx, &rep, docs)
}

// cutoffs are the instants before which data is due: the start of the day
// `days` days before today, where members live.
func (s *Service) cutoffs(r Retention) PurgeReport {
	loc := s.policy.Location
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := s.now().In(loc).Date()
	before := func(days int) time.Time {
		if days <= 0 {
			return time.Time{} // nothing is older than the zero time
		}
		return time.Date(y, m, d-days, 0, 0, 0, 0, loc)
	}
	return PurgeReport{AuditBefore: before(r.AuditDays), DocumentsBefore: before(r.DocumentsDays)}
}

// finishReport adds the oldest copy kept and the checkpoint.
func (s *Service) finishReport(ctx context.Context, rep *PurgeReport, gone []store.DocumentCopy) error {
	var err error
	if rep.OldestDocumentKept, err = s.db.OldestDocumentKept(ctx, gone); err != nil {
		return err
	}
	cp, ok, err := s.db.AuditCheckpoint(ctx)
	if ok {
		rep.Checkpoint = &cp
	}
	return err
}

// removeDocumentFiles deletes the copies' files from the document store;
// one already gone is no error.
func (s *Service) removeDocumentFiles(docs []store.DocumentCopy) error {
	for _, d := range docs {
		if !docstore.ValidName(d.SHA256) { // never a path from the database
			continue
		}
		err := os.Remove(filepath.Join(s.policy.DocumentsDir, d.SHA256))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
