package storagetest

import (
	"maps"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

// Key rotation's bookkeeping: the sealed-box key a device last received
// reads back with the device, and the live verifiers are counted by HMAC
// key: active PINs expiring on the given day or later, nothing else.
func pinKeys(e *env) {
	e.seed()
	e.read(func(r central.Reader) error {
		if use, err := r.PINKeyUse(e.ctx, "2026-04-01"); len(use) != 0 || err != nil {
			e.t.Errorf("key use of a store without PINs: %v %v", use, err)
		}
		if d, _, err := r.Device(e.ctx, device); d.PINKeyID != "" || err != nil {
			e.t.Errorf("a new device's key: %q %v", d.PINKeyID, err)
		}
		return nil
	})
	e.write(func(tx central.Tx) error { return tx.SetDevicePINKey(e.ctx, device, "b2") })
	e.read(func(r central.Reader) error {
		list, err := r.Devices(e.ctx)
		if len(list) != 1 || list[0].PINKeyID != "b2" || err != nil {
			e.t.Errorf("the device's key after SetDevicePINKey: %+v %v", list, err)
		}
		return nil
	})
	pin := func(id, regno string, state domain.PINState, key, expires string) central.PINRecord {
		p := pinRecord(id, regno, domain.ChannelCounter, state, t0)
		p.KeyID, p.ExpiresOn, p.Verifier = key, expires, "ab"
		return p
	}
	e.insertPINs(
		pin("a1", rabA, domain.PINSuperseded, "h1", "2026-04-30"),
		pin("a2", rabA, domain.PINActive, "h1", "2026-04-01"), // expires on the day: still live
		pin("b1", rabB, domain.PINActive, "h2", "2026-04-30"),
		pin("b2", rabB, domain.PINLocked, "h2", "2026-04-30"),
		pin("c1", casaM, domain.PINActive, "h1", "2026-03-31"), // expired
		pinRecord("c2", casaM, domain.ChannelPost, domain.PINRequested, t0),
	)
	e.read(func(r central.Reader) error {
		use, err := r.PINKeyUse(e.ctx, "2026-04-01")
		if want := map[string]int{"h1": 1, "h2": 1}; !maps.Equal(use, want) || err != nil {
			e.t.Errorf("live verifiers by key: %v %v, want %v", use, err, want)
		}
		return nil
	})
}
