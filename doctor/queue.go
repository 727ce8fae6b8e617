package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
)

// staleAfter is how long an entry may wait for the centre before the
// queue check warns: the laptop has not synced for that long.
const staleAfter = 24 * time.Hour

// Queue sums up a database's outbox.
type Queue struct {
	Pending, SetAside int
	// OldestPending is when the oldest undelivered entry was recorded.
	OldestPending time.Time
	// Unsettled are the ids (idempotency keys) of the pending and
	// set-aside entries.
	Unsettled map[string]bool
	// MissingScans counts the scans that unsettled entries name and the
	// document store does not hold: the centre will refuse those entries.
	MissingScans int
}

// ReadQueue sums up db's outbox; documentsDir is the console's document
// store ("" skips the scans).
func ReadQueue(ctx context.Context, db *store.DB, documentsDir string) (Queue, error) {
	entries, err := db.Outbox(ctx)
	if err != nil {
		return Queue{}, err
	}
	q := Queue{Unsettled: map[string]bool{}}
	for _, e := range entries {
		switch e.State {
		case "pending":
			q.Pending++
			if q.OldestPending.IsZero() || e.CreatedAt.Before(q.OldestPending) {
				q.OldestPending = e.CreatedAt
			}
		case "set_aside":
			q.SetAside++
		default:
			continue
		}
		q.Unsettled[e.ID] = true
		if documentsDir != "" {
			q.MissingScans += missingScans(e, documentsDir)
		}
	}
	return q, nil
}

// missingScans counts the scans an address request names that are not
// in the document store.
func missingScans(e store.OutboxEntry, dir string) int {
	if e.Kind != domain.EventAddressRequested {
		return 0
	}
	var ev domain.ChangeEvent
	if json.Unmarshal([]byte(e.Payload), &ev) != nil || ev.Evidence == nil {
		return 0
	}
	n := 0
	for _, s := range ev.Evidence.Scans {
		if _, err := os.Stat(filepath.Join(dir, s.SHA256)); errors.Is(err, os.ErrNotExist) {
			n++
		}
	}
	return n
}

func queueFinding(ctx context.Context, db *store.DB, opts Options, l localState) Finding {
	q, err := ReadQueue(ctx, db, opts.DocumentsDir)
	if err != nil {
		return found(CheckQueue, Fail, "unreadable", err)
	}
	last := l.lastGoodSync.In(opts.Location) // the zero time reads as a dash
	pending, setAside := i18n.Count(q.Pending), i18n.Count(q.SetAside)
	switch {
	case !l.provisioned():
		return found(CheckQueue, OK, "queue.standalone", pending)
	case q.MissingScans > 0:
		return found(CheckQueue, Warn, "queue.missing_scans", pending, setAside, i18n.Count(q.MissingScans), opts.DocumentsDir)
	case q.SetAside > 0:
		return found(CheckQueue, Warn, "queue.set_aside", pending, setAside, last)
	case q.Pending > 0 && opts.Now().Sub(q.OldestPending) > staleAfter:
		return found(CheckQueue, Warn, "queue.stale", pending, q.OldestPending.In(opts.Location), last)
	}
	return found(CheckQueue, OK, "queue.ok", pending, setAside, last)
}

// auditFinding verifies the device's audit chain from its checkpoint, read
// only (unlike `guichet audit verify`, which records that it ran).
func auditFinding(ctx context.Context, db *store.DB, l localState) Finding {
	chain, err := db.VerifyAudit(ctx)
	brk, n := chain.Break, chain.Entries
	switch {
	case brk != nil:
		return found(CheckAudit, Fail, "audit.broken", brk.Seq, MessageKey("cli.audit.reason."+brk.Reason), i18n.Count(n))
	case err != nil:
		return found(CheckAudit, Fail, "unreadable", err)
	case chain.Checkpoint != nil: // older entries were purged (retention)
		return found(CheckAudit, OK, "audit.purged", i18n.Count(n), chain.Checkpoint.Seq, l.auditShipped)
	case l.provisioned():
		return found(CheckAudit, OK, "audit.shipped", i18n.Count(n), l.auditShipped)
	}
	return found(CheckAudit, OK, "audit.ok", i18n.Count(n))
}
