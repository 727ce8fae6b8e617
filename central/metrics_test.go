package central_test

import (
	"errors"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// delta is what moved in the counters between two readings.
func delta(before, after central.Counters) map[string]uint64 {
	d := map[string]uint64{}
	for k, v := range after.Entries {
		if n := v - before.Entries[k]; n != 0 {
			d["entry."+k] = n
		}
	}
	for k, v := range after.PINVerifications {
		if n := v - before.PINVerifications[k]; n != 0 {
			d["pin."+k] = n
		}
	}
	if n := after.FeedItems - before.FeedItems; n != 0 {
		d["feed"] = n
	}
	if n := after.ChainBreaks - before.ChainBreaks; n != 0 {
		d["breaks"] = n
	}
	return d
}

func wantDelta(t *testing.T, what string, before, after central.Counters, want map[string]uint64) {
	t.Helper()
	if got := delta(before, after); !maps.Equal(got, want) {
		t.Fatalf("%s: counters moved by %v, want %v", what, got, want)
	}
}

func TestCountersStartWithEverySeriesAtZero(t *testing.T) {
	c := newFixture(t).app.Counters()
	if len(c.Entries) != len(central.EntryStatuses) || len(c.PINVerifications) != len(central.PINResults) {
		t.Fatalf("counters %+v", c)
	}
	for _, s := range central.EntryStatuses {
		if v, ok := c.Entries[s]; !ok || v != 0 {
			t.Errorf("entries %s: %d, %v", s, v, ok)
		}
	}
	for _, r := range central.PINResults {
		if v, ok := c.PINVerifications[r]; !ok || v != 0 {
			t.Errorf("verifications %s: %d, %v", r, v, ok)
		}
	}
}

func TestCountersCountEachPushedEntryByItsAnswer(t *testing.T) {
	f := newFixture(t)
	c0 := f.app.Counters()
	req := f.request(rabat, agent, memberA, 1)
	first := entry(t, req)
	f.push(f.rabA, first)
	c1 := f.app.Counters()
	wantDelta(t, "an applied entry", c0, c1, map[string]uint64{"entry.applied": 1})

	// The same entry again, a second request for the member (refused: one
	// pending change per member) and the entry held behind it.
	second := entry(t, f.request(rabat, agent, memberA, 1))
	held := entry(t, decision(domain.EventAddressCancelled, req, agent, f.clock))
	held.RegNo = memberA
	res := f.push(f.rabA, first, second, held)
	if res[0].Status != wire.StatusDuplicate || res[1].Status != wire.StatusRejected || res[2].Status != wire.StatusDeferred {
		t.Fatalf("results %+v", res)
	}
	c2 := f.app.Counters()
	wantDelta(t, "a replay, a refusal and a held entry", c1, c2,
		map[string]uint64{"entry.duplicate": 1, "entry.rejected": 1, "entry.deferred": 1})

	// A batch that fails as a whole commits nothing and counts nothing.
	if err := f.app.RevokeDevice(f.ctx, f.rabB.ID); err != nil {
		t.Fatal(err)
	}
	_, err := f.app.Push(f.ctx, f.rabB, wire.PushRequest{Entries: []wire.Entry{entry(t, f.request(rabat, agent, memberB, 1))}})
	if !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("push from a revoked device: %v", err)
	}
	wantDelta(t, "a batch refused whole", c2, f.app.Counters(), map[string]uint64{})
}

func TestCountersCountFeedItems(t *testing.T) {
	f := newFixture(t)
	c0 := f.app.Counters()
	items, pages, _ := f.pull(f.rabA, 0, 2)
	if pages < 2 || len(items) == 0 {
		t.Fatalf("%d items in %d pages", len(items), pages)
	}
	wantDelta(t, "the scope pulled", c0, f.app.Counters(), map[string]uint64{"feed": uint64(len(items))})
}

// A gap is met again at each push until the missing record comes: it is
// one break, counted once.
func TestCountersCountEachChainBreakOnce(t *testing.T) {
	f := newFixture(t)
	c0 := f.app.Counters()
	records := chain(f.rabA.ID, 6)
	gapped := append(append([]wire.AuditRecord{}, records[:2]...), records[3:]...)
	f.pushAudit(f.rabA, gapped)
	f.pushAudit(f.rabA, gapped[2:])
	c1 := f.app.Counters()
	wantDelta(t, "a gap met twice", c0, c1, map[string]uint64{"breaks": 1})

	altered := chain(f.rabB.ID, 3)
	altered[1].Detail = `{"n":2}`
	f.pushAudit(f.rabB, altered)
	f.pushAudit(f.rabB, altered) // resent as held: nothing new
	wantDelta(t, "an altered record", c1, f.app.Counters(), map[string]uint64{"breaks": 1})
	if breaks, _ := f.app.ChainBreaks(f.ctx); len(breaks) != 2 {
		t.Fatalf("breaks recorded: %+v", breaks)
	}
}

func TestCountersCountPINVerificationsByAnswer(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, memberA)
	p.pushPIN(p.rabA, ev)
	c0 := p.app.Counters()
	p.verify(memberA, code)
	p.verify(memberA, otherPIN(code))
	p.verify(memberB, code) // no PIN for this member: invalid too
	// Bad input is refused before any answer: not a verification.
	if _, err := p.app.VerifyPIN(p.ctx, p.portal, wire.PINVerifyRequest{RegNo: memberA, PIN: "12"}); err == nil {
		t.Fatal("a two-digit PIN must be refused")
	}
	wantDelta(t, "three verifications", c0, p.app.Counters(), map[string]uint64{"pin.valid": 1, "pin.invalid": 2})
}

func TestQueuesCountWaitingPINsAndDevicesSeen(t *testing.T) {
	f := newLettersFixture(t)
	q, err := f.app.Queues(f.ctx)
	if err != nil || q != (central.Queues{}) {
		t.Fatalf("an idle centre: %+v, %v", q, err)
	}
	f.pushReissue(postA, domain.ChannelPost)
	f.pushReissue(postB, domain.ChannelPost)
	f.pushReissue(student, domain.ChannelEmail)
	if _, err := f.app.DeviceByToken(f.ctx, f.tokens[f.rabA.ID]); err != nil {
		t.Fatal(err)
	}
	if q, err = f.app.Queues(f.ctx); err != nil || q != (central.Queues{PINLetters: 2, PINEmails: 1, DevicesSeen: 1}) {
		t.Fatalf("after three reissues and one call: %+v, %v", q, err)
	}

	// The letters go out the next morning; the device has been silent for
	// more than the window.
	f.clock = f.clock.Add(central.SeenWindow + time.Minute)
	if _, err := f.app.ExportLetters(f.ctx, f.dayOf(f.clock.Add(-central.SeenWindow)), filepath.Join(t.TempDir(), "letters"), sender); err != nil {
		t.Fatal(err)
	}
	if q, err = f.app.Queues(f.ctx); err != nil || q != (central.Queues{PINEmails: 1}) {
		t.Fatalf("after the batch, an hour on: %+v, %v", q, err)
	}

	// A revoked device is not counted, however recent its call.
	if _, err := f.app.DeviceByToken(f.ctx, f.tokens[f.casA.ID]); err != nil {
		t.Fatal(err)
	}
	if err := f.app.RevokeDevice(f.ctx, f.casA.ID); err != nil {
		t.Fatal(err)
	}
	if q, err = f.app.Queues(f.ctx); err != nil || q.DevicesSeen != 0 {
		t.Fatalf("a revoked device: %+v, %v", q, err)
	}
}
