package central

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// tokenBytes is a device's or portal client's token entropy: 256 bits.
const tokenBytes = 32

// newToken makes a bearer token of tokenBytes random bytes (base64url).
func newToken() (string, error) {
	raw := make([]byte, tokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

func tokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// DeviceByToken authenticates a device by its bearer token: the SHA-256 of
// the token is looked up (a fast hash suffices for 256 random bits). An
// unknown token or a revoked device is ErrUnauthorized, and a warning (a
// revoked device still calling is a lost or stolen laptop; never the
// token).
func (a *App) DeviceByToken(ctx context.Context, token string) (wire.Device, error) {
	if token == "" {
		return wire.Device{}, ErrUnauthorized
	}
	var d DeviceRecord
	var found bool
	err := a.st.Read(ctx, func(r Reader) (err error) {
		d, found, err = r.DeviceByTokenHash(ctx, tokenDigest(token))
		return err
	})
	switch {
	case err != nil:
		return wire.Device{}, err
	case !found:
		a.log.Warn("device token refused", "reason", "unknown")
		return wire.Device{}, ErrUnauthorized
	case d.RevokedAt != nil:
		a.log.Warn("device token refused", "reason", "revoked", "device", d.ID, "branch", d.Branch)
		return wire.Device{}, ErrUnauthorized
	}
	a.touch(ctx, d.ID)
	return a.wireDevice(d), nil
}

// activeDevice passes on a device read from the storage, or
// ErrUnauthorized when it is unknown or revoked.
func activeDevice(d DeviceRecord, found bool, err error) (DeviceRecord, error) {
	if err == nil && (!found || d.RevokedAt != nil) {
		err = ErrUnauthorized
	}
	return d, err
}

// touch records that the device was seen, at most once per seenEvery. It
// is bookkeeping: a failure to write it is logged, never refuses the
// device.
func (a *App) touch(ctx context.Context, id string) {
	now := a.now()
	a.seenMu.Lock()
	last, ok := a.seen[id]
	fresh := ok && now.Sub(last) < seenEvery
	if !fresh {
		a.seen[id] = now
	}
	a.seenMu.Unlock()
	if fresh {
		return
	}
	if err := a.st.Write(ctx, func(tx Tx) error { return tx.TouchDevice(ctx, id, now) }); err != nil {
		a.log.Warn("recording when a device was seen", "device", id, "error", err)
	}
}

// AddDevice registers a device for a branch and returns its token, which
// is shown once and kept only as a SHA-256 digest. The device gets a
// UUIDv7 id and the next number within its branch (from 1), which gives
// its consoles distinct blocks of request numbers.
func (a *App) AddDevice(ctx context.Context, name, branch string) (string, wire.Device, error) {
	name, err := domain.RequireText("name", name, 80)
	if err != nil {
		return "", wire.Device{}, err
	}
	if branch, err = domain.ParseBranchCode(branch); err != nil {
		return "", wire.Device{}, err
	}
	token, err := newToken()
	if err != nil {
		return "", wire.Device{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return "", wire.Device{}, err
	}
	d := DeviceRecord{ID: id.String(), Name: name, Branch: branch, TokenSHA256: tokenDigest(token), CreatedAt: a.now()}
	err = a.st.Write(ctx, func(tx Tx) error {
		if _, ok, err := tx.Branch(ctx, branch); err != nil {
			return err
		} else if !ok {
			return domain.ErrUnknownBranch
		}
		n, err := tx.MaxDeviceNumber(ctx, branch)
		if err != nil {
			return err
		}
		d.Number = n + 1
		return tx.InsertDevice(ctx, d)
	})
	if err != nil {
		return "", wire.Device{}, err
	}
	a.log.Info("device added", "device", d.ID, "branch", d.Branch, "number", d.Number)
	return token, a.wireDevice(d), nil
}

// DeviceInfo is a device as the administration lists it (never its
// token).
type DeviceInfo struct {
	ID, Name, Branch string
	Number           int
	CreatedAt        time.Time
	RevokedAt        *time.Time
	LastSeen         *time.Time
}

// Devices lists the devices by branch and number.
func (a *App) Devices(ctx context.Context) ([]DeviceInfo, error) {
	list, err := read(ctx, a.st, func(r Reader) ([]DeviceRecord, error) { return r.Devices(ctx) })
	out := make([]DeviceInfo, len(list))
	for i, d := range list {
		out[i] = DeviceInfo{ID: d.ID, Name: d.Name, Branch: d.Branch, Number: d.Number,
			CreatedAt: d.CreatedAt, RevokedAt: d.RevokedAt, LastSeen: d.LastSeen}
	}
	return out, err
}

// RevokeDevice stops a device's token for good (ErrNotFound for an unknown
// id). Revoking twice keeps the first time.
func (a *App) RevokeDevice(ctx context.Context, id string) error {
	err := a.st.Write(ctx, func(tx Tx) error {
		if _, ok, err := tx.Device(ctx, id); err != nil {
			return err
		} else if !ok {
			return ErrNotFound
		}
		return tx.RevokeDevice(ctx, id, a.now())
	})
	if err == nil {
		a.log.Info("device revoked", "device", id)
	}
	return err
}
