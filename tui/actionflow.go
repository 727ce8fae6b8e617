package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
)

// actionFlow is the dialog a screen shows before an irreversible action:
// a confirmation, or a reason dialog (a dialog with an input) whose
// confirmation, quoting the reason, is the action that follows it (A+1).
// The request and sync entry screens embed it and keep only their
// dialogs' texts and what each action does.
type actionFlow[A ~int] struct {
	dlg    *dialog
	dlgAct A
	reason string // the reason, between its two dialogs
}

// show opens d for act; a reason dialog starts with the reason typed so
// far (kept when its confirmation was declined or the service refused it).
func (f *actionFlow[A]) show(act A, d *dialog) {
	f.dlg, f.dlgAct = d, act
	if len(d.inputs) > 0 {
		d.inputs[0].SetValue(f.reason)
		d.inputs[0].CursorEnd()
	}
}

func (f *actionFlow[A]) close() { f.dlg, f.dlgAct = nil, 0 }

func (f *actionFlow[A]) typingText() bool { return f.dlg != nil && f.dlg.typingText() }

// dialogKeys are the open dialog's keys, or ok false when none is open.
func (f *actionFlow[A]) dialogKeys() (help.KeyMap, bool) {
	if f.dlg == nil {
		return nil, false
	}
	return f.dlg.Keys(), true
}

// restyle follows a change of the terminal's background.
func (f *actionFlow[A]) restyle() {
	if f.dlg != nil {
		f.dlg.applyStyles()
	}
}

// overlay draws the open dialog, if any, over body in a w×h screen.
func (f *actionFlow[A]) overlay(body string, w, h int) string {
	if f.dlg == nil {
		return body
	}
	return overlay(body, f.dlg.box(w), w, h)
}

// dialogKey passes msg to the open dialog. A reason dialog given a reason
// makes way for its confirmation (open(act+1)); an empty reason is refused
// there. A confirmation accepted closes and does its action (do).
func (f *actionFlow[A]) dialogKey(sh *shared, msg tea.Msg, open func(A), do func(A) tea.Cmd) tea.Cmd {
	res, cmd := f.dlg.update(msg)
	switch res {
	case dialogNo:
		f.close()
	case dialogYes:
		act := f.dlgAct
		if len(f.dlg.inputs) > 0 {
			reason := strings.TrimSpace(f.dlg.value(0))
			if reason == "" {
				f.dlg.fail(sh.cat.T(domain.KeyReasonRequired), 0)
				return nil
			}
			f.reason = reason
			open(act + 1)
			return nil
		}
		f.close()
		return do(act)
	}
	return cmd
}

// reasonRefused reopens the reason dialog reasonAct, saying why, when err
// is the service refusing the reason; it reports whether it did.
func (f *actionFlow[A]) reasonRefused(sh *shared, err error, reasonAct A, open func(A)) bool {
	fe, ok := domain.AsFieldError(err)
	if !ok || fe.Field != "reason" {
		return false
	}
	c := sh.cat
	open(reasonAct)
	f.dlg.fail(c.Labelled(c.T("tui.request.reason"), safe(c.T(fe.Key, fe.Args...))), 0)
	return true
}
