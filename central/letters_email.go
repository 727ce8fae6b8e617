package central

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central/mail"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
)

// SendEmails generates and e-mails the PINs of the e-mail reissues still
// requested, each in its own write that commits only once the message was
// handed over (m.Send inside the transaction): a failed send leaves the
// issue requested, with no PIN anybody could use. It stops at the first
// failed send (the mail server is likely down; the next run resumes) and
// returns how many went out. A student who no longer qualifies, or whose
// address the server refuses for good, gets no e-mail: the issue is
// refused.
func (a *App) SendEmails(ctx context.Context, m mail.Mailer, from string, sender letter.Sender) (int, error) {
	if a.opts.PINKeys == nil {
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

// sendEmail sends one reissue's PIN in its own write, reading the issue
// again there: another sender (the serve loop, a `letters email` run) may
// have taken it meanwhile. It reports whether a message went out.
func (a *App) sendEmail(ctx context.Context, m mail.Mailer, from string, sender letter.Sender, id string) (bool, error) {
	var sent, recipientRefused bool
	err := a.st.Write(ctx, func(tx Tx) error {
		sent = false
		found, err := tx.PINs(ctx, []string{id})
		if err != nil {
			return err
		}
		p, ok := found[id]
		if !ok || p.State != domain.PINRequested {
			return nil
		}
		member, held, err := tx.Member(ctx, p.RegNo)
		if err != nil {
			return err
		}
		if refused, err := a.refuseUnqualified(ctx, tx, p, member, held); err != nil || refused {
			return err
		}
		msgID, err := messageID(from)
		if err != nil {
			return err
		}
		r, err := a.preparePIN(p, member, msgID, a.now())
		if err != nil {
			return err
		}
		msg, err := letter.PINEmail(sender, r.letter, from, member.Email, r.letter.IssuedAt, msgID)
		if _, ok := letterAt(err, 1); ok {
			// The member's record cannot make an e-mail: refused, rather
			// than failing every run.
			return a.refuse(ctx, tx, p, member.HomeBranch, err)
		}
		if err != nil {
			return err
		}
		if err := a.pinChanged(ctx, tx, r.active, r.home); err != nil {
			return err
		}
		if err := m.Send(ctx, from, []string{member.Email}, msg); err != nil {
			recipientRefused = errors.Is(err, mail.ErrRecipientRefused)
			return fmt.Errorf("sending the PIN e-mail of member %s: %w", member.RegNo, err)
		}
		sent = true
		return nil
	})
	if err != nil && recipientRefused {
		// The server is up and refuses this address for good: retrying
		// would hold every later e-mail up behind it.
		return false, a.refuseRecipient(ctx, id, err)
	}
	return sent, err
}

// refuseRecipient refuses a still requested e-mail reissue whose address
// the mail server refused.
func (a *App) refuseRecipient(ctx context.Context, id string, why error) error {
	return a.st.Write(ctx, func(tx Tx) error {
		found, err := tx.PINs(ctx, []string{id})
		if err != nil {
			return err
		}
		p, ok := found[id]
		if !ok || p.State != domain.PINRequested {
			return nil
		}
		home := p.Branch
		if m, held, err := tx.Member(ctx, p.RegNo); err != nil {
			return err
		} else if held {
			home = m.HomeBranch
		}
		return a.refuse(ctx, tx, p, home, why)
	})
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
