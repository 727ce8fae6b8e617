package central

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// LookupMember fetches one member by registration number or CIN (exactly
// one given) for a signed-in user of the device, typically a member of
// another branch who walked in. Every lookup, found or not, goes to the
// centre's access log with the device and the actor. The actor must be an
// enabled agent or supervisor of the device's branch: otherwise the error
// wraps ErrForbidden and the domain refusal (errors.As *domain.Error).
func (a *App) LookupMember(ctx context.Context, dev wire.Device, actor, regno, cin string) (wire.Member, error) {
	regno, cin = strings.TrimSpace(regno), strings.TrimSpace(cin)
	var subject string
	var err error
	switch {
	case regno != "" && cin != "":
		return wire.Member{}, domain.NewFieldError("cin", domain.KeyLookupUnrecognised)
	case regno != "":
		regno, err = a.regNo.Parse(regno)
		subject = regno
	case cin != "":
		cin, err = domain.ParseCIN(cin)
		subject = "cin:" + cin
	default:
		return wire.Member{}, domain.NewFieldError("registration_number", domain.KeyRequired)
	}
	if err != nil {
		return wire.Member{}, err
	}
	username, err := domain.ParseUsername(actor)
	if err != nil {
		return wire.Member{}, err
	}
	var m wire.Member
	var found bool
	var refused error
	err = a.st.Write(ctx, func(tx Tx) error {
		m, found, refused = wire.Member{}, false, nil // a retried write starts afresh
		d, err := activeDevice(tx.Device(ctx, dev.ID))
		if err != nil {
			return err
		}
		who, err := branchActor(ctx, tx, d, username)
		if err == nil {
			err = domain.Authorize(who.Role, domain.ActionViewMember)
		}
		if _, _, isRefusal := refusal(err); isRefusal {
			refused = err
			return nil
		} else if err != nil {
			return err
		}
		if cin != "" {
			regnos, err := tx.MemberRegNosByCIN(ctx, cin)
			if err != nil {
				return err
			}
			if len(regnos) > 0 {
				regno = regnos[0] // a CIN is one person's: one member in practice
			}
		}
		if regno != "" {
			if m, found, err = tx.Member(ctx, regno); err != nil {
				return err
			}
		}
		if found {
			subject = m.RegNo
		}
		return tx.LogAccess(ctx, AccessEntry{At: a.now(), DeviceID: d.ID, Actor: username,
			Action: domain.AuditLookup, Subject: subject})
	})
	switch {
	case err != nil:
		return wire.Member{}, err
	case refused != nil:
		a.log.Warn("lookup refused", "device", dev.ID, "branch", dev.Branch, "actor", username, "reason", refused.Error())
		return wire.Member{}, fmt.Errorf("%w: %w", ErrForbidden, refused)
	case !found:
		return wire.Member{}, ErrNotFound
	}
	return m, nil
}

// AccessLog lists the members fetched on demand from since on, oldest
// first: who (device and user) looked up whom.
func (a *App) AccessLog(ctx context.Context, since time.Time) ([]AccessEntry, error) {
	return read(ctx, a.st, func(r Reader) ([]AccessEntry, error) { return r.AccessLog(ctx, since) })
}
