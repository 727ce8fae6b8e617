package service

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/store"
)

// reissueAtCounter makes a counter PIN: the key, the printer and the rules
// are checked first; the PIN is generated, its letter rendered and printed
// (or saved); only then is the PIN sealed to the centre's key and queued.
// A failed print queues nothing and is audited; a refusal after the print
// voids the letter.
func (s *Service) reissueAtCounter(ctx context.Context, sess Session, in PINReissueInput) (PINReissueResult, error) {
	key, err := s.pinKey(ctx)
	if err != nil {
		return PINReissueResult{}, err
	}
	if err := s.checkLetterDestination(in.SaveTo); err != nil {
		return PINReissueResult{}, err
	}
	g, err := s.precheckPIN(ctx, sess, in.MemberID, domain.ChannelCounter, in.Override)
	if err != nil {
		return PINReissueResult{}, err
	}
	file, err := s.db.MemberFile(ctx, in.MemberID)
	if err != nil {
		return PINReissueResult{}, err
	}
	m, p := file.Member, s.pinPolicy()
	var lines []string
	if len(file.Addresses) > 0 && file.Addresses[0].ValidTo == nil {
		lines = addressLines(file.Addresses[0].Input())
	}
	at := s.now()
	sl := &sealedLetter{at: at, expires: domain.PINExpiry(at, p)}

	code, err := pin.Generate(p.Length)
	if err != nil {
		return PINReissueResult{}, err
	}
	pdf, err := letter.RenderPINLetters(letter.Sender{PortalURL: s.policy.PortalURL}, []letter.PINLetter{{
		FullName: strings.ToUpper(m.FamilyName) + " " + m.GivenName, AddressLines: lines, RegNo: m.RegNo,
		PIN: code, IssuedAt: at, ExpiresOn: sl.expires.Time, Counter: true, Location: p.Location}})
	if err != nil {
		return PINReissueResult{}, fmt.Errorf("rendering the PIN letter: %w", err)
	}
	defer clear(pdf) // the letter holds the PIN: keep no copy once it is out

	res := PINReissueResult{}
	if in.SaveTo != "" {
		res.SavedTo, err = letter.Save(filepath.Dir(in.SaveTo), filepath.Base(in.SaveTo), pdf)
		sl.detail = map[string]any{"saved_to": res.SavedTo}
	} else {
		err = letter.Print(ctx, s.policy.PrintCommand, pdf)
		res.Printed = err == nil
		sl.detail = map[string]any{"printed_with": s.policy.PrintCommand}
	}
	// From here on the letter may be in the agent's hands: a sign-out or an
	// idle lock cancelling ctx must not void it, nor leave its failure
	// unaudited.
	ctx = context.WithoutCancel(ctx)
	if err != nil {
		return res, s.letterNotOut(ctx, sess, m.RegNo, in.SaveTo != "", redact(err.Error(), code))
	}
	if sl.sealed, err = pin.Seal(key, code); err == nil {
		res.Issue, g, err = s.recordPIN(ctx, sess, in.MemberID, domain.ChannelCounter, g, sl)
	}
	if err != nil {
		void := &PINLetterVoidError{Refusal: err}
		if res.SavedTo != "" {
			os.Remove(res.SavedTo) // its PIN never works: no copy left behind
			void.SavedTo, res.SavedTo = res.SavedTo, ""
		}
		return res, void
	}
	res.Override = g.consent()
	return res, nil
}

// letterNotOut audits a counter letter that did not go out (committed
// alone: nothing else was done) and refuses with the printer's or the file
// system's complaint; a file that could not be written is the save_to
// field's refusal, so that the agent names another.
func (s *Service) letterNotOut(ctx context.Context, sess Session, regno string, saving bool, complaint string) error {
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditPINPrintFailed, regno,
			map[string]any{"channel": string(domain.ChannelCounter), "error": complaint})
	})
	switch {
	case err != nil:
		return err
	case saving:
		return domain.NewFieldError("save_to", KeyPINSaveFailed, complaint)
	}
	return &domain.Error{Key: domain.KeyPINPrintFailed, Args: []any{complaint}}
}

// maxComplaint bounds what a refusal keeps of the printer's message.
const maxComplaint = 300

// redact makes an error from the printer or the file system safe to show
// and to audit: one printable line, short, and never the PIN (a print
// command could echo what it was given).
func redact(msg, code string) string {
	msg = strings.ReplaceAll(domain.Sanitize(msg), code, "[PIN]")
	if r := []rune(msg); len(r) > maxComplaint {
		msg = string(r[:maxComplaint]) + "…"
	}
	return msg
}

// pinKey is the centre's sealed-box public key: the configured one, or
// the one recorded at provisioning; domain.ErrPINNoKey when there is none.
func (s *Service) pinKey(ctx context.Context) (pin.BoxKey, error) {
	if k := s.policy.PINKey; k.ID != "" && k.Public != nil {
		return pin.BoxKey{ID: k.ID, Public: k.Public}, nil
	}
	id, err := s.db.Meta(ctx, store.MetaPINKeyID)
	if err != nil {
		return pin.BoxKey{}, err
	}
	text, err := s.db.Meta(ctx, store.MetaPINPublicKey)
	if err != nil {
		return pin.BoxKey{}, err
	}
	if id == "" || text == "" {
		return pin.BoxKey{}, domain.ErrPINNoKey
	}
	public, err := pin.PublicKey(text)
	if err != nil {
		return pin.BoxKey{}, fmt.Errorf("the centre's PIN key recorded at provisioning: %w", err)
	}
	return pin.BoxKey{ID: id, Public: public}, nil
}

// checkLetterDestination makes sure a counter letter can go somewhere
// before a PIN is made: a new file in an existing folder, or the print
// command.
func (s *Service) checkLetterDestination(saveTo string) error {
	if saveTo == "" {
		if s.policy.PrintCommand == "" {
			return domain.ErrPINNoPrinter
		}
		return nil
	}
	if info, err := os.Stat(filepath.Dir(saveTo)); err != nil || !info.IsDir() {
		return domain.NewFieldError("save_to", KeyPINSaveNoFolder)
	}
	if _, err := os.Lstat(saveTo); !errors.Is(err, os.ErrNotExist) {
		return domain.NewFieldError("save_to", KeyPINSaveExists)
	}
	return nil
}
