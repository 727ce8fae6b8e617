package store

import (
	"context"
	"strconv"
)

// MetaProvisioned is set when provisioning's first full pull is done;
// until then `guichet provision` may resume an interrupted one.
const MetaProvisioned = "provisioned_at"

// Provisioning is what a console records of its centre.
type Provisioning struct {
	DeviceID, CentralURL, Token, Branch string
	DeviceNumber                        int
	PINKeyID, PINPublicKey              string
}

// RecordProvisioning writes the centre's address, the device's token,
// id, branch and number, and the centre's key for sealed PINs.
func (t *Tx) RecordProvisioning(ctx context.Context, p Provisioning) error {
	for k, v := range map[string]string{
		MetaDeviceID: p.DeviceID, MetaCentralURL: p.CentralURL, MetaDeviceToken: p.Token, MetaBranch: p.Branch,
		MetaDeviceNumber: strconv.Itoa(p.DeviceNumber), MetaPINKeyID: p.PINKeyID, MetaPINPublicKey: p.PINPublicKey,
	} {
		if err := t.SetMeta(ctx, k, v); err != nil {
			return err
		}
	}
	return nil
}
