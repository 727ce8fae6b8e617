package service

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// Temporary PIN reissue on the console (DESIGN.md, "Temporary PINs"): the
// rules are domain.CheckPINReissue, applied inside each write; post and
// e-mail reissues are queued for the centre, which makes the PIN; a
// counter PIN is made, printed and only then sealed and queued
// (pins_counter.go). The PIN never reaches the database, the audit chain,
// an error or a screen.

// PINChannelOption is one channel as the Reissue PIN screen offers it.
type PINChannelOption struct {
	Channel domain.PINChannel
	// Refusal says why the channel cannot be used (domain.PINChannelError
	// or the limit), nil when it can (perhaps with an override, see
	// PINOverview.CoolingOffUntil).
	Refusal error
}

// PINOverview is what the Reissue PIN screen shows before anything is done:
// never the PIN, never health data.
type PINOverview struct {
	MemberID int64
	RegNo    string
	Name     string
	Channels []PINChannelOption
	// CoolingOffUntil is when the cooling-off after the last address change
	// ends; while it runs, a reissue needs a second supervisor's override.
	CoolingOffUntil time.Time
	NeedsOverride   bool
	// Recent is how many reissues count towards the limit now, of Max.
	Recent, Max int
	// ExpiresOn is the expiry a PIN issued now would carry.
	ExpiresOn domain.Date
	History   []PINHistoryRow // newest first
}

// PINHistoryRow is one line of a member's PIN history.
type PINHistoryRow struct {
	domain.PINIssue
	Expired  bool   // active but past its expiry
	Refusal  string // message key of the centre's refusal (State refused)
	Override *domain.PINOverride
}

// PINReissueInput is a reissue as the agent asks for it.
type PINReissueInput struct {
	MemberID int64
	Channel  domain.PINChannel
	Override *Consent // a second supervisor during the cooling-off
	// SaveTo (counter only) writes the letter's PDF to this new file (mode
	// 0600) instead of printing it.
	SaveTo string
}

// PINReissueResult is what the agent is told: the issue, and for a counter
// letter whether it was printed or saved where.
type PINReissueResult struct {
	Issue   domain.PINIssue
	Printed bool
	SavedTo string
	// Override is the second supervisor's consent the reissue carries; nil
	// when the cooling-off did not apply (a consent given is then unused).
	Override *domain.PINOverride
}

// PINOverview shows a member's PIN state for the Reissue PIN screen and
// `guichet pin history` (audited).
func (s *Service) PINOverview(ctx context.Context, sess Session, memberID int64) (PINOverview, error) {
	if err := authorize(sess, domain.ActionViewPINs); err != nil {
		return PINOverview{}, err
	}
	var ov PINOverview
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		sc, err := s.pinScene(ctx, tx, sess, memberID)
		if err != nil {
			return err
		}
		if err := domain.Authorize(sc.actor.Role, domain.ActionViewPINs); err != nil {
			return err
		}
		ov = s.overview(sc, s.now())
		return s.audit(ctx, tx, sess.Username, domain.AuditPINHistory, sc.member.RegNo,
			map[string]any{"issues": len(sc.issues)})
	})
	return ov, err
}

// overview reads the rules' verdict for each channel without deciding.
func (s *Service) overview(sc pinScene, now time.Time) PINOverview {
	p := s.pinPolicy()
	m := sc.member
	ov := PINOverview{MemberID: m.ID, RegNo: m.RegNo, Name: m.FamilyName + " " + m.GivenName,
		Max: p.MaxReissues, ExpiresOn: domain.PINExpiry(now, p)}
	limit := s.localTimes(domain.PINLimitError(sc.subject.History, p, now))
	for _, ch := range domain.PINChannels {
		refusal := domain.PINChannelError(m.Member, sc.subject.Address, ch)
		if refusal == nil {
			refusal = limit
		}
		ov.Channels = append(ov.Channels, PINChannelOption{Channel: ch, Refusal: refusal})
	}
	if until := domain.CoolingOffUntil(sc.subject.AddressChangedAt, p); now.Before(until) {
		ov.CoolingOffUntil, ov.NeedsOverride = until.In(p.Location), true
	}
	ov.Recent = len(domain.RecentPINReissues(sc.subject.History, now))
	for i, is := range sc.issues {
		h := sc.subject.History[i]
		h.RequestedAt = h.RequestedAt.In(p.Location) // as members and agents read it, like the cooling-off
		ov.History = append(ov.History, PINHistoryRow{PINIssue: h, Refusal: is.Refusal, Override: is.Override,
			Expired: h.State == domain.PINActive && !h.ExpiresOn.IsZero() && domain.PINExpired(h.ExpiresOn, p, now)})
	}
	return ov
}

// ReissuePIN reissues a member's temporary PIN on a channel. The rules are
// checked before anything is done (a refusal stores nothing), and again in
// the write. During the cooling-off after an address change, in.Override
// signs a second supervisor in. A counter PIN is printed (or saved to
// in.SaveTo) first and queued, sealed, only once that worked.
func (s *Service) ReissuePIN(ctx context.Context, sess Session, in PINReissueInput) (PINReissueResult, error) {
	if err := authorize(sess, domain.ActionReissuePIN); err != nil {
		return PINReissueResult{}, err
	}
	ch, err := domain.ParsePINChannel("channel", string(in.Channel))
	if err != nil {
		return PINReissueResult{}, err
	}
	if ch != domain.ChannelCounter {
		if in.SaveTo != "" {
			return PINReissueResult{}, domain.NewFieldError("save_to", KeyPINSaveCounterOnly)
		}
		g, err := s.precheckPIN(ctx, sess, in.MemberID, ch, in.Override)
		if err != nil {
			return PINReissueResult{}, err
		}
		issue, g, err := s.recordPIN(ctx, sess, in.MemberID, ch, g, nil)
		return PINReissueResult{Issue: issue, Override: g.consent()}, err
	}
	return s.reissueAtCounter(ctx, sess, in)
}

// Message keys of the service's own PIN refusals (translated in package
// i18n, like the domain's).
const (
	KeyPINSaveCounterOnly = "err.pin.save_counter_only" // only a counter letter is saved to a file
	KeyPINSaveExists      = "err.pin.save_exists"       // never overwrite a file
	KeyPINSaveNoFolder    = "err.pin.save_no_folder"    // the file's folder must exist
	KeyPINSaveFailed      = "err.pin.save_failed"       // the file could not be written: nothing queued
	KeyPINLetterVoid      = "err.pin.letter_void"       // printed, then refused: destroy the letter
)

// ErrPINLetterVoid is a counter reissue refused after its letter was
// printed: the PIN on it will never work and the letter must be
// destroyed. It comes inside a *PINLetterVoidError.
var ErrPINLetterVoid = &domain.Error{Key: KeyPINLetterVoid}

// PINLetterVoidError is a counter reissue that failed after its letter was
// printed or saved: nothing was queued, so the PIN never activates, and
// the agent must destroy the letter (a saved file is deleted). It matches
// both ErrPINLetterVoid and the refusal (errors.Is).
type PINLetterVoidError struct {
	Refusal error
	SavedTo string // the saved letter, deleted
}

func (e *PINLetterVoidError) Error() string {
	return "the printed PIN letter is void, destroy it: " + e.Refusal.Error()
}

// Unwrap lets errors.Is and errors.As see both the void letter (first, so
// a catalogue that renders one error tells the agent to destroy it) and
// the refusal.
func (e *PINLetterVoidError) Unwrap() []error { return []error{ErrPINLetterVoid, e.Refusal} }
