package storagetest

import (
	"reflect"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// A member's access log reads the devices' records by subject and by the
// members their detail names, each record once, by device then seq; the
// member's request references; and the access log's lines about the
// member, oldest first.
func memberAccessLog(e *env) {
	e.seed()
	other := deviceRecord("0190a1b2-0000-7000-8000-000000000002", rabat, 2, "d2")
	const ref = "RAB01-20260316-1"
	rec := func(seq int64, action, subject, detail string) wire.AuditRecord {
		return wire.AuditRecord{Seq: seq, At: t0.Add(time.Duration(seq) * 1001), Actor: "amina", Action: action,
			Subject: subject, Detail: detail, PrevHash: "p", Hash: "h"}
	}
	search := rec(1, "member.search", "", `{"query":"alaoui","shown":["`+rabA+`","`+rabB+`"]}`)
	viewA, viewB := rec(2, "member.view", rabA, ""), rec(3, "member.view", rabB, "")
	approve := rec(1, "change.approve", ref, `{"request_id":"x"}`)
	line := func(at time.Time, subject string) central.AccessEntry {
		return central.AccessEntry{At: at, DeviceID: device, Actor: "amina", Action: "member.lookup", Subject: subject}
	}
	lines := []central.AccessEntry{line(t0.Add(time.Minute), rabA), line(t0, rabA), line(t0, rabB)}
	e.write(func(tx central.Tx) error {
		if err := tx.InsertDevice(e.ctx, other); err != nil {
			return err
		}
		if err := tx.InsertRequest(e.ctx, request("0190a1b2-0000-7000-8000-0000000000f1", ref, rabA, rabat)); err != nil {
			return err
		}
		for _, r := range []wire.AuditRecord{search, viewA, viewB} {
			if err := tx.AppendAudit(e.ctx, device, r, t0); err != nil {
				return err
			}
		}
		if err := tx.AppendAudit(e.ctx, other.ID, approve, t0); err != nil {
			return err
		}
		for range 2 { // each member once, however often named
			if err := tx.AddAuditMentions(e.ctx, device, 1, []string{rabA, rabB, rabA}); err != nil {
				return err
			}
		}
		for _, l := range lines {
			if err := tx.LogAccess(e.ctx, l); err != nil {
				return err
			}
		}
		return nil
	})
	at := func(dev string, r wire.AuditRecord) central.DeviceAuditRecord {
		return central.DeviceAuditRecord{DeviceID: dev, AuditRecord: r}
	}
	e.read(func(r central.Reader) error {
		got, err := r.MemberAuditRecords(e.ctx, rabA, []string{rabA, ref})
		if want := []central.DeviceAuditRecord{at(device, search), at(device, viewA), at(other.ID, approve)}; !sameRecords(got, want) || err != nil {
			e.t.Errorf("records about A:\n got %+v\nwant %+v (%v)", got, want, err)
		}
		got, err = r.MemberAuditRecords(e.ctx, "", []string{ref})
		if want := []central.DeviceAuditRecord{at(other.ID, approve)}; !sameRecords(got, want) || err != nil {
			e.t.Errorf("records by subject only:\n got %+v\nwant %+v (%v)", got, want, err)
		}
		if got, err := r.MemberAuditRecords(e.ctx, casaM, nil); len(got) != 0 || err != nil {
			e.t.Errorf("records about nobody's business: %+v %v", got, err)
		}
		if refs, err := r.MemberRequestRefs(e.ctx, rabA); !reflect.DeepEqual(refs, []string{ref}) || err != nil {
			e.t.Errorf("request refs: %v %v", refs, err)
		}
		if refs, err := r.MemberRequestRefs(e.ctx, rabB); len(refs) != 0 || err != nil {
			e.t.Errorf("request refs of a member without any: %v %v", refs, err)
		}
		if got, err := r.MemberAccessLines(e.ctx, rabA); !reflect.DeepEqual(got, []central.AccessEntry{lines[1], lines[0]}) || err != nil {
			e.t.Errorf("access lines: %+v %v", got, err)
		}
		return nil
	})
}

// sameRecords compares records with their instants by value (a parsed
// time carries no location pointer to compare).
func sameRecords(got, want []central.DeviceAuditRecord) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if !g.At.Equal(w.At) {
			return false
		}
		g.At, w.At = time.Time{}, time.Time{}
		if g != w {
			return false
		}
	}
	return true
}
