package central

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// PINKeys are the centre's PIN keys at one time. HMAC makes new verifiers
// with its current key and checks them with any key it holds; Box is the
// current sealed-box key pair, whose public half every device receives;
// PreviousBox are retired pairs that still open the PINs devices sealed
// to them before they learnt the new one.
type PINKeys struct {
	HMAC        *pin.HMACKeys
	Box         pin.BoxKey
	PreviousBox []pin.BoxKey
}

// opener is the key pair that opens PINs sealed under id.
func (k *PINKeys) opener(id string) (pin.BoxKey, bool) {
	if k.Box.ID == id && k.Box.Private != nil {
		return k.Box, true
	}
	for _, b := range k.PreviousBox {
		if b.ID == id && b.Private != nil {
			return b, true
		}
	}
	return pin.BoxKey{}, false
}

// boxIDs lists the sealed-box key ids, the current one first.
func (k *PINKeys) boxIDs() []string {
	ids := []string{k.Box.ID}
	for _, b := range k.PreviousBox {
		ids = append(ids, b.ID)
	}
	return ids
}

// check refuses an incomplete set or a box key id given twice.
func (k *PINKeys) check() error {
	if k.HMAC == nil || k.Box.Private == nil || k.Box.Public == nil || k.Box.ID == "" {
		return errors.New("the PIN keys need an HMAC key and a sealed-box key pair")
	}
	seen := map[string]bool{}
	for _, id := range k.boxIDs() {
		if seen[id] {
			return fmt.Errorf("sealed-box key id %q is given twice", id)
		}
		seen[id] = true
	}
	for _, b := range k.PreviousBox {
		if b.Private == nil || b.Public == nil {
			return fmt.Errorf("previous sealed-box key %q has no private key", b.ID)
		}
	}
	return nil
}

// pinKeys is the keys in use now. A request takes them once, so a reload
// during it changes nothing of what it does.
func (a *App) pinKeys() *PINKeys { return a.keys.Load() }

// ReloadPINKeys replaces the PIN keys while the centre serves (serve calls
// it on SIGHUP). A set that lacks an HMAC key still used by a live PIN
// verifier is refused, and the keys in use stay: those PINs, in the post,
// could no longer be checked. A sealed-box key that devices may still
// seal to can be dropped, with a warning: a device that never comes back
// must not hold the keys forever.
func (a *App) ReloadPINKeys(ctx context.Context, k PINKeys) error {
	if err := k.check(); err != nil {
		return err
	}
	status, err := a.keyStatus(ctx, &k)
	if err != nil {
		return err
	}
	var missing []error
	for _, u := range status.Keys {
		switch {
		case u.Role != KeyMissing:
		case u.Kind == KeyHMAC:
			missing = append(missing, fmt.Errorf("HMAC key %s is not in the new configuration but %d live PIN verifiers use it: "+
				"keep it in pin.previous_hmac_keys until `guichet-central keys status` shows none", u.ID, u.Verifiers))
		default:
			a.log.Warn("sealed-box key dropped while devices may still seal PINs to it", "key", u.ID, "devices", u.Devices)
		}
	}
	if err := errors.Join(missing...); err != nil {
		return err
	}
	a.keys.Store(&k)
	a.log.Info("PIN keys loaded", "hmac_key_id", k.HMAC.Current, "hmac_key_ids", k.HMAC.IDs(),
		"box_key_id", k.Box.ID, "box_key_ids", k.boxIDs())
	return nil
}

// NoteKeyServed records the sealed-box key a device received (GET
// /v1/device), so that `keys status` knows when no device still holds a
// previous one. It is bookkeeping: a failure is logged, never refuses the
// device, and an unchanged key is not written again.
func (a *App) NoteKeyServed(ctx context.Context, dev wire.Device) {
	if dev.PINKeyID == "" {
		return
	}
	if held, ok := a.keyServed.Load(dev.ID); ok && held == dev.PINKeyID {
		return
	}
	if err := a.st.Write(ctx, func(tx Tx) error { return tx.SetDevicePINKey(ctx, dev.ID, dev.PINKeyID) }); err != nil {
		a.log.Warn("recording the PIN key a device received", "device", dev.ID, "error", err)
		return
	}
	a.keyServed.Store(dev.ID, dev.PINKeyID)
}

// Kinds and roles of the keys in a KeyStatus.
const (
	KeyHMAC = "hmac"
	KeyBox  = "box"

	KeyCurrent  = "current"
	KeyPrevious = "previous"
	KeyMissing  = "missing" // in use, but not configured
)

// KeyUse is one key and what still needs it: live verifiers made with an
// HMAC key; active devices whose last received sealed-box key it is.
type KeyUse struct {
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	Role      string `json:"role"`
	Verifiers int    `json:"live_verifiers,omitempty"`
	Devices   int    `json:"devices,omitempty"`
}

// KeyStatus is which keys are configured and what still uses each.
// Unconfirmed counts the active devices that have not fetched a key since
// the centre began recording it: they may hold any earlier key.
type KeyStatus struct {
	Keys        []KeyUse `json:"keys"`
	Unconfirmed int      `json:"devices_unconfirmed"`
}

// Droppable says whether a previous key may leave the configuration:
// nothing uses it any more.
func (s KeyStatus) Droppable(u KeyUse) bool {
	if u.Role != KeyPrevious {
		return false
	}
	if u.Kind == KeyBox {
		return u.Devices == 0 && s.Unconfirmed == 0
	}
	return u.Verifiers == 0
}

// InUseMissing lists the keys still in use that the configuration lacks.
func (s KeyStatus) InUseMissing() []KeyUse {
	var out []KeyUse
	for _, u := range s.Keys {
		if u.Role == KeyMissing {
			out = append(out, u)
		}
	}
	return out
}

// PINKeyStatus reports the configured keys and what still uses each:
// what the operator checks before dropping a previous key.
func (a *App) PINKeyStatus(ctx context.Context) (KeyStatus, error) {
	return a.keyStatus(ctx, a.pinKeys())
}

// keyStatus is PINKeyStatus for a set of keys (a reload's, before use).
func (a *App) keyStatus(ctx context.Context, k *PINKeys) (KeyStatus, error) {
	y, m, d := a.now().In(a.opts.PIN.Location).Date()
	today := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	var verifiers map[string]int
	var devices []DeviceRecord
	err := a.st.Read(ctx, func(r Reader) (err error) {
		if verifiers, err = r.PINKeyUse(ctx, today); err != nil {
			return err
		}
		devices, err = r.Devices(ctx)
		return err
	})
	if err != nil {
		return KeyStatus{}, err
	}
	var st KeyStatus
	holders := map[string]int{}
	for _, dev := range devices {
		switch {
		case dev.RevokedAt != nil || dev.LastSeen == nil: // holds no key, or will never use one
		case dev.PINKeyID == "":
			st.Unconfirmed++
		default:
			holders[dev.PINKeyID]++
		}
	}
	if k.HMAC != nil {
		for _, id := range k.HMAC.IDs() {
			st.Keys = append(st.Keys, KeyUse{Kind: KeyHMAC, ID: id, Role: role(id == k.HMAC.Current), Verifiers: verifiers[id]})
			delete(verifiers, id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(verifiers)) {
		st.Keys = append(st.Keys, KeyUse{Kind: KeyHMAC, ID: id, Role: KeyMissing, Verifiers: verifiers[id]})
	}
	for i, id := range k.boxIDs() {
		if id == "" {
			continue // no keys configured
		}
		st.Keys = append(st.Keys, KeyUse{Kind: KeyBox, ID: id, Role: role(i == 0), Devices: holders[id]})
		delete(holders, id)
	}
	for _, id := range slices.Sorted(maps.Keys(holders)) {
		st.Keys = append(st.Keys, KeyUse{Kind: KeyBox, ID: id, Role: KeyMissing, Devices: holders[id]})
	}
	return st, nil
}

func role(current bool) string {
	if current {
		return KeyCurrent
	}
	return KeyPrevious
}
