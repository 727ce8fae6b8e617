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
	acc, ok, err := tx.Account(ctx, username)
	switch {
	case err != nil:
		return err
	case !ok:
		return domain.ErrUserNotFound
	case acc.Branch != dev.Branch:
		return domain.ErrWrongBranch
	case acc.Disabled:
		return domain.ErrAccountDisabled
	}
	acc.PasswordHash, acc.MustChangePassword, acc.UpdatedAt = pc.PasswordHash, false, a.now()
	if err := tx.UpdateAccount(ctx, acc); err != nil {
		return err
	}
	return accountChanged(ctx, tx, acc)
}
