package client_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// A change requested on console A reaches console B's approval queue; B's
// approval comes back to A. The scan goes up before the request.
func TestTwoConsolesConverge(t *testing.T) {
	w := newWorld(t, 40)
	a, b := w.console("counter A"), w.console("counter B")
	agent := a.signIn("agent", agentPW)
	m := a.homeMember(0)
	scan := filepath.Join(t.TempDir(), "form.png")
	if err := os.WriteFile(scan, []byte("\x89PNG\r\n\x1a\nform"), 0o600); err != nil {
		t.Fatal(err)
	}
	req := a.request(agent, m, "7 Rue Oued Fès", scan)
	rep := a.pass()
	if rep.Pushed != 1 || rep.Applied != 1 || rep.Documents != 1 || rep.SetAside != 0 || rep.Pending != 0 {
		t.Fatalf("A's push: %+v", rep)
	}
	var lastAudit int64
	if err := a.query(`SELECT max(seq) FROM audit`).Scan(&lastAudit); err != nil {
		t.Fatal(err)
	}
	if rep.AuditThrough != lastAudit {
		t.Errorf("audit shipped through %d, the chain has %d", rep.AuditThrough, lastAudit)
	}
	sum := sha256.Sum256([]byte("\x89PNG\r\n\x1a\nform"))
	if ok, err := w.app.HasDocument(w.ctx, wire.Device{Branch: w.home}, hex.EncodeToString(sum[:])); err != nil || !ok {
		t.Fatalf("the scan is not at the centre: %v %v", ok, err)
	}

	b.pass()
	super := b.signIn("supervisor", superPW)
	queue, err := b.svc.AddressRequests(w.ctx, super, service.RequestFilter{State: domain.RequestPending})
	if err != nil || len(queue) != 1 || queue[0].ID != req.ID || queue[0].Ref != req.Ref || queue[0].RequestedBy != "agent" {
		t.Fatalf("B's approval queue: %+v %v", queue, err)
	}
	if _, err := b.svc.ApproveAddressChange(w.ctx, super, req.Ref); err != nil {
		t.Fatal(err)
	}
	if rep := b.pass(); rep.Applied != 1 {
		t.Fatalf("B's approval: %+v", rep)
	}
	a.pass()
	for name, c := range map[string]*console{"A": a, "B": b} {
		f, err := c.db.MemberFile(w.ctx, c.homeMember(0).Member.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Member.Version != m.Member.Version+1 || f.Addresses[0].Line1 != "7 Rue Oued Fès" ||
			!f.Addresses[0].Verified || len(f.Addresses) != len(m.Addresses)+1 || f.Addresses[1].ValidTo == nil {
			t.Errorf("%s: member after the approval: v%d %+v", name, f.Member.Version, f.Addresses)
		}
		r, err := c.db.Request(w.ctx, req.Ref)
		if err != nil || r.State != domain.RequestApproved || r.DecidedBy != "supervisor" {
			t.Errorf("%s: request after the approval: %+v %v", name, r, err)
		}
	}
	if st := a.engine.Status(); !st.Online || st.Pending != 0 || st.LastGoodSync.IsZero() || st.LastError != "" {
		t.Errorf("A's status: %+v", st)
	}
}

// The centre's answer to a push is lost after it committed: the retry
// gets "duplicate" (one effect), and the audit chain, longer than one
// batch, is shipped from where the centre holds it.
func TestLostAnswerGivesOneEffectAndAuditResumes(t *testing.T) {
	w := newWorld(t, 40)
	a, b := w.console("counter A"), w.console("counter B")
	device, err := a.db.DeviceID(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = a.db.Write(w.ctx, func(tx *store.Tx) error {
		for range wire.MaxPushAudit + 200 {
			if _, err := tx.AppendAudit(w.ctx, domain.AuditEntry{At: time.Now(), DeviceID: device, Actor: "agent",
				Action: domain.AuditViewMember, Subject: "100000001"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	agent := a.signIn("agent", agentPW)
	a.request(agent, a.homeMember(1), "3 Rue Patrice Lumumba")
	a.link.set(func(f *faultyLink) { f.loseNext = wire.PathPush })
	if _, err := a.engine.Pass(w.ctx); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("a lost answer must read as the centre out of reach: %v", err)
	}
	if st := a.engine.Status(); st.Online || st.Pending != 1 || st.LastError == "" {
		t.Errorf("status after the lost answer: %+v", st)
	}
	rep := a.pass()
	var last int64
	if err := a.query(`SELECT max(seq) FROM audit`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if rep.Duplicate != 1 || rep.Applied != 0 || rep.AuditThrough != last || rep.AuditBreak != nil {
		t.Fatalf("retry after the lost answer: %+v (chain ends at %d)", rep, last)
	}
	if breaks, err := w.app.ChainBreaks(w.ctx); err != nil || len(breaks) != 0 {
		t.Fatalf("the centre found breaks: %+v %v", breaks, err)
	}
	b.pass()
	var n int
	if err := b.query(`SELECT count(*) FROM address_requests`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("B sees %d requests, want exactly one (%v)", n, err)
	}
}

// The centre acknowledges only part of the audit chain sent: the console
// ships again from there, and the centre, which compares what it already
// holds, ends with the whole chain and no break.
func TestAuditResumesAfterAPartialAck(t *testing.T) {
	w := newWorld(t, 5)
	c := w.console("counter A")
	for range 4 {
		c.signIn("agent", agentPW) // each sign-in is an audit entry
	}
	var last int64
	if err := c.query(`SELECT max(seq) FROM audit`).Scan(&last); err != nil || last < 5 {
		t.Fatalf("chain of %d entries (%v)", last, err)
	}
	c.link.set(func(f *faultyLink) { f.ackAtMost = 2 })
	before := c.link.pushes.Load()
	rep := c.pass()
	if rep.AuditThrough != last || c.link.pushes.Load()-before != 2 {
		t.Fatalf("shipped through %d of %d in %d pushes", rep.AuditThrough, last, c.link.pushes.Load()-before)
	}
	if breaks, err := w.app.ChainBreaks(w.ctx); err != nil || len(breaks) != 0 {
		t.Fatalf("the centre found breaks: %+v %v", breaks, err)
	}
	if shipped, err := c.db.Meta(w.ctx, store.MetaAuditShipped); err != nil || shipped != strconv.FormatInt(last, 10) {
		t.Fatalf("audit_shipped = %q (%v), want %d", shipped, err, last)
	}
}

// Console B's request for a member A already has a change pending for is
// refused and set aside: B's later entry for that member waits (deferred,
// then held back), another member's entry is delivered, and the centre's
// newer copy of the member waits aside until B's entries are settled (the
// discard of the refused request settles its cancellation too).
func TestSetAsideHoldsOnlyItsMemberAndTheHeldCopyIsAdopted(t *testing.T) {
	w := newWorld(t, 40)
	a, b := w.console("counter A"), w.console("counter B")
	agentA, agentB := a.signIn("agent", agentPW), b.signIn("agent", agentPW)
	m := a.homeMember(0)
	reqA := a.request(agentA, m, "7 Rue Oued Fès")
	a.pass()

	reqB := b.request(agentB, b.homeMember(0), "9 Rue Tarik")
	if _, err := b.svc.CancelAddressChange(w.ctx, agentB, reqB.Ref); err != nil {
		t.Fatal(err)
	}
	b.request(agentB, b.homeMember(1), "11 Rue Atlas")
	rep := b.pass()
	if rep.SetAside != 1 || rep.Deferred != 1 || rep.Applied != 1 {
		t.Fatalf("B's batch: %+v", rep)
	}
	for seq, want := range map[int64]string{1: store.EntrySetAside, 2: store.EntryPending, 3: store.EntryDelivered} {
		if state, attempts := b.entryState(seq); state != want || attempts != 1 {
			t.Errorf("B's entry %d: %s after %d attempts, want %s after 1", seq, state, attempts, want)
		}
	}
	// A approves its request: the member changes at the centre.
	superA := a.signIn("supervisor", superPW)
	if _, err := a.svc.ApproveAddressChange(w.ctx, superA, reqA.Ref); err != nil {
		t.Fatal(err)
	}
	a.pass()
	rep = b.pass()
	if rep.Pushed != 0 || rep.Held == 0 {
		t.Fatalf("B's pass behind its set-aside entry: %+v", rep)
	}
	if f := b.homeMember(0); f.Member.Version != m.Member.Version || f.Addresses[0].Line1 == "7 Rue Oued Fès" {
		t.Fatalf("the feed overwrote a member with unsettled entries: v%d %+v", f.Member.Version, f.Addresses[0])
	}
	if st := b.engine.Status(); st.SetAside != 1 || st.Pending != 1 {
		t.Errorf("B's status: %+v", st)
	}
	// A supervisor discards the refused request: its cancellation, which
	// the centre would refuse in turn (it never had the request), goes
	// along. Then the centre's copy is adopted.
	superB := b.signIn("supervisor", superPW)
	var id string
	if err := b.query(`SELECT id FROM outbox WHERE seq = 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.DiscardEntry(w.ctx, superB, id, "made twice at two counters"); err != nil {
		t.Fatal(err)
	}
	if state, _ := b.entryState(2); state != store.EntryDiscarded {
		t.Fatalf("the discarded request's cancellation is %s", state)
	}
	if rep := b.pass(); rep.Pushed != 0 || rep.SetAsideTotal != 0 || rep.Pending != 0 {
		t.Fatalf("B's pass after the discard: %+v", rep)
	}
	f := b.homeMember(0)
	if f.Member.Version != m.Member.Version+1 || f.Addresses[0].Line1 != "7 Rue Oued Fès" {
		t.Fatalf("the held copy was not adopted: v%d %+v", f.Member.Version, f.Addresses[0])
	}
	if r, err := b.db.Request(w.ctx, reqA.Ref); err != nil || r.State != domain.RequestApproved {
		t.Fatalf("A's request at B: %+v %v", r, err)
	}
	if n, err := b.db.HeldCount(w.ctx); err != nil || n != 0 {
		t.Fatalf("%d items still held (%v)", n, err)
	}
}

// A centre that refuses the protocol version: "update needed", and no
// retry loop.
func TestUpdateNeededStopsRetrying(t *testing.T) {
	w := newWorld(t, 5)
	c := w.console("counter A")
	c.link.set(func(f *faultyLink) {
		f.rewrite = func(r *http.Request) { r.Header.Set(wire.VersionHeader, "0") }
	})
	ctx, cancel := context.WithCancel(w.ctx)
	done := make(chan struct{})
	go func() { c.engine.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	eventually(t, "update needed", func() bool { return c.engine.Status().UpdateNeeded })
	calls := c.link.calls.Load()
	c.engine.Kick()
	time.Sleep(100 * time.Millisecond) // dozens of retries' worth at this backoff
	if got := c.link.calls.Load(); got != calls {
		t.Fatalf("%d more requests after update needed", got-calls)
	}
	if _, err := c.engine.Pass(w.ctx); !errors.Is(err, client.ErrUpdateNeeded) || c.link.calls.Load() != calls {
		t.Fatalf("a pass after update needed: %v", err)
	}
	if st := c.engine.Status(); !st.Online || st.LastError == "" {
		t.Errorf("status: %+v", st)
	}
}

// The centre out of reach for a while, then back: the queue drains by
// itself, without a kick.
func TestQueueDrainsWhenTheLinkReturns(t *testing.T) {
	w := newWorld(t, 5)
	c := w.console("counter A")
	c.link.set(func(f *faultyLink) { f.down = true })
	agent := c.signIn("agent", agentPW)
	c.request(agent, c.homeMember(0), "5 Rue Ghandi")
	var passes atomic.Int64
	c.engine.OnPass(func() { passes.Add(1) })
	before := c.link.calls.Load() // provisioning's requests
	ctx, cancel := context.WithCancel(w.ctx)
	done := make(chan struct{})
	go func() { c.engine.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	eventually(t, "several failed passes", func() bool { return c.link.calls.Load()-before >= 3 && c.engine.Status().LastError != "" })
	if st := c.engine.Status(); st.Online || st.Pending != 1 {
		t.Fatalf("status while offline: %+v", st)
	}
	c.link.set(func(f *faultyLink) { f.down = false })
	eventually(t, "the queue to drain", func() bool {
		st := c.engine.Status()
		return st.Online && st.Pending == 0 && st.LastError == ""
	})
	if passes.Load() < 3 {
		t.Errorf("told of %d passes", passes.Load())
	}
}
