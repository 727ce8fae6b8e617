package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// entryActionMsg answers a retry, a discard or a resolution.
type entryActionMsg struct {
	req        uint64
	action     entryAction
	resolution service.Resolution
	err        error
}

type entryAction int

const (
	_ entryAction = iota // no dialog open: actionFlow's zero
	entryRetry
	entryDiscardReason // the reason dialog; its confirmation follows
	entryDiscard
	entryResolveReason
	entryResolve
)

type syncEntryKeys struct {
	Retry, Discard, Resolve key.Binding
	pageKeys
}

func newSyncEntryKeys(sh *shared) syncEntryKeys {
	b := sh.bind
	return syncEntryKeys{
		Retry:    b("retry_entry", "tui.key.retry_entry"),
		Discard:  b("discard_entry", "tui.key.discard_entry"),
		Resolve:  b("resolve_conflict", "tui.key.resolve_conflict"),
		pageKeys: newPageKeys(sh),
	}
}

// syncEntryScreen shows one outbox entry: what it carries, where it
// stands, the centre's answer and, for a conflict, the member's record here
// and at the centre side by side. A supervisor retries or discards a
// set-aside entry there, or turns a conflicting approval into a new
// request.
type syncEntryScreen struct {
	pageScreen[entryAction] // its reason is the discard's or the resolution's

	keys  syncEntryKeys
	entry service.SyncEntry // printable: it came through loadEntries
	gone  bool              // no longer queued: delivered (or discarded long ago)

	loading uint64 // the reload awaited
}

func newSyncEntryScreen(sh *shared, e service.SyncEntry) (*syncEntryScreen, tea.Cmd) {
	s := &syncEntryScreen{keys: newSyncEntryKeys(sh), entry: e}
	s.pageScreen = newPageScreen[entryAction](sh, s.keys.pageKeys, s.lines)
	return s, nil
}

func (s *syncEntryScreen) Title() string { return s.sh.cat.T("tui.sync.entry.title") }

// resume reloads the entry when the screen shows again.
func (s *syncEntryScreen) resume() tea.Cmd { return s.load() }

// What the session may do with the entry now (the service decides).
func (s *syncEntryScreen) canManage() bool {
	return s.sh.sess != nil && domain.Authorize(s.sh.sess.Role, domain.ActionManageSync) == nil
}

func (s *syncEntryScreen) setAside() bool {
	return !s.gone && s.entry.State == service.EntrySetAside
}

func (s *syncEntryScreen) canAct() bool     { return s.canManage() && s.setAside() && s.acting == 0 }
func (s *syncEntryScreen) canResolve() bool { return s.canAct() && s.entry.Resolvable() }

func (s *syncEntryScreen) Keys() help.KeyMap {
	if km, ok := s.dialogKeys(); ok {
		return km
	}
	k := s.keys
	retry, discard, resolve, member := k.Retry, k.Discard, k.Resolve, k.Member
	retry.SetEnabled(s.canAct())
	discard.SetEnabled(s.canAct())
	resolve.SetEnabled(s.canResolve())
	member.SetEnabled(s.entry.MemberID != 0)
	return k.help(member, resolve, retry, discard)
}

func (s *syncEntryScreen) load() tea.Cmd {
	req := s.sh.nextReq()
	s.loading = req
	return loadEntries(s.sh, req)
}

// Update handles msg, then renders the entry again.
func (s *syncEntryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	cmd := s.update(msg)
	s.refresh()
	return s, cmd
}

func (s *syncEntryScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, done := s.pageMsg(msg, s.openDialog, s.act); done {
		return cmd
	}
	switch msg := msg.(type) {
	case syncListMsg:
		if !takeAnswer(s.sh, &s.loading, msg.req, msg.err, &s.errText) {
			return nil
		}
		s.gone = true
		for _, e := range msg.list {
			if e.ID == s.entry.ID {
				s.entry, s.gone = e, false
			}
		}
	case entryActionMsg:
		return s.onAction(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *syncEntryScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Reload):
		s.errText = ""
		return tea.Batch(s.load(), emit(SyncChangedMsg{}))
	case key.Matches(msg, k.Member) && s.entry.MemberID != 0:
		return emit(OpenMemberMsg{ID: s.entry.MemberID})
	case key.Matches(msg, k.Retry) && s.canAct():
		s.openDialog(entryRetry)
	case key.Matches(msg, k.Discard) && s.canAct():
		s.openDialog(entryDiscardReason)
	case key.Matches(msg, k.Resolve) && s.canResolve():
		s.openDialog(entryResolveReason)
	default:
		return s.page.scroll(msg)
	}
	return nil
}

func (s *syncEntryScreen) openDialog(act entryAction) {
	c := s.sh.cat
	e := s.entry
	who := entryWho(s.sh, e)
	reasonField := inputSpec{label: c.T("tui.request.reason"), limit: 300, placeholder: c.T("tui.sync.reason_placeholder")}
	switch act {
	case entryRetry:
		s.show(act, newConfirm(s.sh, c.T("tui.sync.retry_title", e.Seq), []string{c.T("tui.sync.retry_body")}, c.T("tui.key.retry_yes")))
	case entryDiscardReason:
		s.show(act, newInputDialog(s.sh, c.T("tui.sync.discard_title", e.Seq), []string{c.T("tui.sync.discard_body", who)},
			c.T("tui.key.reject_next"), reasonField))
	case entryDiscard:
		s.show(act, newConfirm(s.sh, c.T("tui.sync.discard_title", e.Seq),
			[]string{c.T("tui.sync.discard_confirm", safe(s.reason))}, c.T("tui.key.discard_entry_yes")))
	case entryResolveReason:
		s.show(act, newInputDialog(s.sh, c.T("tui.sync.resolve_title", who), []string{c.T("tui.sync.resolve_body")},
			c.T("tui.key.reject_next"), reasonField))
	case entryResolve:
		s.show(act, newConfirm(s.sh, c.T("tui.sync.resolve_title", who),
			[]string{c.T("tui.sync.resolve_confirm", safe(s.reason))}, c.T("tui.key.resolve_yes")))
	}
}

// act sends a retry, a discard or a resolution.
func (s *syncEntryScreen) act(act entryAction) tea.Cmd {
	req := s.startAction()
	sess, ctx := s.sh.session()
	svc, id, reason := s.sh.svc, s.entry.ID, s.reason
	return func() tea.Msg {
		m := entryActionMsg{req: req, action: act}
		switch act {
		case entryRetry:
			m.err = svc.RetryEntry(ctx, sess, id)
		case entryDiscard:
			m.err = svc.DiscardEntry(ctx, sess, id, reason)
		case entryResolve:
			m.resolution, m.err = svc.ResolveConflict(ctx, sess, id, reason)
		}
		return m
	}
}

func (s *syncEntryScreen) onAction(msg entryActionMsg) tea.Cmd {
	err := msg.err
	if !s.actionAnswered(msg.req, err) {
		return nil
	}
	c := s.sh.cat
	if err != nil {
		if msg.action != entryRetry && s.reasonRefused(s.sh, err, msg.action-1, s.openDialog) {
			return nil
		}
		return tea.Batch(s.fail(err), s.load())
	}
	changed := tea.Batch(s.load(), emit(SyncChangedMsg{}))
	switch msg.action {
	case entryRetry:
		return tea.Batch(changed, emit(NoticeMsg{Text: c.T("tui.sync.retried", s.entry.Seq)}))
	case entryDiscard:
		return tea.Batch(changed, emit(NoticeMsg{Text: c.T("tui.sync.discarded", s.entry.Seq)}))
	}
	r := msg.resolution
	done := c.T("tui.sync.resolved_closed")
	if r.Rejected != "" {
		done = c.T("tui.sync.resolved", safe(r.Rejected))
	}
	addr := safeAddress(r.Address)
	return tea.Batch(changed, emit(NoticeMsg{Text: done}),
		emit(OpenAddressFormMsg{MemberID: r.MemberID, Name: safe(r.Name), RegNo: safe(r.RegNo), Address: &addr}))
}

func (s *syncEntryScreen) View() string { return s.body() }
