package tui

import (
	"errors"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// OpenRequestMsg asks the root to show one address-change request.
type OpenRequestMsg struct{ Ref string }

// requestDetailMsg answers the detail request req.
type requestDetailMsg struct {
	req      uint64
	detail   service.RequestDetail
	warnings []domain.Warning // what the agent confirmed when recording it
	err      error
}

// decisionMsg answers an approval, a rejection or a cancellation.
type decisionMsg struct {
	req    uint64
	action requestAction
	err    error
}

type requestAction int

const (
	_ requestAction = iota // no dialog open: actionFlow's zero
	actApprove
	actRejectReason // the reason dialog; its confirmation follows
	actReject
	actCancel
)

type requestKeys struct {
	Approve, Reject, Cancel key.Binding
	pageKeys
}

func newRequestKeys(sh *shared) requestKeys {
	b := sh.bind
	return requestKeys{
		Approve:  b("approve", "tui.key.approve"),
		Reject:   b("reject", "tui.key.reject"),
		Cancel:   b("cancel_request", "tui.key.cancel_request"),
		pageKeys: newPageKeys(sh),
	}
}

// requestScreen shows one request: the old and the new address side by
// side, the evidence, who recorded it and when; a supervisor approves or
// rejects it there, its requester may cancel it.
type requestScreen struct {
	pageScreen[requestAction] // its reason is the rejection's

	keys requestKeys
	ref  string // the request's id or reference, as the service has it

	pending  uint64                 // the detail awaited
	detail   *service.RequestDetail // printable: it came through safeDetail
	warnings []string               // what the agent confirmed, in words, printable
	conflict bool                   // the service refused an approval as a conflict
	loadErr  string
}

func newRequestScreen(sh *shared, ref string) (*requestScreen, tea.Cmd) {
	s := &requestScreen{keys: newRequestKeys(sh), ref: ref}
	s.pageScreen = newPageScreen[requestAction](sh, s.keys.pageKeys, s.lines)
	return s, s.load()
}

func (s *requestScreen) Title() string { return s.sh.cat.T("tui.request.title") }

// resume reloads the request when the screen shows again.
func (s *requestScreen) resume() tea.Cmd { return s.load() }

// The rules, as far as the screen can tell (the service decides): who may
// do what on this request now.
func (s *requestScreen) mine() bool {
	return s.detail != nil && s.sh.sess != nil && s.detail.Request.RequestedBy == s.sh.sess.Username
}

func (s *requestScreen) isPending() bool {
	return s.detail != nil && s.detail.Request.State == domain.RequestPending
}

func (s *requestScreen) canDecide() bool { return s.isPending() && s.sh.canDecide() && !s.mine() }

// inConflict reports whether the request was made on an older version of
// the member's record: it can no longer be approved. The service closes
// such a request when an approval is tried (rejected, reason
// service.ReasonVersionConflict); until then it is still pending.
func (s *requestScreen) inConflict() bool {
	if s.detail == nil {
		return false
	}
	r := s.detail.Request
	if r.State == domain.RequestRejected && r.DecisionReason == service.ReasonVersionConflict {
		return true
	}
	return s.isPending() && (s.conflict || s.detail.MemberVersion != r.BaseVersion)
}

func (s *requestScreen) canApprove() bool { return s.canDecide() && !s.inConflict() }
func (s *requestScreen) canCancel() bool  { return s.isPending() && s.mine() }

func (s *requestScreen) Keys() help.KeyMap {
	if km, ok := s.dialogKeys(); ok {
		return km
	}
	k := s.keys
	approve, reject, cancel, member := k.Approve, k.Reject, k.Cancel, k.Member
	approve.SetEnabled(s.canApprove())
	reject.SetEnabled(s.canDecide())
	cancel.SetEnabled(s.canCancel())
	member.SetEnabled(s.detail != nil)
	return k.help(member, approve, reject, cancel)
}

func (s *requestScreen) load() tea.Cmd {
	req := s.sh.nextReq()
	s.pending = req
	sess, ctx := s.sh.session()
	svc, ref := s.sh.svc, s.ref
	return func() tea.Msg {
		d, err := svc.AddressRequest(ctx, sess, ref)
		m := requestDetailMsg{req: req, detail: d, err: err}
		if err == nil {
			_, m.warnings, _ = svc.CheckAddress(d.Request.Address)
		}
		return m
	}
}

// Update handles msg, then renders the request again: what it shows
// depends on the state every message may change (and on the age).
func (s *requestScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	cmd := s.update(msg)
	s.refresh()
	return s, cmd
}

func (s *requestScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, done := s.pageMsg(msg, s.openDialog, s.decide); done {
		return cmd
	}
	switch msg := msg.(type) {
	case requestDetailMsg:
		if takeAnswer(s.sh, &s.pending, msg.req, msg.err, &s.loadErr) {
			d := safeDetail(msg.detail)
			s.ref = msg.detail.Request.Ref // as the service has it, for the decisions
			s.detail, s.warnings, s.loadErr = &d, warningTexts(s.sh, msg.warnings), ""
		}
	case decisionMsg:
		return s.onDecision(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *requestScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k, c := s.keys, s.sh.cat
	switch {
	case key.Matches(msg, k.Reload):
		s.conflict, s.errText = false, ""
		return s.load()
	case key.Matches(msg, k.Member) && s.detail != nil:
		return emit(OpenMemberMsg{ID: s.detail.Request.MemberID})
	case key.Matches(msg, k.Approve):
		switch {
		case s.canApprove():
			s.openDialog(actApprove)
		case s.canDecide(): // a conflict: the screen says so; the status bar too
			return emit(NoticeMsg{Text: c.Error(domain.ErrVersionConflict), Failed: true})
		}
	case key.Matches(msg, k.Reject) && s.canDecide():
		s.openDialog(actRejectReason)
	case key.Matches(msg, k.Cancel) && s.canCancel():
		s.openDialog(actCancel)
	default:
		return s.page.scroll(msg)
	}
	return nil
}

func (s *requestScreen) openDialog(act requestAction) {
	if s.acting != 0 || s.detail == nil {
		return
	}
	c := s.sh.cat
	r := s.detail.Request
	ref, who := r.Ref, r.MemberName
	switch act {
	case actApprove:
		s.show(act, newConfirm(s.sh, c.T("tui.request.approve_title", ref),
			[]string{c.T("tui.request.approve_body", who)}, c.T("tui.key.approve_yes")))
	case actRejectReason:
		s.show(act, newInputDialog(s.sh, c.T("tui.request.reject_title", ref),
			[]string{c.T("tui.request.reject_body", who)}, c.T("tui.key.reject_next"),
			inputSpec{label: c.T("tui.request.reason"), limit: 300, placeholder: c.T("tui.request.reason_placeholder")}))
	case actReject:
		s.show(act, newConfirm(s.sh, c.T("tui.request.reject_title", ref),
			[]string{c.T("tui.request.reject_confirm", who, safe(s.reason))}, c.T("tui.key.reject_yes")))
	case actCancel:
		s.show(act, newConfirm(s.sh, c.T("tui.request.cancel_title", ref),
			[]string{c.T("tui.request.cancel_body", who)}, c.T("tui.key.cancel_yes")))
	}
}

// decide sends an approval, a rejection or a cancellation.
func (s *requestScreen) decide(act requestAction) tea.Cmd {
	req := s.startAction()
	sess, ctx := s.sh.session()
	svc, ref, reason := s.sh.svc, s.ref, s.reason
	return func() tea.Msg {
		m := decisionMsg{req: req, action: act}
		switch act { // the request as decided is read again by the reload that follows
		case actApprove:
			_, m.err = svc.ApproveAddressChange(ctx, sess, ref)
		case actReject:
			_, m.err = svc.RejectAddressChange(ctx, sess, ref, reason)
		case actCancel:
			_, m.err = svc.CancelAddressChange(ctx, sess, ref)
		}
		return m
	}
}

func (s *requestScreen) onDecision(msg decisionMsg) tea.Cmd {
	err := msg.err
	if !s.actionAnswered(msg.req, err) {
		return nil
	}
	c := s.sh.cat
	switch {
	case err == nil:
		text := map[requestAction]string{actApprove: "tui.request.approved", actReject: "tui.request.rejected",
			actCancel: "tui.request.cancelled"}[msg.action]
		return tea.Batch(emit(NoticeMsg{Text: c.T(text, s.detail.Request.Ref)}), s.load())
	case errors.Is(err, domain.ErrVersionConflict):
		s.conflict, s.errText = true, "" // the conflict box says it, with both versions
		return tea.Batch(emit(NoticeMsg{Text: c.Error(err), Failed: true}), s.load())
	case msg.action == actReject && s.reasonRefused(s.sh, err, actRejectReason, s.openDialog):
		return nil
	}
	return tea.Batch(s.fail(err), s.load())
}

// safeDetail passes every text of a request that the screen shows through
// safe (the state and the evidence's codes go through the translating
// helpers, which do it for every screen).
func safeDetail(d service.RequestDetail) service.RequestDetail {
	r := &d.Request
	for _, p := range []*string{&r.Ref, &r.RegNo, &r.MemberName, &r.Branch, &r.RequestedBy, &r.DecidedBy,
		&r.DecisionReason, &r.Evidence.CINReadOffCopy, &r.Evidence.FormNumber} {
		*p = safe(*p)
	}
	r.Address = safeAddress(r.Address)
	if x := r.Exception; x != nil {
		r.Exception = &domain.Exception{GrantedBy: safe(x.GrantedBy), Reason: safe(x.Reason), Missing: x.Missing}
	}
	if a := d.CurrentAddress; a != nil {
		cur := *a
		for _, p := range []*string{&cur.Line1, &cur.Line2, &cur.Quarter, &cur.City, &cur.PostalCode, &cur.Province, &cur.LineAr} {
			*p = safe(*p)
		}
		d.CurrentAddress = &cur
	}
	return d
}

// warningTexts words the warnings the agent confirmed, each with the
// field it is about.
func warningTexts(sh *shared, ws []domain.Warning) []string {
	out := make([]string, len(ws))
	for i, wn := range ws {
		text := sh.cat.T(wn.Key, wn.Args...)
		if f := fieldNamed(wn.Field); f != noField {
			text = sh.cat.Labelled(sh.cat.T(formFields[f].label), text)
		}
		out[i] = safe(text)
	}
	return out
}

func (s *requestScreen) View() string {
	st, c := s.sh.styles, s.sh.cat
	switch {
	case s.loadErr != "": // a reload may fail under an open dialog: it stays on top
		return s.overlay(st.Error.Render(clip(s.loadErr, s.w))+"\n\n"+st.Muted.Render(clip(c.T("tui.request.back_hint"), s.w)), s.w, s.h)
	case s.detail == nil:
		return st.Muted.Render(c.T("tui.request.loading"))
	}
	return s.body()
}
