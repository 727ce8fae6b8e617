package central

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// maxEventAhead is how far in the future of the centre's clock a reissue
// may be dated: consoles' clocks drift, but not by hours.
const maxEventAhead = 5 * time.Minute

// applyPINReissue applies a reissue with the same rules as the console
// (domain.CheckPINReissue), the actor, the granter of an override and the
// member all as the centre holds them. A counter PIN is opened and only
// its verifier kept; a post or e-mail reissue waits for the centre to
// generate its PIN. Either way it supersedes every earlier PIN of the
// member at once.
func (a *App) applyPINReissue(ctx context.Context, tx Tx, dev DeviceRecord, e wire.Entry) error {
	ev, err := a.pinEvent(e)
	if err != nil {
		return err
	}
	actor, err := branchActor(ctx, tx, dev, ev.Actor)
	if err != nil {
		return err
	}
	m, ok, err := tx.Member(ctx, ev.RegNo)
	if err != nil {
		return err
	}
	if !ok {
		return domain.ErrMemberNotFound
	}
	if taken, err := tx.PINs(ctx, []string{ev.IssueID}); err != nil {
		return err
	} else if len(taken) > 0 {
		return domain.NewFieldError("issue_id", domain.KeyReferenceTaken)
	}
	history, err := tx.PINIssues(ctx, m.RegNo)
	if err != nil {
		return err
	}
	subject := pinSubject(m, history)
	granter, err := overrideGranter(ctx, tx, dev, ev.Override)
	if err != nil {
		return err
	}
	if err := domain.CheckPINReissue(actor, ev.Channel, subject, a.opts.PIN, ev.At, ev.Override, granter); err != nil {
		return err
	}
	now := a.now()
	rec := PINRecord{ID: ev.IssueID, RegNo: m.RegNo, Channel: ev.Channel, State: domain.PINRequested,
		Branch: dev.Branch, DeviceID: dev.ID, RequestedBy: actor.Username, RequestedAt: ev.At.UTC(),
		AppliedAt: now, UpdatedAt: now}
	// The override is kept only when the cooling-off made it count: then
	// CheckPINReissue has checked its granter and reason.
	overridden := ev.At.Before(domain.CoolingOffUntil(subject.AddressChangedAt, a.opts.PIN))
	if overridden {
		reason, _ := domain.RequireText("reason", ev.Override.Reason, domain.MaxReasonLen)
		rec.Override = &domain.PINOverride{By: granter.Username, Reason: reason}
	}
	if ev.Channel == domain.ChannelCounter {
		if err := a.activateCounterPIN(&rec, ev); err != nil {
			return err
		}
	}
	// The newest in order of application wins, whatever the events' times.
	for _, old := range history {
		if old.State == domain.PINRequested || old.State == domain.PINActive || old.State == domain.PINLocked {
			old.State = domain.PINSuperseded
			if err := a.pinChanged(ctx, tx, old, m.HomeBranch); err != nil {
				return err
			}
		}
	}
	if err := tx.InsertPIN(ctx, rec); err != nil {
		return err
	}
	if err := feedPIN(ctx, tx, rec, m.HomeBranch); err != nil {
		return err
	}
	// Access log: who reissued for whom (and who overrode); never a PIN.
	if err := tx.LogAccess(ctx, AccessEntry{At: now, DeviceID: dev.ID, Actor: actor.Username,
		Action: domain.AuditPINReissued, Subject: m.RegNo}); err != nil {
		return err
	}
	if overridden {
		if err := tx.LogAccess(ctx, AccessEntry{At: now, DeviceID: dev.ID, Actor: rec.Override.By,
			Action: domain.AuditPINOverride, Subject: m.RegNo}); err != nil {
			return err
		}
	}
	a.log.Info("PIN reissued", "device", dev.ID, "branch", dev.Branch, "actor", actor.Username,
		"channel", string(rec.Channel), "state", string(rec.State), "issue", rec.ID)
	return nil
}

// pinEvent decodes a reissue strictly and checks that it is the entry's:
// same kind and member, an issue id, a channel, and a time that is set
// and not ahead of the centre's clock.
func (a *App) pinEvent(e wire.Entry) (domain.PINEvent, error) {
	var ev domain.PINEvent
	if err := wire.DecodeBytes(e.Payload, &ev); err != nil {
		return ev, malformed(err)
	}
	regno, err := a.regNo.Parse(e.RegNo)
	if err != nil {
		return ev, err
	}
	if ev.Kind != e.Kind {
		return ev, domain.NewFieldError("kind", domain.KeyMalformedEntry)
	}
	if ev.RegNo != regno {
		return ev, domain.NewFieldError("registration_number", domain.KeyMalformedEntry)
	}
	if _, err := uuid.Parse(ev.IssueID); err != nil {
		return ev, domain.NewFieldError("issue_id", domain.KeyMalformedEntry)
	}
	if ev.Channel, err = domain.ParsePINChannel("channel", string(ev.Channel)); err != nil {
		return ev, err
	}
	switch {
	case ev.At.IsZero():
		return ev, domain.NewFieldError("at", domain.KeyRequired)
	case ev.At.After(a.now().Add(maxEventAhead)):
		return ev, domain.NewFieldError("at", domain.KeyInvalidValue)
	case ev.Channel != domain.ChannelCounter && ev.Sealed != nil:
		// A post or e-mail PIN exists only once the centre makes it.
		return ev, domain.NewFieldError("sealed", domain.KeyMalformedEntry)
	}
	return ev, nil
}

// pinSubject is what the reissue rules need of the member as the centre
// holds it.
func pinSubject(m wire.Member, history []PINRecord) domain.PINSubject {
	s := domain.PINSubject{Member: domain.Member{RegNo: m.RegNo, HomeBranch: m.HomeBranch,
		Status: domain.MemberStatus(m.Status), Category: domain.Category(m.Category), Email: m.Email}}
	if m.Address != nil {
		ad := m.Address
		s.Address = &domain.Address{Line1: ad.Line1, Line2: ad.Line2, Quarter: ad.Quarter, City: ad.City,
			PostalCode: ad.PostalCode, Province: ad.Province, LineAr: ad.LineAr, Verified: ad.Verified,
			ValidFrom: ad.ValidFrom}
		s.AddressChangedAt = ad.ValidFrom
	}
	for _, p := range history {
		issue := domain.PINIssue{ID: p.ID, Channel: p.Channel, State: p.State, RequestedBy: p.RequestedBy,
			RequestedAt: p.RequestedAt}
		if d, err := domain.ParseDate("expires_on", p.ExpiresOn); err == nil {
			issue.ExpiresOn = d
		}
		s.History = append(s.History, issue)
	}
	return s
}

// overrideGranter is the account that gave an override, as the rules see
// it: an enabled account of the device's branch (only those can sign in
// on its screen). nil when there is no override or no such account, which
// the rules refuse during the cooling-off and ignore after it.
func overrideGranter(ctx context.Context, r Reader, dev DeviceRecord, o *domain.PINOverride) (*domain.Actor, error) {
	if o == nil {
		return nil, nil
	}
	g, err := branchActor(ctx, r, dev, o.By)
	if _, _, refused := refusal(err); refused {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// activateCounterPIN opens a counter PIN with the centre's key it names
// (current or previous) and keeps only its verifier, made with the
// current HMAC key; the expiry is the printed one, capped by the policy.
func (a *App) activateCounterPIN(rec *PINRecord, ev domain.PINEvent) error {
	if ev.Sealed == nil {
		return domain.NewFieldError("sealed", domain.KeyRequired)
	}
	keys := a.pinKeys()
	if keys.HMAC == nil || keys.Box.Private == nil {
		return domain.ErrPINNoKey
	}
	// The current key or a previous one still configured: a device
	// offline since a rotation sealed to the key it knew.
	box, known := keys.opener(ev.Sealed.KeyID)
	if !known {
		return domain.NewFieldError("sealed.key_id", domain.KeyPINSealed)
	}
	if ev.ExpiresOn == "" {
		return domain.NewFieldError("expires_on", domain.KeyRequired)
	}
	printed, err := domain.ParseDate("expires_on", ev.ExpiresOn)
	if err != nil {
		return err
	}
	plain, err := pin.Open(box, *ev.Sealed)
	if err != nil {
		return domain.NewFieldError("sealed", domain.KeyPINSealed)
	}
	if domain.CheckPIN(plain, a.opts.PIN) != nil {
		return domain.NewFieldError("sealed", domain.KeyPINSealed)
	}
	expires := domain.PINExpiry(ev.At, a.opts.PIN)
	if printed.Before(expires.Time) {
		expires = printed
	}
	rec.State, rec.ExpiresOn = domain.PINActive, expires.String()
	rec.KeyID, rec.Verifier = keys.HMAC.Verifier(rec.RegNo, rec.ID, plain)
	return nil
}

// pinChanged stores a reissue's new state (its UpdatedAt now) and feeds it
// to the member's home branch and the branch that reissued it. Letters and
// e-mails use it once they have generated a PIN.
func (a *App) pinChanged(ctx context.Context, tx Tx, rec PINRecord, homeBranch string) error {
	rec.UpdatedAt = a.now()
	if err := tx.UpdatePIN(ctx, rec); err != nil {
		return err
	}
	return feedPIN(ctx, tx, rec, homeBranch)
}

// homeBranch is the home branch of a reissue's member, or the branch that
// reissued it when the centre no longer holds the member.
func homeBranch(ctx context.Context, r Reader, p PINRecord) (string, error) {
	m, held, err := r.Member(ctx, p.RegNo)
	if err != nil || !held {
		return p.Branch, err
	}
	return m.HomeBranch, nil
}

// feedPIN puts a reissue in the feed of the member's home branch and of
// the branch that reissued it.
func feedPIN(ctx context.Context, tx Tx, rec PINRecord, homeBranch string) error {
	return tx.AppendFeed(ctx, wire.ItemPIN, rec.ID, withBranch(homeBranch, rec.Branch)...)
}

// WirePIN is a reissue as devices see it: never the verifier, the key id
// or the failures.
func WirePIN(p PINRecord) wire.PIN {
	return wire.PIN{ID: p.ID, RegNo: p.RegNo, Channel: string(p.Channel), State: string(p.State), Branch: p.Branch,
		RequestedBy: p.RequestedBy, RequestedAt: p.RequestedAt.UTC(), ExpiresOn: p.ExpiresOn}
}
