package central

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// LetterBatch is one export of post letters: a single PDF for the print
// shop.
type LetterBatch struct {
	ID      string // recorded as the Batch of every issue it carries
	Path    string // the PDF; "" when no letter was due
	Letters int    // PINs generated, one letter (page) each
	Refused int    // reissues refused instead: the member no longer qualifies, or the letter cannot carry the record
}

// ExportLetters generates the PINs of the post reissues still requested
// and applied before the end of day (in the members' time zone) and
// renders their letters as one PDF, dir/letters-<day>-<batch>.pdf (0600,
// dir 0700), in one write: the verifiers become active only if the PDF
// was written, and the PDF is removed if the write does not commit, so a
// PIN exists exactly when its letter does. A member no longer active or
// whose address is no longer verified, or whose record the letter cannot
// carry (an address wider than the envelope window), gets no letter: the
// issue is refused (logged, fed). Nothing due is a batch of 0 letters and
// no file.
func (a *App) ExportLetters(ctx context.Context, day domain.Date, dir string, sender letter.Sender) (LetterBatch, error) {
	if a.pinKeys().HMAC == nil {
		return LetterBatch{}, domain.ErrPINNoKey
	}
	if day.IsZero() {
		return LetterBatch{}, domain.NewFieldError("date", domain.KeyRequired)
	}
	if dir == "" {
		return LetterBatch{}, domain.NewFieldError("dir", domain.KeyRequired)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return LetterBatch{}, err
	}
	batch := LetterBatch{ID: id.String()}
	end := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, a.opts.PIN.Location)
	var written string
	err = a.st.Write(ctx, func(tx Tx) error {
		if written != "" { // a retried write (PostgreSQL): the last attempt's PDF never counted
			os.Remove(written)
			written = ""
		}
		batch.Letters = 0
		ready, refused, err := a.dueLetters(ctx, tx, end, batch.ID)
		if err != nil {
			return err
		}
		pdf, ready, unprintable, err := a.renderLetters(ctx, tx, sender, ready)
		batch.Refused = refused + unprintable
		if err != nil || len(ready) == 0 {
			return err
		}
		for _, r := range ready {
			if err := a.pinChanged(ctx, tx, r.active, r.home); err != nil {
				return err
			}
		}
		name := fmt.Sprintf("letters-%s-%s.pdf", day.String(), batch.ID)
		if written, err = letter.Save(dir, name, pdf); err != nil {
			return err
		}
		batch.Letters = len(ready)
		return nil
	})
	if err != nil {
		if written != "" {
			os.Remove(written) // its PINs never became active
		}
		return LetterBatch{}, err
	}
	batch.Path = written
	a.log.Info("PIN letters exported", "batch", batch.ID, "letters", batch.Letters, "refused", batch.Refused)
	return batch, nil
}

// dueLetters makes the PINs of the post reissues requested and applied
// before end, carried by batch; it refuses those whose member no longer
// qualifies, and counts them.
func (a *App) dueLetters(ctx context.Context, tx Tx, end time.Time, batch string) ([]readyPIN, int, error) {
	due, err := tx.PINsAwaiting(ctx, domain.ChannelPost, end)
	if err != nil {
		return nil, 0, err
	}
	regnos := make([]string, len(due))
	for i, p := range due {
		regnos[i] = p.RegNo
	}
	members, err := tx.Members(ctx, regnos)
	if err != nil {
		return nil, 0, err
	}
	now := a.now()
	var ready []readyPIN
	refused := 0
	for _, p := range due {
		m, held := members[p.RegNo]
		if no, err := a.refuseUnqualified(ctx, tx, p, m, held); err != nil {
			return nil, 0, err
		} else if no {
			refused++
			continue
		}
		r, err := a.preparePIN(p, m, batch, now)
		if err != nil {
			return nil, 0, err
		}
		ready = append(ready, r)
	}
	return ready, refused, nil
}

// renderLetters renders the letters as one PDF. A member's record the
// letter cannot carry (no printable name, an address too long for the
// window) must not hold the whole batch up: that reissue is refused and
// the rest rendered again. It returns the PDF, the letters it holds and
// how many were refused.
func (a *App) renderLetters(ctx context.Context, tx Tx, sender letter.Sender, ready []readyPIN) ([]byte, []readyPIN, int, error) {
	refused := 0
	for len(ready) > 0 {
		letters := make([]letter.PINLetter, len(ready))
		for i, r := range ready {
			letters[i] = r.letter
		}
		pdf, err := letter.RenderPINLetters(sender, letters)
		if err == nil {
			return pdf, ready, refused, nil
		}
		i, ok := letterAt(err, len(ready))
		if !ok {
			return nil, nil, refused, err
		}
		if err := a.refuse(ctx, tx, ready[i].issue, ready[i].home, err); err != nil {
			return nil, nil, refused, err
		}
		refused++
		ready = slices.Delete(ready, i, i+1)
	}
	return nil, nil, refused, nil
}

// letterAt finds the letter a rendering refused for one of its own
// fields (not the sender's or the batch's), among n.
func letterAt(err error, n int) (int, bool) {
	var ie *letter.InputError
	if !errors.As(err, &ie) || ie.Index < 0 || ie.Index >= n {
		return 0, false
	}
	switch ie.Field {
	case "full_name", "regno", "pin", "address", "issued_at", "expires_on", "to":
		return ie.Index, true
	}
	return 0, false
}

// refuseUnqualified refuses a requested reissue whose member no longer
// qualifies for its channel (domain.PINChannelError: no longer active, the
// address made unverified by a returned letter, no usable e-mail): no PIN
// is made, and the consoles show the refusal after their next pull.
func (a *App) refuseUnqualified(ctx context.Context, tx Tx, p PINRecord, m wire.Member, held bool) (bool, error) {
	if !held {
		return true, a.refuse(ctx, tx, p, p.Branch, domain.ErrMemberNotFound)
	}
	s := pinSubject(m, nil)
	why := domain.PINChannelError(s.Member, s.Address, p.Channel)
	if why == nil && p.Channel == domain.ChannelEmail && !plainEmail(m.Email) {
		// A malformed address would fail every send and hold the queue
		// up: the student must declare a usable one.
		why = domain.ErrPINNoEmail
	}
	if why == nil {
		return false, nil
	}
	return true, a.refuse(ctx, tx, p, m.HomeBranch, why)
}

// refuse ends a requested reissue without a PIN (nor a batch that carried
// one), fed so the consoles show it; why goes to the log only (it never
// holds a PIN).
func (a *App) refuse(ctx context.Context, tx Tx, p PINRecord, home string, why error) error {
	p.State, p.Batch = domain.PINRefused, ""
	if err := a.pinChanged(ctx, tx, p, home); err != nil {
		return err
	}
	a.log.Warn("PIN reissue refused when its PIN was due", "issue", p.ID, "registration_number", p.RegNo,
		"channel", string(p.Channel), "reason", why.Error())
	return nil
}

// readyPIN is a reissue whose PIN was made and not yet stored: the issue
// as it was, as it becomes (active, its verifier), and the letter or
// e-mail that carries the PIN.
type readyPIN struct {
	issue, active PINRecord
	home          string
	letter        letter.PINLetter
}

// preparePIN makes the PIN of a requested reissue as its letter or e-mail
// goes out: the issue becomes active until the policy's expiry with only
// the PIN's verifier, under the current key, carried by batch (the letter
// batch or the e-mail's Message-ID). The PIN itself is only in the letter.
func (a *App) preparePIN(p PINRecord, m wire.Member, batch string, now time.Time) (readyPIN, error) {
	code, err := pin.Generate(a.opts.PIN.Length)
	if err != nil {
		return readyPIN{}, err
	}
	expires := domain.PINExpiry(now, a.opts.PIN)
	r := readyPIN{issue: p, active: p, home: m.HomeBranch, letter: a.pinLetter(m, code, now, expires)}
	r.active.KeyID, r.active.Verifier = a.pinKeys().HMAC.Verifier(p.RegNo, p.ID, code)
	r.active.State, r.active.ExpiresOn, r.active.Batch, r.active.Failures = domain.PINActive, expires.String(), batch, 0
	return r, nil
}

// pinLetter is the letter (or e-mail) that carries a member's PIN: the
// name in Latin script and the current address, nothing else of the file.
func (a *App) pinLetter(m wire.Member, code string, issued time.Time, expires domain.Date) letter.PINLetter {
	l := letter.PINLetter{FullName: strings.ToUpper(m.FamilyName) + " " + m.GivenName, RegNo: m.RegNo, PIN: code,
		IssuedAt: issued, ExpiresOn: expires.Time, Location: a.opts.PIN.Location}
	if ad := m.Address; ad != nil {
		for _, line := range []string{ad.Line1, ad.Line2, ad.Quarter, ad.PostalCode + " " + ad.City, ad.Province} {
			if line = strings.TrimSpace(line); line != "" {
				l.AddressLines = append(l.AddressLines, line)
			}
		}
	}
	return l
}
