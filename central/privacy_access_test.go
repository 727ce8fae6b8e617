package central_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// auditStep is one record of a device's chain as a test writes it.
type auditStep struct {
	after                          time.Duration
	actor, action, subject, detail string
}

// auditChain builds a valid chain of the steps for a device.
func auditChain(deviceID string, steps ...auditStep) []wire.AuditRecord {
	var out []wire.AuditRecord
	prev := domain.GenesisHash
	for i, s := range steps {
		e := domain.AuditEntry{Seq: int64(i + 1), At: day.Add(s.after), DeviceID: deviceID, Actor: s.actor,
			Action: s.action, Subject: s.subject, Detail: s.detail, PrevHash: prev}
		e.Hash = domain.AuditHash(e)
		prev = e.Hash
		out = append(out, wire.AuditRecord{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action,
			Subject: e.Subject, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	return out
}

// The centre's access log of a member merges what the devices delivered
// (searches that showed the member, views, changes by reference, even of a
// request the centre never held) with its own lines (a fetch on demand),
// by time; another member's records stay out; the lookup is logged.
func TestMemberAccessLogAcrossDevices(t *testing.T) {
	f := newFixture(t)
	req := f.request(rabat, agent, memberA, 1)
	if res := f.pushOne(f.rabA, req); res.Status != wire.StatusApplied {
		t.Fatalf("request: %+v", res)
	}
	const forgotten = "RAB01-20260316-99999" // recorded on the device, never delivered
	f.pushAudit(f.rabA, auditChain(f.rabA.ID,
		auditStep{time.Minute, agent, domain.AuditSearch, "", `{"query":"alaoui","shown":["` + memberA + `","` + memberB + `"]}`},
		auditStep{2 * time.Minute, agent, domain.AuditViewMember, memberA, ""},
		auditStep{3 * time.Minute, agent, domain.AuditViewMember, memberB, ""},
		auditStep{5 * time.Minute, agent, domain.AuditChangeRecorded, forgotten, `{"registration_number":"` + memberA + `"}`},
		auditStep{6 * time.Minute, agent, domain.AuditChangeCancelled, forgotten, `{"reason":""}`},
	))
	f.pushAudit(f.rabB, auditChain(f.rabB.ID,
		auditStep{4 * time.Minute, super, domain.AuditChangeApproved, req.Reference, `{"request_id":"` + req.RequestID + `"}`}))
	f.clock = day.Add(150 * time.Second)
	if _, err := f.app.LookupMember(f.ctx, f.casA, casaAgent, memberA, ""); err != nil {
		t.Fatal(err)
	}
	f.clock = day.Add(time.Hour)

	log, err := f.app.MemberAccessLog(f.ctx, " "+memberA, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		device, actor string
		kind          domain.AccessKind
		ref, source   string
	}
	want := []line{
		{f.rabA.ID, agent, domain.AccessSearched, "", central.AccessFromDevice},
		{f.rabA.ID, agent, domain.AccessViewed, "", central.AccessFromDevice},
		{f.casA.ID, casaAgent, domain.AccessFetched, "", central.AccessFromCentre},
		{f.rabB.ID, super, domain.AccessChanged, req.Reference, central.AccessFromDevice},
		{f.rabA.ID, agent, domain.AccessChanged, forgotten, central.AccessFromDevice},
		{f.rabA.ID, agent, domain.AccessChanged, forgotten, central.AccessFromDevice},
	}
	if len(log) != len(want) {
		t.Fatalf("access log:\n%+v", log)
	}
	for i, w := range want {
		g := log[i]
		if (line{g.DeviceID, g.Actor, g.Kind, g.Reference, g.Source}) != w || g.At.Location() != time.UTC {
			t.Errorf("line %d: %+v, want %+v", i, g, w)
		}
	}
	again, err := f.app.MemberAccessLog(f.ctx, memberA, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(again); n != len(want)+1 || again[n-1].Kind != domain.AccessLogRead || again[n-1].Actor != "dpo" ||
		again[n-1].Source != central.AccessFromCentre {
		t.Errorf("the first lookup must show in the second: %+v", again[n-1])
	}
	b, err := f.app.MemberAccessLog(f.ctx, memberB, "dpo")
	if err != nil || len(b) != 2 {
		t.Errorf("member B: %+v %v", b, err)
	}
}

// A bad or unknown number is a field error on regno, a missing name one
// on by; nothing is logged then.
func TestMemberAccessLogRefusals(t *testing.T) {
	f := newFixture(t)
	for _, bad := range []string{"12AB", "", "999999999"} {
		if _, err := f.app.MemberAccessLog(f.ctx, bad, "dpo"); !isField(err, "regno") {
			t.Errorf("MemberAccessLog(%q): %v", bad, err)
		}
	}
	if _, err := f.app.MemberAccessLog(f.ctx, memberA, " "); !isField(err, "by") {
		t.Errorf("no name: %v", err)
	}
	lines, err := f.app.AccessLog(f.ctx, time.Time{})
	if err != nil || len(lines) != 0 {
		t.Errorf("refused lookups were logged: %+v %v", lines, err)
	}
	if _, err := f.app.MemberAccessLog(f.ctx, memberCasa, "dpo"); errors.Is(err, central.ErrNotFound) || err != nil {
		t.Errorf("a member held with no access: %v", err)
	}
}
