package client

import (
	"context"
	"fmt"
	"time"

	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// keyRefreshEvery is how often a pass asks the centre for its PIN key: a
// rotation reaches every device that syncs within this time, and the
// centre keeps opening PINs sealed to its previous key meanwhile.
const keyRefreshEvery = 10 * time.Minute

// sealedKeyField is the field of the centre's rejection of a PIN sealed
// to a key it does not hold.
const sealedKeyField = "sealed.key_id"

// keyDue says whether this pass fetches the centre's key: at the engine's
// first pass, every keyRefreshEvery, and at once after the centre refused
// a PIN sealed to a key it no longer holds.
func (e *Engine) keyDue() bool {
	return e.keyStale || e.keyCheckedAt.IsZero() || e.opts.Now().Sub(e.keyCheckedAt) >= keyRefreshEvery
}

// refreshPINKey fetches the centre's sealed-box public key (GET /v1/device)
// and records it when it changed, so that the next counter PIN is sealed
// to it: a key rotation at the centre needs no new provisioning. A centre
// that sends no key leaves the known one in place.
func (e *Engine) refreshPINKey(ctx context.Context) error {
	var dev wire.Device
	if err := e.link.getJSON(ctx, "device", wire.PathDevice, nil, nil, &dev); err != nil {
		return err
	}
	if err := checkDevice(&dev); err != nil {
		return fmt.Errorf("the centre's device record is not valid: %w", err)
	}
	e.keyCheckedAt, e.keyStale = e.opts.Now(), false
	if dev.PINKeyID == "" || dev.PINPublicKey == "" {
		return nil
	}
	return e.db.Write(ctx, func(tx *store.Tx) error {
		id, err := tx.Meta(ctx, store.MetaPINKeyID)
		if err != nil {
			return err
		}
		public, err := tx.Meta(ctx, store.MetaPINPublicKey)
		if err != nil || (id == dev.PINKeyID && public == dev.PINPublicKey) {
			return err
		}
		if err := tx.SetMeta(ctx, store.MetaPINKeyID, dev.PINKeyID); err != nil {
			return err
		}
		e.log.Info("the centre's PIN key changed: counter PINs are sealed to the new one", "from", id, "to", dev.PINKeyID)
		return tx.SetMeta(ctx, store.MetaPINPublicKey, dev.PINPublicKey)
	})
}
