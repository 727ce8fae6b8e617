package tui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// memberFileMsg answers the member file request req.
type memberFileMsg struct {
	req  uint64
	file service.MemberFile
	err  error
}

// memberPendingMsg answers the request req for the member's pending
// address change (at most one).
type memberPendingMsg struct {
	req  uint64
	list []service.AddressRequest
	err  error
}

type memberKeys struct {
	Back, Reload, Change, PIN, Pending key.Binding
	listKeys
}

func newMemberKeys(sh *shared) memberKeys {
	b := sh.bind
	return memberKeys{
		Back:     b("back", "tui.key.back_to_lookup"),
		Reload:   b("reload", "tui.key.reload"),
		Change:   b("change_address", "tui.key.change_address"),
		PIN:      b("reissue_pin", "tui.key.reissue_pin"),
		Pending:  b("open_pending", "tui.key.open_pending"),
		listKeys: newScrollKeys(sh),
	}
}

func (s *memberScreen) Keys() help.KeyMap {
	k := s.keys
	change, pin, pending := k.Change, k.PIN, k.Pending
	change.SetEnabled(s.doc != nil)
	pin.SetEnabled(s.doc != nil && s.sh.sess != nil && domain.Authorize(s.sh.sess.Role, domain.ActionReissuePIN) == nil)
	pending.SetEnabled(s.badge != nil)
	return keyMap{
		short: []key.Binding{change, pin, pending, k.Back, k.Down, k.PageDown},
		full:  [][]key.Binding{{k.Back, change, pin, pending, k.Reload}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}},
	}
}

// memberScreen shows one member's file, scrollable.
type memberScreen struct {
	sh   *shared
	keys memberKeys
	id   int64

	pending uint64
	doc     *memberDoc // nil until loaded
	errText string

	badgeReq uint64
	badge    *service.AddressRequest // the pending address change, if any
	vp       viewport.Model
	w, h     int
}

func newMemberScreen(sh *shared, id int64) (*memberScreen, tea.Cmd) {
	s := &memberScreen{sh: sh, keys: newMemberKeys(sh), id: id}
	s.vp = viewport.New()
	s.vp.KeyMap = viewport.KeyMap{Up: s.keys.Up, Down: s.keys.Down, PageUp: s.keys.PageUp, PageDown: s.keys.PageDown}
	return s, s.load()
}

func (s *memberScreen) Title() string { return s.sh.cat.T("tui.member.title") }

func (s *memberScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-1, 1)) // the last line tells where the view is
	s.refresh()
}

// load reads the file and whether a change is pending.
func (s *memberScreen) load() tea.Cmd { return tea.Batch(s.loadFile(), s.loadBadge()) }

func (s *memberScreen) loadFile() tea.Cmd {
	req := s.sh.nextReq()
	s.pending = req
	sess, ctx := s.sh.session()
	svc, id := s.sh.svc, s.id
	return func() tea.Msg { return loadMember(ctx, svc, sess, req, id) }
}

// loadBadge asks whether an address change is pending for the member (the
// member file does not say).
func (s *memberScreen) loadBadge() tea.Cmd {
	req := s.sh.nextReq()
	s.badgeReq = req
	sess, ctx := s.sh.session()
	svc, f := s.sh.svc, service.RequestFilter{State: domain.RequestPending, MemberID: s.id, Limit: 1}
	return func() tea.Msg {
		list, err := svc.AddressRequests(ctx, sess, f)
		return memberPendingMsg{req: req, list: list, err: err}
	}
}

// resume looks for a pending change again when the file shows again (one
// may have been recorded, decided or cancelled meanwhile); the file itself
// is read again (and audited as another view) only when a pending change
// went away.
func (s *memberScreen) resume() tea.Cmd { return s.loadBadge() }

func loadMember(ctx context.Context, svc Service, sess service.Session, req uint64, id int64) tea.Msg {
	f, err := svc.MemberFile(ctx, sess, id)
	return memberFileMsg{req: req, file: f, err: err}
}

func (s *memberScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		s.refresh()
	case memberFileMsg:
		if msg.req != s.pending {
			return s, nil
		}
		s.pending = 0
		if msg.err != nil {
			if !errors.Is(msg.err, context.Canceled) {
				s.errText = s.sh.cat.Error(msg.err)
			}
			return s, nil
		}
		d := newMemberDoc(s.sh, msg.file)
		s.doc, s.errText = &d, ""
		s.refresh()
	case memberPendingMsg:
		if msg.req != s.badgeReq {
			return s, nil
		}
		s.badgeReq = 0
		if msg.err != nil {
			return s, nil // no badge; the service refuses a second change anyway
		}
		was := s.badge
		s.badge = nil
		if len(msg.list) > 0 {
			s.badge = &msg.list[0]
		}
		s.refresh()
		if was != nil && (s.badge == nil || s.badge.Ref != was.Ref) {
			// The change was decided or cancelled meanwhile: the address
			// shown may be the old one.
			return s, s.loadFile()
		}
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return s, cmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, emit(BackMsg{})
		case key.Matches(msg, s.keys.Reload):
			return s, s.load()
		case key.Matches(msg, s.keys.Change) && s.doc != nil:
			return s, s.openForm()
		case key.Matches(msg, s.keys.PIN) && s.doc != nil:
			return s, emit(s.doc.openPIN(s.id))
		case key.Matches(msg, s.keys.Pending) && s.badge != nil:
			return s, emit(OpenRequestMsg{Ref: s.badge.Ref})
		case key.Matches(msg, s.keys.Top):
			s.vp.GotoTop()
		case key.Matches(msg, s.keys.Bottom):
			s.vp.GotoBottom()
		default:
			var cmd tea.Cmd
			s.vp, cmd = s.vp.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

// refresh re-renders the file for the current width and styles.
func (s *memberScreen) refresh() {
	if s.doc == nil || s.w == 0 {
		return
	}
	y := s.vp.YOffset()
	lines := s.doc.lines(s.sh, s.w)
	if b := s.badgeLines(); len(b) > 0 {
		at := 1 // under the name (and the Arabic name, on its own line)
		if s.doc.nameAr != "" {
			at = 2
		}
		lines = slices.Concat(lines[:at], b, lines[at:])
	}
	s.vp.SetContentLines(lines)
	s.vp.SetYOffset(y)
}

// badgeLines say that an address change is pending: its reference, who
// recorded it and when.
func (s *memberScreen) badgeLines() []string {
	if s.badge == nil {
		return nil
	}
	st, c, b := s.sh.styles, s.sh.cat, s.badge
	badge := st.Badge.Render(" " + c.T("tui.member.pending_badge") + " ")
	return []string{clip(badge+" "+st.Warn.Render(c.T("tui.member.pending_detail", safe(b.Ref), safe(b.RequestedBy), s.sh.stamp(b.RequestedAt))), s.w)}
}

// openForm opens the address form, unless a change is already pending or
// the file is closed (the service would refuse the submission).
func (s *memberScreen) openForm() tea.Cmd {
	switch {
	case s.badge != nil:
		return emit(NoticeMsg{Text: s.sh.cat.Error(domain.ErrChangePending), Failed: true})
	case s.doc.status == string(domain.StatusClosed):
		return emit(NoticeMsg{Text: s.sh.cat.Error(domain.ErrMemberClosed), Failed: true})
	}
	return emit(OpenAddressFormMsg{MemberID: s.id, Name: s.doc.name, RegNo: s.doc.regNo})
}

func (s *memberScreen) View() string {
	st, c := s.sh.styles, s.sh.cat
	switch {
	case s.errText != "":
		return st.Error.Render(clip(s.errText, s.w)) + "\n\n" + st.Muted.Render(clip(c.T("tui.member.back_hint"), s.w))
	case s.doc == nil:
		return st.Muted.Render(c.T("tui.member.loading"))
	}
	foot := ""
	if total := s.vp.TotalLineCount(); total > s.vp.Height() {
		first := s.vp.YOffset() + 1
		last := min(s.vp.YOffset()+s.vp.Height(), total)
		foot = st.Muted.Render(clip(c.T("tui.member.scroll", first, last, total), s.w))
	}
	return strings.TrimRight(s.vp.View(), "\n") + "\n" + foot
}
