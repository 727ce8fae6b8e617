package storagetest

import (
	"reflect"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

func pinRecord(id, regno string, ch domain.PINChannel, state domain.PINState, at time.Time) central.PINRecord {
	return central.PINRecord{ID: id, RegNo: regno, Channel: ch, State: state, Branch: rabat, DeviceID: device,
		RequestedBy: "amina", RequestedAt: at, AppliedAt: at.Add(time.Minute), UpdatedAt: at.Add(time.Minute)}
}

func (e *env) insertPINs(recs ...central.PINRecord) {
	e.t.Helper()
	e.write(func(tx central.Tx) error {
		for _, p := range recs {
			if err := tx.InsertPIN(e.ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// A member's reissues come back whole in order of application (the order
// of the inserts, not of the events' times); an update changes what may
// change and nothing else.
func pinIssues(e *env) {
	e.seed()
	first := pinRecord("id-b", rabA, domain.ChannelCounter, domain.PINActive, t0.Add(time.Hour))
	first.ExpiresOn, first.KeyID, first.Verifier, first.Failures = "2026-04-15", "k1", "abcdef", 2
	first.Override = &domain.PINOverride{By: "karim", Reason: "member travels"}
	second := pinRecord("id-a", rabA, domain.ChannelPost, domain.PINRequested, t0)
	other := pinRecord("id-c", rabB, domain.ChannelPost, domain.PINRequested, t0)
	e.read(func(r central.Reader) error {
		if list, err := r.PINIssues(e.ctx, rabA); len(list) != 0 || err != nil {
			e.t.Errorf("issues of a member with none: %v %v", list, err)
		}
		if got, err := r.PINs(e.ctx, nil); got == nil || len(got) != 0 || err != nil {
			e.t.Errorf("PINs of none: %v %v (want an empty map)", got, err)
		}
		return nil
	})
	e.insertPINs(first, second, other)
	e.read(func(r central.Reader) error {
		list, err := r.PINIssues(e.ctx, rabA)
		if len(list) != 2 || err != nil || !reflect.DeepEqual(list[0], first) || !reflect.DeepEqual(list[1], second) {
			e.t.Errorf("issues of the member:\n got %+v\nwant %+v, %+v (%v)", list, first, second, err)
		}
		byID, err := r.PINs(e.ctx, []string{"id-c", "id-b", "missing"})
		if len(byID) != 2 || err != nil || !reflect.DeepEqual(byID["id-c"], other) {
			e.t.Errorf("by id: %+v %v", byID, err)
		}
		return nil
	})
	upd := second
	upd.State, upd.ExpiresOn, upd.KeyID, upd.Verifier, upd.Failures, upd.Batch = domain.PINActive, "2026-04-20", "k1", "0123", 1, "batch-1"
	upd.UpdatedAt = t0.Add(48 * time.Hour)
	changed := upd
	changed.Channel, changed.RequestedBy, changed.Override = domain.ChannelEmail, "someone else", &domain.PINOverride{By: "x"}
	e.write(func(tx central.Tx) error { return tx.UpdatePIN(e.ctx, changed) })
	e.read(func(r central.Reader) error {
		byID, err := r.PINs(e.ctx, []string{"id-a"})
		if !reflect.DeepEqual(byID["id-a"], upd) || err != nil {
			e.t.Errorf("after update:\n got %+v\nwant %+v (%v)", byID["id-a"], upd, err)
		}
		return nil
	})
}

// The next letters or e-mails: a channel's requested reissues applied
// before a time, in order of application.
func pinsAwaiting(e *env) {
	e.seed()
	e.insertPINs(
		pinRecord("p1", rabA, domain.ChannelPost, domain.PINRequested, t0),
		pinRecord("e1", rabA, domain.ChannelEmail, domain.PINRequested, t0),
		pinRecord("p2", rabB, domain.ChannelPost, domain.PINSuperseded, t0),
		pinRecord("p3", rabB, domain.ChannelPost, domain.PINRequested, t0.Add(2*time.Hour)),
		pinRecord("p4", rabB, domain.ChannelPost, domain.PINRequested, t0.Add(-time.Hour)),
	)
	e.read(func(r central.Reader) error {
		got, err := r.PINsAwaiting(e.ctx, domain.ChannelPost, t0.Add(time.Hour))
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if !reflect.DeepEqual(ids, []string{"p1", "p4"}) || err != nil {
			e.t.Errorf("awaiting post before t0+1h: %v %v, want [p1 p4] (order of application)", ids, err)
		}
		if got, err := r.PINsAwaiting(e.ctx, domain.ChannelCounter, t0.Add(time.Hour)); len(got) != 0 || err != nil {
			e.t.Errorf("awaiting counter: %v %v", got, err)
		}
		return nil
	})
}

func pinRefusals(e *env) {
	e.seed()
	for name, p := range map[string]central.PINRecord{
		"unknown member": pinRecord("x1", "999999999", domain.ChannelPost, domain.PINRequested, t0),
		"console state":  pinRecord("x2", rabA, domain.ChannelPost, domain.PINQueued, t0),
		"bad channel":    pinRecord("x3", rabA, "fax", domain.PINRequested, t0),
		"unknown branch": func() central.PINRecord {
			p := pinRecord("x4", rabA, domain.ChannelPost, domain.PINRequested, t0)
			p.Branch = "TAN01"
			return p
		}(),
	} {
		e.refused(name, func(tx central.Tx) error { return tx.InsertPIN(e.ctx, p) })
	}
	e.insertPINs(pinRecord("x5", rabA, domain.ChannelPost, domain.PINRequested, t0))
	e.refused("an id twice", func(tx central.Tx) error {
		return tx.InsertPIN(e.ctx, pinRecord("x5", rabB, domain.ChannelPost, domain.PINRequested, t0))
	})
}

// One active client per name; a revoked one stays listed and frees the
// name.
func portalClients(e *env) {
	add := func(name, digest string) error {
		return e.st.Write(e.ctx, func(tx central.Tx) error {
			return tx.InsertPortalClient(e.ctx, central.PortalClient{Name: name, TokenSHA256: digest, CreatedAt: t0})
		})
	}
	if err := add("portal", "d1"); err != nil {
		e.t.Fatal(err)
	}
	if err := add("portal", "d2"); err == nil {
		e.t.Fatal("two active clients of one name")
	}
	revoke := func(name string) (ok bool) {
		e.write(func(tx central.Tx) (err error) {
			ok, err = tx.RevokePortalClient(e.ctx, name, t0.Add(time.Hour))
			return err
		})
		return ok
	}
	if !revoke("portal") || revoke("portal") || revoke("nobody") {
		e.t.Fatal("revoke: the active client once, then none")
	}
	if err := add("portal", "d3"); err != nil {
		e.t.Fatal(err)
	}
	revoked := t0.Add(time.Hour)
	e.read(func(r central.Reader) error {
		list, err := r.PortalClients(e.ctx)
		want := []central.PortalClient{{Name: "portal", TokenSHA256: "d1", CreatedAt: t0, RevokedAt: &revoked},
			{Name: "portal", TokenSHA256: "d3", CreatedAt: t0}}
		if !reflect.DeepEqual(list, want) || err != nil {
			e.t.Errorf("clients:\n got %+v\nwant %+v (%v)", list, want, err)
		}
		c, found, err := r.PortalClientByTokenHash(e.ctx, "d1")
		if !found || err != nil || !reflect.DeepEqual(c, want[0]) {
			e.t.Errorf("by token: %v %+v %v", found, c, err)
		}
		if _, found, err := r.PortalClientByTokenHash(e.ctx, "d2"); found || err != nil {
			e.t.Errorf("unknown token: %v %v", found, err)
		}
		return nil
	})
}

// A returned letter flags the member's current address unverified.
func addressVerified(e *env) {
	e.seed()
	e.write(func(tx central.Tx) error { return tx.SetAddressVerified(e.ctx, rabA, false) })
	e.read(func(r central.Reader) error {
		all, err := r.Members(e.ctx, []string{rabA, rabB})
		if a, b := all[rabA].Address, all[rabB].Address; a == nil || a.Verified || b == nil || !b.Verified || err != nil {
			e.t.Errorf("verified flags: %+v %+v %v", a, b, err)
		}
		return nil
	})
	e.refused("an unknown member's address", func(tx central.Tx) error {
		return tx.SetAddressVerified(e.ctx, "999999999", true)
	})
}
