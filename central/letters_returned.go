package central

import (
	"context"

	"github.com/cnops/guichet/domain"
)

// Message keys of LetterReturned's refusals (English in
// i18n/letters_en.go).
const (
	KeyLetterNoAddress         = "err.letters.no_address"
	KeyLetterAlreadyUnverified = "err.letters.already_unverified"
)

// Refusals of LetterReturned; compare with errors.Is.
var (
	// ErrLetterNoAddress: the member has no address a letter could have
	// gone to.
	ErrLetterNoAddress = &domain.Error{Key: KeyLetterNoAddress}
	// ErrLetterAlreadyUnverified: the address is already unverified (a
	// returned letter was recorded, or it was never approved).
	ErrLetterAlreadyUnverified = &domain.Error{Key: KeyLetterAlreadyUnverified}
)

// AuditLetterReturned is the access-log action of a returned letter.
const AuditLetterReturned = "letter.returned"

// accessCentre is the access log's device column for what the centre's
// own commands record.
const accessCentre = "centre"

// maxActorLen bounds who recorded a returned letter.
const maxActorLen = 64

// LetterReturned records that a letter came back undelivered: the
// member's current address becomes unverified, which changes the record
// (its version goes up by one and every console holding the member gets
// it on its next pull, so no post or counter PIN goes there until an
// address change is approved), and the member's active post PIN, whose
// letter may be in anyone's hands, stops working (returned). by is who
// recorded it, for the access log.
func (a *App) LetterReturned(ctx context.Context, regno, by string) error {
	regno, err := a.regNo.Parse(regno)
	if err != nil {
		return err
	}
	by, err = domain.RequireText("by", by, maxActorLen)
	if err != nil {
		return err
	}
	err = a.st.Write(ctx, func(tx Tx) error {
		m, ok, err := tx.Member(ctx, regno)
		switch {
		case err != nil:
			return err
		case !ok:
			return domain.ErrMemberNotFound
		case m.Address == nil:
			return ErrLetterNoAddress
		case !m.Address.Verified:
			return ErrLetterAlreadyUnverified
		}
		if err := tx.SetAddressVerified(ctx, regno, false); err != nil {
			return err
		}
		if err := tx.SetMemberVersion(ctx, regno, m.Version+1); err != nil {
			return err
		}
		if err := memberChanged(ctx, tx, m); err != nil {
			return err
		}
		issues, err := tx.PINIssues(ctx, regno)
		if err != nil {
			return err
		}
		for i := len(issues) - 1; i >= 0; i-- {
			if p := issues[i]; p.Channel == domain.ChannelPost && p.State == domain.PINActive {
				p.State = domain.PINReturned
				if err := a.pinChanged(ctx, tx, p, m.HomeBranch); err != nil {
					return err
				}
				break
			}
		}
		return tx.LogAccess(ctx, AccessEntry{At: a.now(), DeviceID: accessCentre, Actor: by, Action: AuditLetterReturned, Subject: regno})
	})
	if err == nil {
		a.log.Info("letter returned: address unverified", "registration_number", regno, "by", by)
	}
	return err
}
