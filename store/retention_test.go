package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

var day0 = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

// chainOfDays is a database whose chain has n entries, entry i recorded
// on day i-1, of which the centre acknowledged the first shipped.
func chainOfDays(t *testing.T, n int, shipped int64) *DB {
	t.Helper()
	ctx := context.Background()
	db := newDB(t)
	err := db.Write(ctx, func(tx *Tx) error {
		for i := range n {
			if _, err := tx.AppendAudit(ctx, domain.AuditEntry{At: day0.AddDate(0, 0, i), DeviceID: "dev",
				Actor: "agent", Action: domain.AuditViewMember, Subject: "123456789"}); err != nil {
				return err
			}
		}
		return tx.SetMeta(ctx, MetaAuditShipped, fmt.Sprint(shipped))
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// purgeAsTheServiceDoes records the purge, then removes what is due
// before cutoff.
func purgeAsTheServiceDoes(t *testing.T, db *DB, cutoff time.Time) AuditPrefix {
	t.Helper()
	ctx := context.Background()
	var p AuditPrefix
	err := db.Write(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.AuditDue(ctx, cutoff); err != nil || p.Count == 0 {
			return err
		}
		body, _ := json.Marshal(PurgeDetail{CheckpointSeq: p.Through.Seq, CheckpointHash: p.Through.Hash, Entries: p.Count})
		e, err := tx.AppendAudit(ctx, domain.AuditEntry{At: day0.AddDate(0, 0, 30), DeviceID: "dev", Actor: "admin",
			Action: domain.AuditRetentionPurge, Detail: string(body)})
		if err != nil {
			return err
		}
		return tx.PurgeAudit(ctx, Checkpoint{Seq: p.Through.Seq, Hash: p.Through.Hash, At: e.At, Purged: p.Count,
			By: "admin", EntrySeq: e.Seq})
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sqlExec(t *testing.T, db *DB, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *Tx) error { _, err := tx.tx.ExecContext(ctx, q, args...); return err }); err != nil {
		t.Fatal(err)
	}
}

// Only entries the centre acknowledged and older than the cutoff are due,
// and the chain verifies from the checkpoint the purge leaves.
func TestPurgeLeavesAChainThatVerifiesFromItsCheckpoint(t *testing.T) {
	ctx := context.Background()
	db := chainOfDays(t, 10, 4)
	cutoff := day0.AddDate(0, 0, 6).Truncate(24 * time.Hour) // entries 1 to 6 are older
	p, err := db.AuditDue(ctx, cutoff)
	if err != nil || p.Count != 4 || p.Through.Seq != 4 || !p.OldestKept.Equal(day0.AddDate(0, 0, 4)) {
		t.Fatalf("due with 4 acknowledged: %+v %v", p, err)
	}
	sqlExec(t, db, `UPDATE meta SET value = '8' WHERE key = ?`, MetaAuditShipped)
	if p, _ = db.AuditDue(ctx, cutoff); p.Count != 6 || p.Through.Seq != 6 {
		t.Fatalf("due with 8 acknowledged: %+v", p)
	}
	if p, _ = db.AuditDue(ctx, time.Time{}); p.Count != 0 || !p.OldestKept.Equal(day0) {
		t.Fatalf("nothing is older than the zero time: %+v", p)
	}

	purgeAsTheServiceDoes(t, db, cutoff)
	rep, err := db.VerifyAudit(ctx)
	if err != nil || rep.Break != nil || rep.Entries != 5 || rep.Checkpoint == nil || rep.Checkpoint.Seq != 6 ||
		rep.Checkpoint.EntrySeq != 11 || rep.Checkpoint.Purged != 6 || rep.Checkpoint.By != "admin" {
		t.Fatalf("after the purge: %+v %+v %v", rep, rep.Checkpoint, err)
	}
	// The chain goes on from its last entry, and a second purge moves the
	// checkpoint on; the first purge's entry may go with it.
	if err := db.Write(ctx, func(tx *Tx) error {
		_, err := tx.AppendAudit(ctx, domain.AuditEntry{At: day0.AddDate(0, 0, 31), DeviceID: "dev", Actor: "agent", Action: "x"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	sqlExec(t, db, `UPDATE meta SET value = '12' WHERE key = ?`, MetaAuditShipped)
	if p := purgeAsTheServiceDoes(t, db, day0.AddDate(0, 0, 40)); p.Count != 6 || p.Through.Seq != 12 {
		t.Fatalf("the second purge: %+v", p)
	}
	if rep, err := db.VerifyAudit(ctx); err != nil || rep.Break != nil || rep.Entries != 1 || rep.Checkpoint.Seq != 12 {
		t.Fatalf("after the second purge: %+v %v", rep, err)
	}
}

// A checkpoint changed alone, or entries missing around it, break the
// chain; and a purge refuses to remove what does not verify.
func TestTamperedCheckpointOrGapFailsVerification(t *testing.T) {
	ctx := context.Background()
	cutoff := day0.AddDate(0, 0, 6)
	cases := []struct {
		name   string
		tamper []string
		seq    int64
		reason string
	}{
		{"checkpoint hash", []string{`UPDATE audit_checkpoint SET hash = '` + domain.GenesisHash + `'`}, 7, domain.BreakPreviousHash},
		{"entry after the checkpoint gone", []string{`DELETE FROM audit WHERE seq = 7`}, 8, domain.BreakSequence},
		{"checkpoint gone", []string{`DELETE FROM audit_checkpoint`}, 7, domain.BreakSequence},
		// Someone hides one more entry and moves the checkpoint over it: the
		// links hold, but the purge's own entry names another checkpoint.
		{"checkpoint moved over a deleted entry", []string{
			`UPDATE audit_checkpoint SET seq = 7, purged = 7, hash = (SELECT hash FROM audit WHERE seq = 7)`,
			`DELETE FROM audit WHERE seq = 7`}, 11, BreakCheckpoint},
		{"count changed", []string{`UPDATE audit_checkpoint SET purged = 2`}, 11, BreakCheckpoint},
		{"purge entry gone", []string{`DELETE FROM audit WHERE seq = 11`}, 11, BreakCheckpoint},
		{"an entry left before the checkpoint", []string{`INSERT INTO audit SELECT 6, at, device_id, actor, action,
			subject, detail, prev_hash, hash FROM audit WHERE seq = 7`}, 6, domain.BreakSequence},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := chainOfDays(t, 10, 10)
			purgeAsTheServiceDoes(t, db, cutoff)
			for _, q := range c.tamper {
				sqlExec(t, db, q)
			}
			rep, err := db.VerifyAudit(ctx)
			if err != nil || rep.Break == nil || rep.Break.Seq != c.seq || rep.Break.Reason != c.reason {
				t.Fatalf("break %+v, want %s at %d (%v)", rep.Break, c.reason, c.seq, err)
			}
			var broken *ChainBrokenError
			if _, err := db.AuditDue(ctx, day0.AddDate(0, 0, 40)); !errors.As(err, &broken) {
				t.Errorf("a purge over a broken chain was not refused: %v", err)
			}
		})
	}
}

// A purge never removes the evidence of a break.
func TestAuditDueStopsAtABreak(t *testing.T) {
	db := chainOfDays(t, 6, 6)
	sqlExec(t, db, `UPDATE audit SET actor = 'nobody' WHERE seq = 3`)
	var broken *ChainBrokenError
	if _, err := db.AuditDue(context.Background(), day0.AddDate(0, 0, 10)); !errors.As(err, &broken) || broken.Seq != 3 {
		t.Fatalf("due over a tampered entry: %v", err)
	}
}

// A copy is due only once every entry of every request naming it was
// delivered, and when it is older than the cutoff.
func TestDocumentsDueOnlyOnceTheirRequestsAreDelivered(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	doc := func(name string) domain.Scan {
		return domain.Scan{SHA256: fmt.Sprintf("%064x", name), MediaType: "image/png", Size: 2048}
	}
	old, young := day0, day0.AddDate(0, 0, 60)
	delivered, waiting, unnamed, recent, shared := doc("a"), doc("b"), doc("c"), doc("d"), doc("e")
	err := db.Write(ctx, func(tx *Tx) error {
		var answers []Answer
		request := func(id string, deliver int, scans ...domain.Scan) error {
			ev := domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: id, RegNo: "123456789", At: old,
				Evidence: &domain.Evidence{Scans: scans}}
			for i, kind := range []string{domain.EventAddressRequested, domain.EventAddressApproved} {
				ev.Kind = kind
				o, err := tx.Enqueue(ctx, ev)
				if err != nil {
					return err
				}
				if i < deliver {
					answers = append(answers, Answer{ID: o.ID, State: EntryDelivered})
				}
			}
			return nil
		}
		for _, err := range []error{
			request("r1", 2, delivered, recent, shared),
			request("r2", 1, waiting), // its approval waits
			request("r3", 1, shared),
			tx.RecordDocument(ctx, delivered, old), tx.RecordDocument(ctx, waiting, old),
			tx.RecordDocument(ctx, unnamed, old), tx.RecordDocument(ctx, recent, young),
			tx.RecordDocument(ctx, shared, old),
		} {
			if err != nil {
				return err
			}
		}
		return tx.RecordAnswers(ctx, answers, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	due, err := db.DocumentsDue(ctx, day0.AddDate(0, 0, 30))
	if err != nil || len(due) != 1 || due[0].SHA256 != delivered.SHA256 || due[0].Size != 2048 {
		t.Fatalf("due: %+v %v", due, err)
	}
	if due, _ := db.DocumentsDue(ctx, day0); len(due) != 0 {
		t.Errorf("due before any was stored: %+v", due)
	}
	if kept, err := db.OldestDocumentKept(ctx, due); err != nil || !kept.Equal(old) {
		t.Errorf("oldest kept: %v %v", kept, err)
	}
	if err := db.Write(ctx, func(tx *Tx) error { return tx.ForgetDocuments(ctx, due) }); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DocumentsDue(ctx, day0.AddDate(0, 0, 30)); len(due) != 0 {
		t.Errorf("forgotten copies still due: %+v", due)
	}
}
