package central

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// applyPasswordChange stores the new hash of an account of the device's
// branch changed on the device, and lifts a forced change.
func (a *App) applyPasswordChange(ctx context.Context, tx Tx, dev DeviceRecord, e wire.Entry) error {
	var pc wire.PasswordChange
	if err := wire.DecodeBytes(e.Payload, &pc); err != nil {
		return malformed(err)
	}
	username, err := domain.ParseUsername(pc.Username)
	if err != nil {
		return err
	}
	// A hash pushed by one device reaches the others: bounded, so it can
	// neither lock the account out there nor exhaust their memory.
	if err := domain.CheckPasswordHash(pc.PasswordHash); err != nil {
		return err
	}
	// The user changed their own password on the device: they are the
	// actor, held to the same checks as any other.
	acc, err := branchAccount(ctx, tx, dev, username)
	if err != nil {
		return err
	}
	if err := domain.Authorize(acc.Role, domain.ActionChangeOwnPassword); err != nil {
		return err
	}
	acc.PasswordHash, acc.MustChangePassword, acc.UpdatedAt = pc.PasswordHash, false, a.now()
	if err := tx.UpdateAccount(ctx, acc); err != nil {
		return err
	}
	return accountChanged(ctx, tx, acc)
}
