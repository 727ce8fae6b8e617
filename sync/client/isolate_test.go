package client_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// enqueueRaw queues an entry whose payload is exactly payload: what a
// damaged outbox row would hold.
func (c *console) enqueueRaw(regno, kind, payload string) store.OutboxEntry {
	c.t.Helper()
	var o store.OutboxEntry
	err := c.db.Write(c.ctx, func(tx *store.Tx) (err error) {
		o, err = tx.EnqueueEntry(c.ctx, kind, regno, time.Now(), json.RawMessage(payload))
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return o
}

// An entry the centre cannot even read (a repeated key in its payload)
// makes it refuse the whole batch (400). The engine isolates it by
// halving, sets it aside with the centre's reason and field, and the other
// members' entries and the audit chain go through; the same member's
// later entry waits behind it.
func TestAnEntryThatSpoilsItsBatchIsSetAsideAlone(t *testing.T) {
	w := newWorld(t, 40)
	c := w.console("counter A")
	agent := c.signIn("agent", agentPW)
	first, spoilt, last := c.homeMember(0), c.homeMember(1), c.homeMember(2)
	reqFirst := c.request(agent, first, "1 Rue Alpha")
	poison := c.enqueueRaw(spoilt.Member.RegNo, domain.EventAddressCancelled,
		`{"kind":"address.cancelled","kind":"address.cancelled"}`)
	behind := c.request(agent, spoilt, "2 Rue Beta")
	reqLast := c.request(agent, last, "3 Rue Gamma")

	before := c.link.pushes.Load()
	rep := c.pass()
	if rep.Pushed != 3 || rep.Applied != 2 || rep.SetAside != 1 || rep.Pending != 1 || rep.SetAsideTotal != 1 {
		t.Fatalf("pass: %+v", rep)
	}
	// 4 entries refused whole; 2, then 1 refused; the first alone; the
	// poison alone and an empty control; then the rest with the audit.
	if n := c.link.pushes.Load() - before; n != 6 {
		t.Errorf("%d pushes, want 6", n)
	}
	_, res := c.answer(poison.Seq)
	if res.Status != wire.StatusRejected || res.Reason != "repeated key" || !strings.Contains(res.Field, "payload") {
		t.Errorf("the poison's answer: %+v", res)
	}
	for seq, want := range map[int64]string{poison.Seq: store.EntrySetAside, poison.Seq + 1: store.EntryPending} {
		if state, _ := c.entryState(seq); state != want {
			t.Errorf("entry %d is %s, want %s", seq, state, want)
		}
	}
	for _, id := range []string{reqFirst.ID, reqLast.ID} {
		if _, ok := w.centreRequest(id); !ok {
			t.Errorf("request %s did not reach the centre", id)
		}
	}
	if _, ok := w.centreRequest(behind.ID); ok {
		t.Error("the poisoned member's later request went past the poison")
	}
	var lastAudit int64
	if err := c.query(`SELECT max(seq) FROM audit`).Scan(&lastAudit); err != nil {
		t.Fatal(err)
	}
	if rep.AuditThrough != lastAudit {
		t.Errorf("audit shipped through %d of %d", rep.AuditThrough, lastAudit)
	}
}

// A centre that refuses every push (here: for a query parameter it does
// not know) is not an entry's fault: the pass fails and nothing is set
// aside.
func TestACentreRefusingEveryPushSetsNothingAside(t *testing.T) {
	w := newWorld(t, 40)
	c := w.console("counter A")
	agent := c.signIn("agent", agentPW)
	c.request(agent, c.homeMember(0), "1 Rue Alpha")
	c.request(agent, c.homeMember(1), "2 Rue Beta")
	c.link.set(func(f *faultyLink) {
		f.rewrite = func(r *http.Request) {
			if r.URL.Path == wire.PathPush {
				r.URL.RawQuery = "spoilt=1"
			}
		}
	})
	if _, err := c.engine.Pass(w.ctx); err == nil || !strings.Contains(err.Error(), "400") {
		t.Fatalf("pass against a centre refusing every push: %v", err)
	}
	for seq := int64(1); seq <= 2; seq++ {
		if state, attempts := c.entryState(seq); state != store.EntryPending || attempts != 0 {
			t.Errorf("entry %d: %s after %d attempts, want pending after 0", seq, state, attempts)
		}
	}
}
