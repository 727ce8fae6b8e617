package central

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

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
	if err := checkPasswordHash(pc.PasswordHash); err != nil {
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

// checkPasswordHash accepts only an argon2id PHC string with the bounded
// parameters domain.VerifyPassword accepts, so that a hash pushed by one
// device can neither lock an account out of the others nor make their
// sign-in exhaust memory.
func checkPasswordHash(encoded string) error {
	bad := domain.NewFieldError("password_hash", domain.KeyMalformedEntry)
	parts := strings.Split(encoded, "$")
	if len(encoded) > 512 || len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad
	}
	var version int
	var mem, iters, threads uint32
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return bad
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil ||
		mem < 8*1024 || mem > 256*1024 || iters < 1 || iters > 10 || threads < 1 || threads > 8 {
		return bad
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	key, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return bad
	}
	return nil
}
