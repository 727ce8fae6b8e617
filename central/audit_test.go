package central_test

import (
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// chain builds n valid records of a device's audit chain.
func chain(deviceID string, n int) []wire.AuditRecord {
	var out []wire.AuditRecord
	prev := domain.GenesisHash
	for i := 1; i <= n; i++ {
		e := domain.AuditEntry{Seq: int64(i), At: day.Add(time.Duration(i) * time.Minute), DeviceID: deviceID,
			Actor: agent, Action: domain.AuditViewMember, Subject: memberA, Detail: `{"n":1}`, PrevHash: prev}
		e.Hash = domain.AuditHash(e)
		prev = e.Hash
		out = append(out, wire.AuditRecord{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action,
			Subject: e.Subject, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	return out
}

func (f *fixture) pushAudit(dev wire.Device, records []wire.AuditRecord) wire.AuditAck {
	f.t.Helper()
	resp, err := f.app.Push(f.ctx, dev, wire.PushRequest{Audit: records})
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.Audit
}

func TestAuditChainIntact(t *testing.T) {
	f := newFixture(t)
	records := chain(f.rabA.ID, 5)
	if ack := f.pushAudit(f.rabA, records[:3]); ack.Through != 3 || ack.Break != nil {
		t.Fatalf("first stretch: %+v", ack)
	}
	// The ack was lost: the console sends from 2 again, then on.
	if ack := f.pushAudit(f.rabA, records[1:]); ack.Through != 5 || ack.Break != nil {
		t.Fatalf("overlapping stretch: %+v", ack)
	}
	// Another device's chain is its own: the same records do not verify
	// under its id, and it starts from nothing.
	if ack := f.pushAudit(f.rabB, chain(f.rabB.ID, 2)); ack.Through != 2 || ack.Break != nil {
		t.Fatalf("second device: %+v", ack)
	}
	if breaks, _ := f.app.ChainBreaks(f.ctx); len(breaks) != 0 {
		t.Fatalf("breaks in intact chains: %+v", breaks)
	}
}

func TestAuditChainWithRemovedEntry(t *testing.T) {
	f := newFixture(t)
	records := chain(f.rabA.ID, 5)
	gapped := append(append([]wire.AuditRecord{}, records[:2]...), records[3:]...)
	ack := f.pushAudit(f.rabA, gapped)
	if ack.Through != 2 || ack.Break == nil || ack.Break.Seq != 3 || ack.Break.Reason != "sequence" {
		t.Fatalf("gap: %+v %+v", ack, ack.Break)
	}
	// Nothing past the gap was kept: 3 is what the centre still waits for.
	if again := f.pushAudit(f.rabA, records[3:]); again.Through != 2 {
		t.Fatalf("records past the gap taken: through %d", again.Through)
	}
}

func TestAuditChainWithAlteredEntry(t *testing.T) {
	f := newFixture(t)
	records := chain(f.rabA.ID, 4)
	records[1].Detail = `{"n":2}` // edited after the fact, hash left as it was
	ack := f.pushAudit(f.rabA, records)
	if ack.Through != 4 || ack.Break == nil || ack.Break.Seq != 2 || ack.Break.Reason != "hash" {
		t.Fatalf("altered record: %+v %+v", ack, ack.Break)
	}
	breaks, err := f.app.ChainBreaks(f.ctx)
	if err != nil || len(breaks) != 1 || breaks[0].DeviceID != f.rabA.ID || breaks[0].Seq != 2 || !breaks[0].FoundAt.Equal(f.clock) {
		t.Fatalf("breaks: %+v %v", breaks, err)
	}

	// Sent again with other content than what the centre holds.
	forged := chain(f.rabB.ID, 2)
	f.pushAudit(f.rabB, forged)
	forged[0].Actor, forged[0].Hash = super, "0000"
	if ack := f.pushAudit(f.rabB, forged[:1]); ack.Break == nil || ack.Break.Seq != 1 || ack.Break.Reason != "resent_differs" {
		t.Fatalf("resent record differs: %+v", ack.Break)
	}
}

func TestAuditRelinkedChainBreaksAtLink(t *testing.T) {
	f := newFixture(t)
	records := chain(f.rabA.ID, 3)
	// Record 2 removed and 3 rehashed to fill its place: the link fails.
	e := domain.AuditEntry{Seq: 2, At: records[2].At, DeviceID: f.rabA.ID, Actor: records[2].Actor,
		Action: records[2].Action, Subject: records[2].Subject, Detail: records[2].Detail, PrevHash: records[0].Hash}
	e.Hash = domain.AuditHash(e)
	relinked := []wire.AuditRecord{records[0], {Seq: 2, At: e.At, Actor: e.Actor, Action: e.Action, Subject: e.Subject,
		Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash}, records[2]}
	ack := f.pushAudit(f.rabA, relinked)
	if ack.Through != 3 || ack.Break == nil || ack.Break.Seq != 3 || ack.Break.Reason != "previous_hash" {
		t.Fatalf("relinked chain: %+v %+v", ack, ack.Break)
	}
}
