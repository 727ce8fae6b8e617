package central

import (
	"context"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// MaxPINFailures locks a PIN: after that many wrong tries it stops working
// until the next reissue.
const MaxPINFailures = 5

// ActionPINVerify begins the access-log action of each verification, which
// ends with its answer: "pin.verify.valid", "pin.verify.invalid"...
const ActionPINVerify = "pin.verify"

// accessPortal is the access log's device column for the portal's calls.
const accessPortal = "portal"

// VerifyPIN answers the portal: does this PIN open this member's account?
// Only the member's newest reissue (in order of application) can; an
// unknown member, a PIN not yet generated or superseded and a wrong PIN
// are all "invalid", so the answer reveals no more than it must. A wrong
// PIN counts as a failure, and the MaxPINFailures-th locks the PIN until
// the next reissue ("locked" from that failure on, whatever the PIN); a
// right PIN past its expiry is "expired". Each verification is one write,
// so failures counted at once never overwrite each other. Every
// verification goes to the access log with the client and the answer,
// never the PIN.
func (a *App) VerifyPIN(ctx context.Context, client PortalClient, req wire.PINVerifyRequest) (wire.PINVerifyResponse, error) {
	regno, err := a.regNo.Parse(req.RegNo)
	if err != nil {
		return wire.PINVerifyResponse{}, err
	}
	if !wellFormedPIN(req.PIN) {
		return wire.PINVerifyResponse{}, domain.NewFieldError("pin", domain.KeyPINFormat, a.opts.PIN.Length)
	}
	keys := a.pinKeys()
	if keys.HMAC == nil {
		return wire.PINVerifyResponse{}, errors.New("central: no PIN verifier key: PINs cannot be checked")
	}
	var result string
	err = a.st.Write(ctx, func(tx Tx) error {
		// The client as stored, not as the caller says: a token revoked
		// since it was checked stops here.
		c, err := activePortalClient(tx.PortalClientByTokenHash(ctx, client.TokenSHA256))
		if err != nil {
			return err
		}
		if result, err = a.verify(ctx, tx, keys.HMAC, regno, req.PIN); err != nil {
			return err
		}
		return tx.LogAccess(ctx, AccessEntry{At: a.now(), DeviceID: accessPortal, Actor: c.Name,
			Action: ActionPINVerify + "." + result, Subject: regno})
	})
	if err != nil {
		return wire.PINVerifyResponse{}, err
	}
	a.counts.verified(result)
	a.log.Info("PIN verified", "client", client.Name, "result", result)
	return wire.PINVerifyResponse{Result: result}, nil
}

// wellFormedPIN: domain.MinPINLength to MaxPINLength digits, what any
// policy may issue. The policy's own length is not required: a PIN issued
// under an older policy still verifies.
func wellFormedPIN(s string) bool {
	if len(s) < domain.MinPINLength || len(s) > domain.MaxPINLength {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// verify decides one verification inside the write that counts failures.
func (a *App) verify(ctx context.Context, tx Tx, keys *pin.HMACKeys, regno, candidate string) (string, error) {
	issues, err := tx.PINIssues(ctx, regno)
	if err != nil || len(issues) == 0 {
		return wire.PINInvalid, err // an unknown member has none either
	}
	p := issues[len(issues)-1]
	switch p.State {
	case domain.PINLocked:
		return wire.PINLocked, nil
	case domain.PINActive:
	default:
		return wire.PINInvalid, nil
	}
	expires, err := domain.ParseDate("expires_on", p.ExpiresOn)
	if err != nil {
		return "", err // an active PIN always has its expiry
	}
	expired := domain.PINExpired(expires, a.opts.PIN, a.now())
	ok, err := keys.Match(p.KeyID, p.Verifier, p.RegNo, p.ID, candidate)
	if err != nil && !expired { // the key of a dead PIN may be dropped
		return "", err
	}
	switch {
	case ok && expired:
		return wire.PINExpired, nil
	case ok:
		return wire.PINValid, nil
	case expired:
		// A dead PIN neither counts failures nor tells a guesser more.
		return wire.PINInvalid, nil
	}
	p.Failures++
	if p.Failures < MaxPINFailures {
		p.UpdatedAt = a.now()
		return wire.PINInvalid, tx.UpdatePIN(ctx, p) // devices are not told of each failure
	}
	// The failure that locks says so at once: the member can ask for a
	// new PIN instead of trying again.
	p.State = domain.PINLocked
	home, err := homeBranch(ctx, tx, p)
	if err != nil {
		return "", err
	}
	return wire.PINLocked, a.pinChanged(ctx, tx, p, home)
}
