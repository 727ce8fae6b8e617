package service

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

var retention = Retention{AuditDays: 180, DocumentsDays: 30}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.raw.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// acknowledge makes the centre hold the chain through seq.
func (f *fixture) acknowledge(t *testing.T, seq int) {
	f.exec(t, `INSERT INTO meta (key, value) VALUES ('audit_shipped', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, seq)
}

// requestWithScan records an address change with one scan and returns
// the request and the scan's file in the document store.
func (f *fixture) requestWithScan(t *testing.T, content string) (store.AddressRequest, string) {
	t.Helper()
	in := goodChange()
	path := filepath.Join(t.TempDir(), "form.png")
	must(t, os.WriteFile(path, []byte("\x89PNG\r\n\x1a\n"+content), 0o600))
	in.ScanFiles = []string{path}
	req, _, err := f.svc.RequestAddressChange(f.ctx, f.signIn(t, "agent", agentPW), in)
	if err != nil {
		t.Fatal(err)
	}
	return req, filepath.Join(f.svc.policy.DocumentsDir, req.Evidence.Scans[0].SHA256)
}

func TestPurgeRetentionIsForAdminsOnly(t *testing.T) {
	f := newFixture(t)
	entries := f.count(t, `SELECT count(*) FROM audit`)
	for _, sess := range []Session{f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)} {
		entries++ // the sign-in
		for _, dry := range []bool{true, false} {
			if _, err := f.svc.PurgeRetention(f.ctx, sess, retention, dry); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s purging (dry run %v): %v", sess.Role, dry, err)
			}
		}
	}
	// A standalone console never shipped anything: nothing is ever due.
	f.now = f.now.AddDate(2, 0, 0)
	rep, err := f.svc.PurgeRetention(f.ctx, f.admin, retention, false)
	if err != nil || !rep.Nothing() || rep.EntrySeq != 0 || rep.Checkpoint != nil {
		t.Fatalf("admin on a standalone console: %+v %v", rep, err)
	}
	if n := f.count(t, `SELECT count(*) FROM audit`); n != entries {
		t.Errorf("%d audit entries, want %d: a refused or empty purge wrote", n, entries)
	}
}

// Only what the centre holds goes: entries it acknowledged, copies whose
// requests it received in full and that are not pending here. The files
// leave the document store, and the chain verifies from the checkpoint.
func TestPurgeKeepsWhatTheCentreDoesNotHold(t *testing.T) {
	f := newFixture(t)
	decided, decidedFile := f.requestWithScan(t, "form of the decided request")
	if _, err := f.svc.ApproveAddressChange(f.ctx, f.signIn(t, "super", supervisorPW), decided.Ref); err != nil {
		t.Fatal(err)
	}
	_, pendingFile := f.requestWithScan(t, "form of the pending request")
	shipped := f.count(t, `SELECT max(seq) FROM audit`) - 2 // the last entries never reached the centre
	f.now = f.now.AddDate(1, 0, 0)
	admin := f.signIn(t, "admin", adminPW)

	rep, err := f.svc.PurgeRetention(f.ctx, admin, retention, true)
	if err != nil || !rep.Nothing() {
		t.Fatalf("nothing acknowledged nor delivered: %+v %v", rep, err)
	}
	f.acknowledge(t, shipped)
	f.exec(t, `UPDATE outbox SET state = 'delivered' WHERE kind = ?`, domain.EventAddressRequested)
	if rep, _ = f.svc.PurgeRetention(f.ctx, admin, retention, true); rep.AuditEntries != int64(shipped) || rep.Documents != 0 {
		t.Fatalf("the approval still waits: %+v", rep)
	}
	f.exec(t, `UPDATE outbox SET state = 'delivered'`)
	entries := f.count(t, `SELECT count(*) FROM audit`)
	rep, err = f.svc.PurgeRetention(f.ctx, admin, retention, true)
	if err != nil || !rep.DryRun || rep.AuditEntries != int64(shipped) || rep.Documents != 1 || rep.DocumentBytes == 0 {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if f.count(t, `SELECT count(*) FROM audit`) != entries || rep.Checkpoint != nil || rep.EntrySeq != 0 {
		t.Fatal("the dry run wrote")
	}
	if _, err := os.Stat(decidedFile); err != nil {
		t.Fatalf("the dry run removed a file: %v", err)
	}

	rep, err = f.svc.PurgeRetention(f.ctx, admin, retention, false)
	if err != nil || rep.AuditEntries != int64(shipped) || rep.Documents != 1 || rep.Checkpoint == nil ||
		rep.Checkpoint.Seq != int64(shipped) || rep.Checkpoint.By != "admin" || rep.EntrySeq != rep.Checkpoint.EntrySeq {
		t.Fatalf("purge: %+v %+v %v", rep, rep.Checkpoint, err)
	}
	if _, err := os.Stat(decidedFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the delivered copy is still in the document store: %v", err)
	}
	if _, err := os.Stat(pendingFile); err != nil {
		t.Errorf("the copy of a pending request went: %v", err)
	}
	if n := f.count(t, `SELECT count(*) FROM documents`); n != 1 {
		t.Errorf("%d copies indexed, want the pending one", n)
	}
	if n := f.count(t, `SELECT count(*) FROM audit WHERE seq <= ?`, shipped); n != 0 {
		t.Errorf("%d acknowledged entries left", n)
	}
	if n := f.count(t, `SELECT count(*) FROM audit WHERE seq > ? AND seq < ?`, shipped, rep.EntrySeq); n != entries-shipped {
		t.Errorf("%d unacknowledged entries left, want %d", n, entries-shipped)
	}
	purge := f.lastAudit(t)
	if purge.Action != domain.AuditRetentionPurge || purge.Actor != "admin" || purge.Seq != rep.EntrySeq {
		t.Errorf("the purge's entry: %+v", purge)
	}
	verified, err := f.svc.VerifyAudit(f.ctx, f.signIn(t, "super", supervisorPW))
	if err != nil || verified.Break != nil || verified.Checkpoint == nil || verified.Checkpoint.Seq != int64(shipped) {
		t.Fatalf("verify after the purge: %+v %v", verified, err)
	}
}

// The automatic purge is the console's own, and costs no entry when
// nothing is due.
func TestAutomaticPurgeIsRecordedAsTheConsole(t *testing.T) {
	f := newFixture(t)
	f.acknowledge(t, f.count(t, `SELECT max(seq) FROM audit`))
	rep, err := f.svc.PurgeDue(f.ctx, retention)
	if err != nil || !rep.Nothing() {
		t.Fatalf("nothing old enough yet: %+v %v", rep, err)
	}
	f.now = f.now.AddDate(0, 0, 181)
	if rep, err = f.svc.PurgeDue(f.ctx, Retention{}); err != nil || !rep.Nothing() {
		t.Fatalf("a retention of 0 keeps everything: %+v %v", rep, err)
	}
	rep, err = f.svc.PurgeDue(f.ctx, retention)
	if err != nil || rep.AuditEntries == 0 || rep.EntrySeq == 0 {
		t.Fatalf("automatic purge: %+v %v", rep, err)
	}
	e := f.lastAudit(t)
	var detail store.PurgeDetail
	if err := json.Unmarshal([]byte(e.Detail), &detail); err != nil || e.Actor != RetentionActor || !detail.Automatic ||
		detail.Entries != rep.AuditEntries || detail.CheckpointSeq != rep.Checkpoint.Seq {
		t.Errorf("its entry: %+v %+v %v", e, detail, err)
	}
	entries := f.count(t, `SELECT count(*) FROM audit`)
	if rep, err = f.svc.PurgeDue(f.ctx, retention); err != nil || !rep.Nothing() || f.count(t, `SELECT count(*) FROM audit`) != entries {
		t.Errorf("a second purge with nothing due: %+v %v", rep, err)
	}
}
