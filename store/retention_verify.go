package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cnops/guichet/domain"
)

// BreakCheckpoint is the console's own break reason, beyond the domain's:
// the checkpoint differs from the audit entry that recorded the purge (or
// that entry is missing), so it cannot be trusted to start the chain.
const BreakCheckpoint = "checkpoint"

// ChainBrokenError refuses a purge that would remove entries that do not
// verify: the evidence of a break stays until someone looks at it.
type ChainBrokenError struct {
	Seq    int64
	Reason string
}

func (e *ChainBrokenError) Error() string {
	return fmt.Sprintf("the audit chain is broken at entry %d (%s)", e.Seq, e.Reason)
}

// PurgeDetail is the detail of the audit entry that records a purge
// (domain.AuditRetentionPurge). Its fields are in alphabetical order, so
// it marshals as canonical JSON (keys sorted), like every detail.
type PurgeDetail struct {
	Automatic bool `json:"automatic"`
	// The checkpoint the purge left (absent when it removed no entry).
	CheckpointHash string `json:"checkpoint_hash,omitempty"`
	CheckpointSeq  int64  `json:"checkpoint_seq,omitempty"`
	Documents      int    `json:"documents"`
	Entries        int64  `json:"entries"`
}

// recordedBy reports whether e is the audit entry that recorded cp: the
// purge action, by the same actor at the same time, naming the same
// entry, hash and count. The entry is covered by the chain's hashes, so a
// checkpoint changed alone no longer matches it.
func (cp Checkpoint) recordedBy(e domain.AuditEntry) bool {
	var d PurgeDetail
	if e.Action != domain.AuditRetentionPurge || json.Unmarshal([]byte(e.Detail), &d) != nil {
		return false
	}
	return e.Seq == cp.EntrySeq && e.Actor == cp.By && e.At.Equal(cp.At) &&
		d.CheckpointSeq == cp.Seq && d.CheckpointHash == cp.Hash && d.Entries == cp.Purged
}

// ChainReport is the outcome of verifying the device's audit chain.
type ChainReport struct {
	// Checkpoint is where verification started (nil: at the genesis).
	Checkpoint *Checkpoint
	Entries    int                // entries verified before the break (all of them when none)
	Break      *domain.ChainBreak // nil when the chain holds
}

var errStopVerify = errors.New("stop")

// VerifyAudit verifies the chain from its checkpoint (from the genesis
// when nothing was ever purged): every entry must continue the one before,
// the first one the checkpoint, and the entry that recorded the purge must
// match the checkpoint (BreakCheckpoint). An entry left at or before the
// checkpoint, or one missing after it, is a sequence break.
func (db *DB) VerifyAudit(ctx context.Context) (ChainReport, error) {
	var rep ChainReport
	cp, purged, err := db.AuditCheckpoint(ctx)
	if err != nil {
		return rep, err
	}
	var head domain.AuditHead
	recorded := !purged
	if purged {
		rep.Checkpoint, head = &cp, cp.Head()
	}
	err = db.EachAudit(ctx, func(e domain.AuditEntry) error {
		if reason := domain.CheckLink(head, e); reason != "" {
			rep.Break = &domain.ChainBreak{Seq: e.Seq, Reason: reason}
			return errStopVerify
		}
		if purged && e.Seq == cp.EntrySeq {
			if !cp.recordedBy(e) {
				rep.Break = &domain.ChainBreak{Seq: e.Seq, Reason: BreakCheckpoint}
				return errStopVerify
			}
			recorded = true
		}
		head = domain.AuditHead{Seq: e.Seq, Hash: e.Hash}
		rep.Entries++
		return nil
	})
	if err != nil && !errors.Is(err, errStopVerify) {
		return rep, err
	}
	if rep.Break == nil && !recorded { // the purge's own entry is gone
		rep.Break = &domain.ChainBreak{Seq: cp.EntrySeq, Reason: BreakCheckpoint}
	}
	return rep, nil
}

// checkCheckpoint makes sure the checkpoint matches the entry that
// recorded it before a purge moves it: a purge must not launder a
// tampered one.
func checkCheckpoint(ctx context.Context, q queryer, cp Checkpoint) error {
	e, err := scanAudit(q.QueryRowContext(ctx, auditSelect+`WHERE seq = ?`, cp.EntrySeq))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err != nil || !cp.recordedBy(e) {
		return &ChainBrokenError{Seq: cp.EntrySeq, Reason: BreakCheckpoint}
	}
	return nil
}
