package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// openDialog shows a dialog of the reissue under way; note is the save
// dialog's text (why the letter is to be saved).
func (s *pinScreen) openDialog(kind pinDialog, note string) {
	c := s.sh.cat
	s.dlgKind = kind
	switch kind {
	case pinDlgConfirm:
		s.dlg = newConfirm(s.sh, c.T("tui.pin.confirm_title", s.channelName(s.channel)),
			[]string{c.T("tui.pin.confirm_who", s.name(), s.regNo()), s.destination(), c.T("tui.pin.confirm_final")},
			c.T("tui.key.pin_yes"))
	case pinDlgOverride:
		s.dlg = newConsentDialog(s.sh, s.overrideWording(s.coolingUntil()))
	case pinDlgSave:
		s.dlg = newInputDialog(s.sh, c.T("tui.pin.save_title"), []string{note}, c.T("tui.key.pin_save"),
			inputSpec{label: c.T("tui.pin.save_path"), limit: 1000, placeholder: c.T("tui.pin.save_placeholder")})
	}
}

// destination says where the PIN of the reissue under way goes.
func (s *pinScreen) destination() string {
	c := s.sh.cat
	switch s.channel {
	case domain.ChannelPost:
		return c.T("tui.pin.confirm.post", orDash(s.member.Address))
	case domain.ChannelEmail:
		return c.T("tui.pin.confirm.email", orDash(s.member.Email))
	}
	return c.T("tui.pin.confirm.counter")
}

// overrideWording words the second supervisor's sign-in during the
// cooling-off that runs until `until`. It stands in for the confirmation,
// so it says where the PIN goes too.
func (s *pinScreen) overrideWording(until string) consentWording {
	c := s.sh.cat
	return consentWording{title: c.T("tui.pin.override_title"), submit: c.T("tui.key.pin_override"),
		body: []string{c.T("tui.pin.override_body", until),
			c.T("tui.pin.override_for", s.channelName(s.channel), s.name(), s.regNo()), s.destination()},
		reasonHint: c.T("tui.pin.override_placeholder"), notAllowed: c.T("tui.pin.not_supervisor")}
}

// closeDialog ends the reissue under way (done, refused or given up).
func (s *pinScreen) closeDialog() {
	s.dlg, s.dlgKind = nil, pinDlgNone
	s.consent, s.saveTo = nil, ""
}

func (s *pinScreen) dialogKey(msg tea.Msg) tea.Cmd {
	res, cmd := s.dlg.update(msg)
	switch res {
	case dialogNo:
		s.closeDialog()
	case dialogYes:
		return s.dialogYes()
	}
	return cmd
}

// dialogYes goes on with the reissue from the open dialog: an input
// dialog must be filled in first, and stays open (busy) until the
// service answers.
func (s *pinScreen) dialogYes() tea.Cmd {
	d, c := s.dlg, s.sh.cat
	switch s.dlgKind {
	case pinDlgConfirm:
		s.dlg, s.dlgKind = nil, pinDlgNone
	case pinDlgOverride:
		if s.consent = typedConsent(c, d); s.consent == nil {
			return nil
		}
	case pinDlgSave:
		path := strings.TrimSpace(d.value(0))
		if path == "" {
			d.fail(c.Labelled(c.T("tui.pin.save_path"), c.T(domain.KeyRequired)), 0)
			return nil
		}
		s.saveTo = path
		d.busy, d.errText = true, ""
	}
	return s.reissue()
}

// reissue asks the service for the reissue under way.
func (s *pinScreen) reissue() tea.Cmd {
	req := s.sh.nextReq()
	s.acting, s.errText = req, ""
	sess, ctx := s.sh.session()
	in := service.PINReissueInput{MemberID: s.member.MemberID, Channel: s.channel, SaveTo: s.saveTo}
	if s.consent != nil {
		consent := *s.consent
		in.Override = &consent
	}
	svc := s.sh.svc
	return func() tea.Msg {
		res, err := svc.ReissuePIN(ctx, sess, in)
		return pinReissueMsg{req: req, channel: in.Channel, res: res, err: err}
	}
}

// onReissue shows the outcome of a reissue, or goes on with what the
// service asks for: a second supervisor during the cooling-off, a file
// when the letter cannot print. A refusal about what was typed in a
// dialog stays in that dialog, on its field.
func (s *pinScreen) onReissue(msg pinReissueMsg) tea.Cmd {
	if msg.req != s.acting {
		return nil
	}
	s.acting = 0
	c, err := s.sh.cat, msg.err
	switch {
	case err == nil:
		s.closeDialog()
		s.result = s.outcome(msg)
		return tea.Batch(emit(NoticeMsg{Text: s.result}), s.load())
	case errors.Is(err, service.ErrPINLetterVoid):
		// Refused after the letter went out: whatever the refusal (even a
		// sign-out), it is no longer about a dialog, and the letter must be
		// destroyed. Said first, in its own words: the refusal may be a
		// field error, which would otherwise be all the catalogue renders.
		s.closeDialog()
		s.errText = safe(c.T(service.KeyPINLetterVoid))
		var void *service.PINLetterVoidError
		if errors.As(err, &void) {
			s.errText += " " + safe(c.Error(void.Refusal))
		}
		return tea.Batch(emit(NoticeMsg{Text: s.errText, Failed: true}), s.load())
	case errors.Is(err, context.Canceled):
		s.closeDialog()
		return nil
	case errors.Is(err, domain.ErrPINCoolingOff) && s.consent == nil:
		// An address change was approved since the overview was read.
		s.dlgKind = pinDlgOverride
		s.dlg = newConsentDialog(s.sh, s.overrideWording(s.coolingUntilOf(err)))
		return s.load()
	case s.consent != nil && s.overrideRefused(err):
		return nil
	case errors.Is(err, domain.ErrPINNoPrinter) && s.saveTo == "":
		s.openDialog(pinDlgSave, c.T("tui.pin.save_no_printer"))
		return nil
	case errors.Is(err, domain.ErrPINPrintFailed) && s.saveTo == "":
		s.openDialog(pinDlgSave, c.T("tui.pin.save_print_failed", safe(c.Error(err))))
		return nil
	case s.dlgKind == pinDlgSave && s.saveRefused(err):
		return nil
	}
	s.closeDialog()
	s.errText = safe(c.Error(err))
	return tea.Batch(emit(NoticeMsg{Text: s.errText, Failed: true}), s.load())
}

// overrideRefused shows in the override dialog a refusal about the second
// supervisor (who signs in, and why), on its field; false when the
// refusal is about something else.
func (s *pinScreen) overrideRefused(err error) bool {
	field, text, ok := consentRefusal(s.sh.cat, err, s.overrideWording(s.coolingUntil()))
	if !ok {
		return false
	}
	typed := s.consent
	if s.dlgKind != pinDlgOverride { // refused after the save dialog: ask again
		s.openDialog(pinDlgOverride, "")
		s.dlg.inputs[consentUser].SetValue(typed.Username)
		s.dlg.inputs[consentReason].SetValue(typed.Reason)
	}
	s.consent = nil
	showConsentRefusal(s.dlg, field, text)
	return true
}

// saveRefused shows in the save dialog a refusal of the file named there
// (it exists, its folder does not, it could not be written); false for a
// refusal of the reissue.
func (s *pinScreen) saveRefused(err error) bool {
	fe, ok := domain.AsFieldError(err)
	if !ok || fe.Field != "save_to" {
		return false
	}
	c := s.sh.cat
	s.dlg.fail(c.Labelled(c.T("tui.pin.save_path"), safe(c.T(fe.Key, fe.Args...))), 0)
	s.saveTo = ""
	return true
}

// outcome words a reissue done: where the letter went, or that the centre
// will send it.
func (s *pinScreen) outcome(msg pinReissueMsg) string {
	c := s.sh.cat
	switch {
	case msg.channel != domain.ChannelCounter:
		return c.T("tui.pin.done_queued", s.channelName(msg.channel))
	case msg.res.SavedTo != "":
		return c.T("tui.pin.done_saved", safe(msg.res.SavedTo))
	}
	return c.T("tui.pin.done_printed")
}

// coolingUntilOf is the end of the cooling-off a refusal names, or the
// overview's.
func (s *pinScreen) coolingUntilOf(err error) string {
	var de *domain.Error
	if errors.As(err, &de) && len(de.Args) > 0 {
		switch t := de.Args[0].(type) {
		case time.Time:
			return s.sh.zoned(t)
		case string: // the service writes it in the members' time zone
			return safe(t)
		}
	}
	return s.coolingUntil()
}
