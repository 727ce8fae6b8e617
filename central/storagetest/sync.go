package storagetest

import (
	"reflect"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// A scan is recorded once: the second insert says it already was.
func documents(e *env) {
	doc := central.DocumentRecord{SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		MediaType: "application/pdf", Size: 1234, StoredAt: t0}
	e.read(func(r central.Reader) error {
		if has, err := r.HasDocument(e.ctx, doc.SHA256); has || err != nil {
			e.t.Errorf("unknown document: %v %v", has, err)
		}
		return nil
	})
	var first, again bool
	e.write(func(tx central.Tx) (err error) {
		if first, err = tx.InsertDocument(e.ctx, doc); err != nil {
			return err
		}
		again, err = tx.InsertDocument(e.ctx, doc)
		return err
	})
	e.read(func(r central.Reader) error {
		if has, err := r.HasDocument(e.ctx, doc.SHA256); !first || again || !has || err != nil {
			e.t.Errorf("created %v then %v, held %v (%v)", first, again, has, err)
		}
		return nil
	})
}

// PutEntry inserts, then replaces the status, result and last seen time;
// the first time seen, the device, the content hash and the kind stay.
func entries(e *env) {
	e.seed()
	id := "0190a1b2-0000-7000-8000-0000000000e1"
	rec := central.EntryRecord{ID: id, DeviceID: device, ContentHash: "c1", Kind: domain.EventAddressRequested,
		Status: wire.StatusRejected, Result: wire.Result{ID: id, Status: wire.StatusRejected, Reason: "bad", Field: "city"},
		FirstSeen: t0, LastSeen: t0}
	e.read(func(r central.Reader) error {
		if _, ok, err := r.Entry(e.ctx, id); ok || err != nil {
			e.t.Errorf("unknown entry: %v %v", ok, err)
		}
		return nil
	})
	e.write(func(tx central.Tx) error { return tx.PutEntry(e.ctx, rec) })
	later := rec
	later.Status, later.LastSeen = wire.StatusApplied, t0.Add(time.Hour)
	current := member(rabA, rabat, "Adam")
	later.Result = wire.Result{ID: id, Status: wire.StatusApplied, Current: &current}
	changed := later
	changed.DeviceID, changed.ContentHash, changed.Kind, changed.FirstSeen = "other", "c2", "x", t0.Add(time.Minute)
	e.write(func(tx central.Tx) error { return tx.PutEntry(e.ctx, changed) })
	e.refused("an entry of an unknown device", func(tx central.Tx) error {
		r := rec
		r.ID, r.DeviceID = "0190a1b2-0000-7000-8000-0000000000e2", "nobody"
		return tx.PutEntry(e.ctx, r)
	})
	e.read(func(r central.Reader) error {
		got, ok, err := r.Entry(e.ctx, id)
		if !ok || err != nil || !reflect.DeepEqual(got, later) {
			e.t.Errorf("entry:\n got %+v\nwant %+v (%v %v)", got, later, ok, err)
		}
		return nil
	})
}

// A device's chain: its head, the hash at a seq, one record per seq.
func audit(e *env) {
	e.seed()
	rec := func(seq int64, prev string) wire.AuditRecord {
		// Nanoseconds: the hash covers them.
		return wire.AuditRecord{Seq: seq, At: t0.Add(time.Duration(seq) * 1001), Actor: "amina", Action: "address.request",
			Subject: rabA, Detail: "{}", PrevHash: prev, Hash: "h" + string(rune('0'+seq))}
	}
	e.read(func(r central.Reader) error {
		if h, err := r.AuditHead(e.ctx, device); h != (domain.AuditHead{}) || err != nil {
			e.t.Errorf("head of an empty chain: %+v %v", h, err)
		}
		if _, ok, err := r.AuditHash(e.ctx, device, 1); ok || err != nil {
			e.t.Errorf("hash of a missing record: %v %v", ok, err)
		}
		return nil
	})
	e.write(func(tx central.Tx) error {
		if err := tx.AppendAudit(e.ctx, device, rec(1, ""), t0); err != nil {
			return err
		}
		return tx.AppendAudit(e.ctx, device, rec(2, "h1"), t0)
	})
	e.refused("a seq twice", func(tx central.Tx) error { return tx.AppendAudit(e.ctx, device, rec(2, "h1"), t0) })
	e.read(func(r central.Reader) error {
		if h, err := r.AuditHead(e.ctx, device); h != (domain.AuditHead{Seq: 2, Hash: "h2"}) || err != nil {
			e.t.Errorf("head: %+v %v", h, err)
		}
		if h, ok, err := r.AuditHash(e.ctx, device, 1); h != "h1" || !ok || err != nil {
			e.t.Errorf("hash at 1: %q %v %v", h, ok, err)
		}
		if h, err := r.AuditHead(e.ctx, "another"); h.Seq != 0 || err != nil {
			e.t.Errorf("head of another device: %+v %v", h, err)
		}
		return nil
	})
}

// A break is recorded once; they are listed by device, seq and reason.
func chainBreaks(e *env) {
	e.seed()
	other := deviceRecord("0190a1b2-0000-7000-8000-000000000002", rabat, 2, "d2")
	brk := func(dev string, seq int64, reason string) central.ChainBreak {
		return central.ChainBreak{DeviceID: dev, Seq: seq, Reason: reason, FoundAt: t0}
	}
	e.write(func(tx central.Tx) error {
		if err := tx.InsertDevice(e.ctx, other); err != nil {
			return err
		}
		for _, b := range []central.ChainBreak{brk(other.ID, 3, domain.BreakHash), brk(device, 5, domain.BreakSequence),
			brk(device, 2, domain.BreakPreviousHash), brk(device, 2, domain.BreakHash), brk(device, 5, domain.BreakSequence)} {
			if err := tx.AddChainBreak(e.ctx, b); err != nil {
				return err
			}
		}
		return nil
	})
	e.read(func(r central.Reader) error {
		all, err := r.ChainBreaks(e.ctx, "")
		want := []central.ChainBreak{brk(device, 2, domain.BreakHash), brk(device, 2, domain.BreakPreviousHash),
			brk(device, 5, domain.BreakSequence), brk(other.ID, 3, domain.BreakHash)}
		if !reflect.DeepEqual(all, want) || err != nil {
			e.t.Errorf("all breaks:\n got %+v\nwant %+v (%v)", all, want, err)
		}
		one, err := r.ChainBreaks(e.ctx, other.ID)
		if !reflect.DeepEqual(one, want[3:]) || err != nil {
			e.t.Errorf("breaks of one device: %+v %v", one, err)
		}
		return nil
	})
}

// The access log lists the lines from a time on, in the order written.
func accessLog(e *env) {
	line := func(at time.Time, subject string) central.AccessEntry {
		return central.AccessEntry{At: at, DeviceID: device, Actor: "amina", Action: "member.fetch", Subject: subject}
	}
	lines := []central.AccessEntry{line(t0, "a"), line(t0.Add(-time.Hour), "b"), line(t0.Add(time.Minute), "c")}
	e.write(func(tx central.Tx) error {
		for _, l := range lines {
			if err := tx.LogAccess(e.ctx, l); err != nil {
				return err
			}
		}
		return nil
	})
	e.read(func(r central.Reader) error {
		got, err := r.AccessLog(e.ctx, t0)
		if want := []central.AccessEntry{lines[0], lines[2]}; !reflect.DeepEqual(got, want) || err != nil {
			e.t.Errorf("access log from t0:\n got %+v\nwant %+v (%v)", got, want, err)
		}
		if got, err := r.AccessLog(e.ctx, t0.Add(time.Hour)); len(got) != 0 || err != nil {
			e.t.Errorf("access log from later: %+v %v", got, err)
		}
		return nil
	})
}
