package central

import (
	"context"
	"regexp"

	"github.com/cnops/guichet/domain"
)

// KeyPortalClientExists refuses a second active portal client of a name
// (i18n translates it).
const KeyPortalClientExists = "err.portal.client_exists"

// portalClientName is what a portal client may be called: a short word
// that commands can take as an argument.
var portalClientName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// AddPortalClient allows a caller of POST /v1/pin/verify (the fund's
// portal) and returns its token: 256 random bits, shown once and kept only
// as a SHA-256 digest, like a device's. A name is held by one active
// client at a time; revoke it to issue a new token.
func (a *App) AddPortalClient(ctx context.Context, name string) (string, error) {
	if !portalClientName.MatchString(name) {
		return "", domain.NewFieldError("name", domain.KeyInvalidValue)
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	err = a.st.Write(ctx, func(tx Tx) error {
		list, err := tx.PortalClients(ctx)
		if err != nil {
			return err
		}
		for _, c := range list {
			if c.Name == name && c.RevokedAt == nil {
				return domain.NewFieldError("name", KeyPortalClientExists)
			}
		}
		return tx.InsertPortalClient(ctx, PortalClient{Name: name, TokenSHA256: tokenDigest(token), CreatedAt: a.now()})
	})
	if err != nil {
		return "", err
	}
	a.log.Info("portal client added", "client", name)
	return token, nil
}

// PortalClients lists the portal clients, revoked ones too, by name.
func (a *App) PortalClients(ctx context.Context) ([]PortalClient, error) {
	return read(ctx, a.st, func(r Reader) ([]PortalClient, error) { return r.PortalClients(ctx) })
}

// RevokePortalClient stops the active client of that name for good
// (ErrNotFound when there is none).
func (a *App) RevokePortalClient(ctx context.Context, name string) error {
	err := a.st.Write(ctx, func(tx Tx) error {
		ok, err := tx.RevokePortalClient(ctx, name, a.now())
		if err == nil && !ok {
			err = ErrNotFound
		}
		return err
	})
	if err == nil {
		a.log.Info("portal client revoked", "client", name)
	}
	return err
}

// AuthenticatePortal finds the active portal client holding a bearer
// token; an unknown or revoked token (a device's among them) is
// ErrUnauthorized, and a warning naming the revoked client or the device
// whose token it is (never the token).
func (a *App) AuthenticatePortal(ctx context.Context, token string) (PortalClient, error) {
	if token == "" {
		return PortalClient{}, ErrUnauthorized
	}
	var c PortalClient
	var found bool
	var dev DeviceRecord
	var isDevice bool
	err := a.st.Read(ctx, func(r Reader) (err error) {
		digest := tokenDigest(token)
		if c, found, err = r.PortalClientByTokenHash(ctx, digest); err != nil || found {
			return err
		}
		dev, isDevice, err = r.DeviceByTokenHash(ctx, digest)
		return err
	})
	switch {
	case err != nil:
		return PortalClient{}, err
	case isDevice:
		a.log.Warn("portal token refused", "reason", "device token", "device", dev.ID, "branch", dev.Branch)
		return PortalClient{}, ErrUnauthorized
	case !found:
		a.log.Warn("portal token refused", "reason", "unknown")
		return PortalClient{}, ErrUnauthorized
	case c.RevokedAt != nil:
		a.log.Warn("portal token refused", "reason", "revoked", "client", c.Name)
		return PortalClient{}, ErrUnauthorized
	}
	return c, nil
}

// activePortalClient passes on a client read from the storage, or
// ErrUnauthorized when it is unknown or revoked.
func activePortalClient(c PortalClient, found bool, err error) (PortalClient, error) {
	if err == nil && (!found || c.RevokedAt != nil) {
		err = ErrUnauthorized
	}
	return c, err
}
