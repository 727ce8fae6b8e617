package service

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// pinScene is what the reissue rules need, read inside one transaction.
type pinScene struct {
	actor   domain.Actor
	member  store.MemberRow
	subject domain.PINSubject
	issues  []store.PINIssue // as stored, in the order of subject.History
}

// pinScene re-reads the actor, the member, its current address (the
// cooling-off runs from its approval) and its PIN history.
func (s *Service) pinScene(ctx context.Context, tx *store.Tx, sess Session, memberID int64) (pinScene, error) {
	var sc pinScene
	var err error
	if sc.actor, err = s.actorNow(ctx, tx, sess); err != nil {
		return sc, err
	}
	if sc.member, err = tx.MemberForUpdate(ctx, memberID); err != nil {
		return sc, err
	}
	addr, err := tx.CurrentAddress(ctx, memberID)
	if err != nil {
		return sc, err
	}
	if sc.issues, err = tx.PINIssues(ctx, memberID); err != nil {
		return sc, err
	}
	sc.subject = domain.PINSubject{Member: sc.member.Member, Address: addr}
	if addr != nil {
		sc.subject.AddressChangedAt = addr.ValidFrom
	}
	for _, is := range sc.issues {
		sc.subject.History = append(sc.subject.History, domain.PINIssue{ID: is.ID, Channel: is.Channel, State: is.State,
			RequestedBy: is.RequestedBy, RequestedAt: is.RequestedAt, ExpiresOn: is.ExpiresOn})
	}
	return sc, nil
}

// pinPolicy is the configured policy; a zero one (a caller that set none)
// is the default policy in the members' time zone.
func (s *Service) pinPolicy() domain.PINPolicy {
	p := s.policy.PIN
	loc := p.Location
	if loc == nil {
		loc = s.policy.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	if p.Length == 0 {
		return domain.DefaultPINPolicy(loc)
	}
	p.Location = loc
	return p
}

// localTimes writes the instants a refusal carries (the end of the
// cooling-off, when the limit frees up) as members read them: in the
// policy's time zone, to the minute.
func (s *Service) localTimes(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || !slices.ContainsFunc(de.Args, func(a any) bool { _, ok := a.(time.Time); return ok }) {
		return err
	}
	args := slices.Clone(de.Args)
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = t.In(s.pinPolicy().Location).Format(pinTimeLayout)
		}
	}
	return &domain.Error{Key: de.Key, Args: args}
}

const pinTimeLayout = "2006-01-02 15:04"

// pinGrant is a second supervisor signed in to override the cooling-off.
type pinGrant struct {
	override domain.PINOverride
	granter  domain.Actor
}

// consent is the override the reissue carries, nil without one.
func (g *pinGrant) consent() *domain.PINOverride {
	if g == nil {
		return nil
	}
	o := g.override
	return &o
}

// precheckPIN applies the rules before anything is done. Only when the
// cooling-off alone stands in the way and a consent is given is the second
// person signed in (the reason checked first, since a sign-in is audited
// and counts towards a lockout); the grant is then checked in the write.
func (s *Service) precheckPIN(ctx context.Context, sess Session, memberID int64, ch domain.PINChannel, c *Consent) (*pinGrant, error) {
	var refusal error
	var actor domain.Actor
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		sc, err := s.pinScene(ctx, tx, sess, memberID)
		if err == nil {
			actor = sc.actor
			refusal = domain.CheckPINReissue(sc.actor, ch, sc.subject, s.pinPolicy(), s.now(), nil, nil)
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case refusal == nil:
		return nil, nil
	case c == nil || !errors.Is(refusal, domain.ErrPINCoolingOff):
		return nil, s.localTimes(refusal)
	}
	why, err := domain.RequireText("reason", c.Reason, domain.MaxReasonLen)
	if err != nil {
		return nil, err
	}
	second, err := s.SignIn(ctx, c.Username, c.Password)
	if err != nil {
		return nil, err
	}
	g := &pinGrant{override: domain.PINOverride{By: second.Username, Reason: why},
		granter: domain.Actor{Username: second.Username, Role: second.Role, Branch: second.Branch}}
	// Judge the second person now, before a counter letter prints: a
	// refusal after the print would void a letter already handed out.
	if err := domain.CanGrantException(actor, g.granter); err != nil {
		return nil, err
	}
	return g, nil
}

// sealedLetter is what a counter reissue adds to its event: the sealed
// PIN, the expiry printed on the letter and when it was made.
type sealedLetter struct {
	sealed  domain.SealedPIN
	expires domain.Date
	at      time.Time
	detail  map[string]any // how the letter went out, for the audit entry
}

// recordPIN checks the rules again and, in the same transaction, records
// the reissue (queued), its audit entries (the override's by its granter)
// and its outbox entry. It returns the grant the reissue carries: none
// when the cooling-off no longer applies.
func (s *Service) recordPIN(ctx context.Context, sess Session, memberID int64, ch domain.PINChannel, g *pinGrant,
	letter *sealedLetter) (domain.PINIssue, *pinGrant, error) {
	var issue store.PINIssue
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		sc, err := s.pinScene(ctx, tx, sess, memberID)
		if err != nil {
			return err
		}
		p, now := s.pinPolicy(), s.now()
		if !now.Before(domain.CoolingOffUntil(sc.subject.AddressChangedAt, p)) {
			g = nil
		}
		var override *domain.PINOverride
		var granter *domain.Actor
		if g != nil {
			override, granter = g.consent(), &g.granter
		}
		if err := domain.CheckPINReissue(sc.actor, ch, sc.subject, p, now, override, granter); err != nil {
			return s.localTimes(err)
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		regno := sc.member.RegNo
		issue = store.PINIssue{ID: id.String(), MemberID: memberID, RegNo: regno, Channel: ch, State: domain.PINQueued,
			RequestedBy: sess.Username, RequestedAt: now, Override: override}
		ev := domain.PINEvent{Kind: domain.EventPINReissued, IssueID: issue.ID, RegNo: regno, Channel: ch,
			Actor: sess.Username, At: now, Override: override}
		detail := map[string]any{"issue_id": issue.ID, "channel": string(ch)}
		if letter != nil {
			issue.RequestedAt, issue.ExpiresOn = letter.at, letter.expires
			ev.At, ev.ExpiresOn, ev.Sealed = letter.at, letter.expires.String(), &letter.sealed
			detail["expires_on"], detail["key_id"] = letter.expires.String(), letter.sealed.KeyID
			for k, v := range letter.detail {
				detail[k] = v
			}
		}
		if g != nil {
			detail["override_by"] = g.override.By
			if err := s.audit(ctx, tx, g.override.By, domain.AuditPINOverride, regno, map[string]any{
				"issue_id": issue.ID, "reason": g.override.Reason, "for": sess.Username, "channel": string(ch)}); err != nil {
				return err
			}
		}
		// The member's registration number is the hold key: the member's
		// later entries wait behind this one, as for its changes.
		entry, err := tx.EnqueueEntry(ctx, domain.EventPINReissued, regno, ev.At, ev)
		if err != nil {
			return err
		}
		issue.OutboxID = entry.ID
		if err := tx.InsertPINIssue(ctx, issue); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditPINReissued, regno, detail)
	})
	if err != nil {
		return domain.PINIssue{}, nil, err
	}
	s.kick() // the sync engine delivers the new entry soon
	return domain.PINIssue{ID: issue.ID, Channel: issue.Channel, State: issue.State, RequestedBy: issue.RequestedBy,
		RequestedAt: issue.RequestedAt, ExpiresOn: issue.ExpiresOn}, g, nil
}
