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
	ch := s.channelName(s.channel)
	who := c.T("tui.pin.confirm_who", s.name(), s.regNo())
	s.dlgKind = kind
	switch kind {
	case pinDlgConfirm:
		dest := map[domain.PINChannel]string{
			domain.ChannelCounter: c.T("tui.pin.confirm.counter"),
			domain.ChannelPost:    c.T("tui.pin.confirm.post", orDash(s.member.Address)),
			domain.ChannelEmail:   c.T("tui.pin.confirm.email", orDash(s.member.Email)),
		}[s.channel]
		s.dlg = newConfirm(s.sh, c.T("tui.pin.confirm_title", ch), []string{who, dest, c.T("tui.pin.confirm_final")},
			c.T("tui.key.pin_yes"))
	case pinDlgOverride:
		s.dlg = newInputDialog(s.sh, c.T("tui.pin.override_title"),
			[]string{c.T("tui.pin.override_body", s.coolingUntil()), c.T("tui.pin.override_for", ch, s.name(), s.regNo())},
			c.T("tui.key.pin_override"),
			inputSpec{label: c.T("tui.consent.username"), limit: 64},
			inputSpec{label: c.T("tui.consent.password"), limit: domain.MaxPasswordLen, secret: true},
			inputSpec{label: c.T("tui.consent.reason"), limit: domain.MaxReasonLen, placeholder: c.T("tui.pin.override_placeholder")})
	case pinDlgSave:
		s.dlg = newInputDialog(s.sh, c.T("tui.pin.save_title"), []string{note}, c.T("tui.key.pin_save"),
			inputSpec{label: c.T("tui.pin.save_path"), limit: 1000, placeholder: c.T("tui.pin.save_placeholder")})
	}
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
		user, pass, reason := strings.TrimSpace(d.value(0)), d.value(1), strings.TrimSpace(d.value(2))
		switch {
		case user == "":
			d.fail(c.T("tui.consent.username")+": "+c.T(domain.KeyRequired), 0)
			return nil
		case pass == "":
			d.fail(c.T("tui.consent.password")+": "+c.T(domain.KeyRequired), 1)
			return nil
		case reason == "":
			d.fail(c.T("tui.consent.reason")+": "+c.T(domain.KeyRequired), 2)
			return nil
		}
		s.consent = &service.Consent{Username: user, Password: pass, Reason: reason}
		d.busy, d.errText = true, ""
	case pinDlgSave:
		path := strings.TrimSpace(d.value(0))
		if path == "" {
			d.fail(c.T("tui.pin.save_path")+": "+c.T(domain.KeyRequired), 0)
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
	case errors.Is(err, context.Canceled):
		s.closeDialog()
		return nil
	case errors.Is(err, service.ErrPINLetterVoid):
		// Refused after the letter went out: whatever the refusal, it is
		// no longer about a dialog. The letter must be destroyed.
		s.closeDialog()
		s.errText = safe(c.Error(err))
		var void *service.PINLetterVoidError
		if errors.As(err, &void) {
			s.errText += " " + safe(c.Error(void.Refusal))
		}
		return tea.Batch(emit(NoticeMsg{Text: s.errText, Failed: true}), s.load())
	case errors.Is(err, domain.ErrPINCoolingOff) && s.consent == nil:
		// An address change was approved since the overview was read.
		s.openDialog(pinDlgOverride, "")
		s.dlg.body[0] = c.T("tui.pin.override_body", s.coolingUntilOf(err))
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
// supervisor (who signs in, and why), naming the field; false when the
// refusal is about something else.
func (s *pinScreen) overrideRefused(err error) bool {
	c := s.sh.cat
	user, pass, reason := c.T("tui.consent.username"), c.T("tui.consent.password"), c.T("tui.consent.reason")
	field, text := -1, ""
	switch fe, isField := domain.AsFieldError(err); {
	case errors.Is(err, domain.ErrBadCredentials):
		field, text = 1, pass+": "+c.Error(err)
	case errors.Is(err, domain.ErrAccountLocked), errors.Is(err, domain.ErrAccountDisabled):
		field, text = 0, user+": "+c.Error(err)
	case errors.Is(err, domain.ErrSecondPersonSame):
		field, text = 0, user+": "+c.Error(err)
	case errors.Is(err, domain.ErrForbidden):
		field, text = 0, user+": "+c.T("tui.pin.not_supervisor")
	case isField && fe.Field == "reason":
		field, text = 2, reason+": "+c.T(fe.Key, fe.Args...)
	case isField && (fe.Field == "username" || fe.Field == "override_by"):
		field, text = 0, user+": "+c.T(fe.Key, fe.Args...)
	case isField && fe.Field == "password":
		field, text = 1, pass+": "+c.T(fe.Key, fe.Args...)
	default:
		return false
	}
	typed := s.consent
	if s.dlgKind != pinDlgOverride { // refused after the save dialog: ask again
		s.openDialog(pinDlgOverride, "")
		s.dlg.inputs[0].SetValue(typed.Username)
		s.dlg.inputs[2].SetValue(typed.Reason)
	}
	s.consent = nil
	s.dlg.inputs[1].Reset()
	s.dlg.fail(safe(text), field)
	return true
}

// saveRefused shows in the save dialog a refusal of the file named there
// (it exists, its folder does not...); false for a refusal of the reissue.
func (s *pinScreen) saveRefused(err error) bool {
	c := s.sh.cat
	var de *domain.Error
	fe, isField := domain.AsFieldError(err)
	switch {
	case isField && (fe.Field == "save_to" || fe.Field == "path"):
		s.dlg.fail(c.T("tui.pin.save_path")+": "+safe(c.T(fe.Key, fe.Args...)), 0)
	case !isField && !errors.As(err, &de): // the file system's answer
		s.dlg.fail(c.T("tui.pin.save_path")+": "+safe(c.Error(err)), 0)
	default:
		return false
	}
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
			return zoned(t)
		case string: // the service writes it in the members' time zone
			return safe(t)
		}
	}
	return s.coolingUntil()
}
