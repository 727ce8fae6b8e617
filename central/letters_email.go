package central

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central/mail"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/sync/wire"
)

// An e-mail is sent outside any transaction, under a claim on its
// reissue. maxSendTime bounds one send (the SMTP dialogue has its own,
// shorter timeout); claimLease is how long a claim keeps other senders
// (the serve loop, a `letters email` run) off the reissue: longer than a
// send, so two never send the same one, yet short, so a sender that died
// holds it up only briefly.
const (
	maxSendTime = time.Minute
	claimLease  = 2 * maxSendTime
)

// SendEmails generates and e-mails the PINs of the e-mail reissues still
// requested, one by one (sendEmail): only a PIN whose message was handed
// over becomes active. It stops at the first failed send (the mail server
// is likely down; the next run resumes) and returns how many went out. A
// student who no longer qualifies, or whose address the server refuses
// for good, gets no e-mail: the issue is refused.
func (a *App) SendEmails(ctx context.Context, m mail.Mailer, from string, sender letter.Sender) (int, error) {
	if a.pinKeys().HMAC == nil {
		return 0, domain.ErrPINNoKey
	}
	if !plainEmail(from) {
		return 0, domain.NewFieldError("from", domain.KeyInvalidValue)
	}
	due, err := read(ctx, a.st, func(r Reader) ([]PINRecord, error) {
		return r.PINsAwaiting(ctx, domain.ChannelEmail, a.now())
	})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range due {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		ok, err := a.sendEmail(ctx, m, from, sender, p.ID)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// sendEmail sends one reissue's PIN without holding the write lock while
// the mail server answers, so devices' pushes and the portal's
// verifications go on meanwhile. A short write claims the issue (the
// attempt's Message-ID becomes its batch); the PIN, its verifier and the
// message are made and sent outside any transaction; a second short write
// activates the issue, only if this attempt still holds it. The PIN is
// never in the database. A crash after the send leaves the issue
// requested without a verifier: the PIN sent never works, and once the
// claim has lapsed the next run sends a new one. It reports whether a
// message went out.
func (a *App) sendEmail(ctx context.Context, m mail.Mailer, from string, sender letter.Sender, id string) (bool, error) {
	claim, member, ok, err := a.claimEmail(ctx, from, id)
	if err != nil || !ok {
		return false, err
	}
	r, err := a.preparePIN(claim, member, claim.Batch, a.now())
	var msg []byte
	if err == nil {
		msg, err = letter.PINEmail(sender, r.letter, from, member.Email, r.letter.IssuedAt, claim.Batch)
	}
	if err == nil {
		sendCtx, cancel := context.WithTimeout(ctx, maxSendTime)
		err = m.Send(sendCtx, from, []string{member.Email}, msg)
		cancel()
	}
	_, unfit := letterAt(err, 1)
	switch {
	case unfit || errors.Is(err, mail.ErrRecipientRefused):
		// The member's record cannot make an e-mail, or the server is up
		// and refuses the address for good: refused, rather than holding
		// every later e-mail up behind it.
		_, serr := a.settleEmail(ctx, claim, a.refuser(err))
		return false, serr
	case err != nil:
		_, serr := a.settleEmail(ctx, claim, a.releaseClaim)
		return false, errors.Join(fmt.Errorf("the PIN e-mail of member %s: %w", member.RegNo, err), serr)
	}
	activated, err := a.settleEmail(ctx, claim, func(ctx context.Context, tx Tx, _ PINRecord, home string) error {
		return a.pinChanged(ctx, tx, r.active, home)
	})
	if err == nil && !activated {
		a.log.Warn("a PIN e-mail went out but its reissue had moved on (superseded): that PIN never works",
			"issue", id, "registration_number", member.RegNo, "message_id", claim.Batch)
	}
	return true, err
}

// claimEmail claims a requested e-mail reissue for one send, unless
// another sender's claim is still running: its batch becomes a new
// Message-ID, its UpdatedAt the claim's time. A member who no longer
// qualifies is refused instead. It returns the claimed issue and its
// member.
func (a *App) claimEmail(ctx context.Context, from, id string) (PINRecord, wire.Member, bool, error) {
	var p PINRecord
	var member wire.Member
	claimed := false
	err := a.st.Write(ctx, func(tx Tx) error {
		claimed = false
		var ok bool
		var err error
		if p, ok, err = requestedPIN(ctx, tx, id); err != nil || !ok {
			return err
		}
		now := a.now()
		if p.Batch != "" && now.Before(p.UpdatedAt.Add(claimLease)) {
			return nil
		}
		member, ok, err = tx.Member(ctx, p.RegNo)
		if err != nil {
			return err
		}
		if refused, err := a.refuseUnqualified(ctx, tx, p, member, ok); err != nil || refused {
			return err
		}
		if p.Batch, err = messageID(from); err != nil {
			return err
		}
		p.UpdatedAt = now
		claimed = true
		return tx.UpdatePIN(ctx, p)
	})
	return p, member, claimed && err == nil, err
}

// settleEmail ends a send attempt in a short write: settle gets the issue
// and the member's home branch, only while the issue is still requested
// and held by this claim (not superseded by a newer reissue, nor claimed
// again after this claim lapsed). The write goes on when ctx has ended: a
// PIN that went out must activate. It reports whether settle ran.
func (a *App) settleEmail(ctx context.Context, claim PINRecord, settle settleFunc) (bool, error) {
	ctx = context.WithoutCancel(ctx)
	settled := false
	err := a.st.Write(ctx, func(tx Tx) error {
		settled = false
		p, ok, err := requestedPIN(ctx, tx, claim.ID)
		if err != nil || !ok || p.Batch != claim.Batch {
			return err
		}
		home, err := homeBranch(ctx, tx, p)
		if err != nil {
			return err
		}
		settled = true
		return settle(ctx, tx, p, home)
	})
	return settled && err == nil, err
}

// settleFunc is how a send attempt ends, given the issue as it stands
// and the member's home branch (see settleEmail).
type settleFunc func(ctx context.Context, tx Tx, p PINRecord, home string) error

// releaseClaim is a settleFunc that gives the claim up after a failed
// send, so that the next run retries at once.
func (a *App) releaseClaim(ctx context.Context, tx Tx, p PINRecord, _ string) error {
	p.Batch, p.UpdatedAt = "", a.now()
	return tx.UpdatePIN(ctx, p)
}

// refuser is a settleFunc that refuses the issue for why.
func (a *App) refuser(why error) settleFunc {
	return func(ctx context.Context, tx Tx, p PINRecord, home string) error {
		return a.refuse(ctx, tx, p, home, why)
	}
}

// requestedPIN reads a reissue still in state requested; ok is false when
// there is none (unknown, or it has moved on).
func requestedPIN(ctx context.Context, r Reader, id string) (PINRecord, bool, error) {
	found, err := r.PINs(ctx, []string{id})
	p, ok := found[id]
	return p, ok && p.State == domain.PINRequested, err
}

// messageID is a new Message-ID, <uuid@domain of from>, recorded as the
// issue's batch so the message can be traced in the mail server's logs.
func messageID(from string) (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", err
	}
	host := from[strings.LastIndexByte(from, '@')+1:]
	return "<" + id.String() + "@" + host + ">", nil
}

// plainEmail reports whether s is a bare e-mail address in printable
// ASCII (no name, no angle brackets, nothing that would need SMTPUTF8),
// the only form an envelope takes.
func plainEmail(s string) bool {
	a, err := netmail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@") &&
		!strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f })
}
