package tui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/service"
)

// memberFileMsg answers the member file request req.
type memberFileMsg struct {
	req  uint64
	file service.MemberFile
	err  error
}

type memberKeys struct {
	Back, Reload                            key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newMemberKeys(sh *shared) memberKeys {
	c := sh.cat
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, c.T(desc)))
	}
	return memberKeys{
		Back:     b([]string{"esc"}, "esc", "tui.key.back_to_lookup"),
		Reload:   b([]string{"f5", "ctrl+r"}, "F5", "tui.key.reload"),
		Up:       b([]string{"up"}, "↑", "tui.key.scroll_up"),
		Down:     b([]string{"down"}, "↓", "tui.key.scroll_down"),
		PageUp:   b([]string{"pgup"}, "PgUp", "tui.key.page_up"),
		PageDown: b([]string{"pgdown", "space"}, "PgDn", "tui.key.page_down"),
		Top:      b([]string{"home"}, "Home", "tui.key.top"),
		Bottom:   b([]string{"end"}, "End", "tui.key.bottom"),
	}
}

func (k memberKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Down, k.PageDown}
}

func (k memberKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Back, k.Reload}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

// memberScreen shows one member's file, scrollable.
type memberScreen struct {
	sh   *shared
	keys memberKeys
	id   int64

	pending uint64
	doc     *memberDoc // nil until loaded
	errText string
	vp      viewport.Model
	w, h    int
}

func newMemberScreen(sh *shared, id int64) (*memberScreen, tea.Cmd) {
	s := &memberScreen{sh: sh, keys: newMemberKeys(sh), id: id}
	s.vp = viewport.New()
	s.vp.KeyMap = viewport.KeyMap{Up: s.keys.Up, Down: s.keys.Down, PageUp: s.keys.PageUp, PageDown: s.keys.PageDown}
	return s, s.load()
}

func (s *memberScreen) Title() string     { return s.sh.cat.T("tui.member.title") }
func (s *memberScreen) Keys() help.KeyMap { return s.keys }

func (s *memberScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-1, 1)) // the last line tells where the view is
	s.refresh()
}

func (s *memberScreen) load() tea.Cmd {
	req := s.sh.nextReq()
	s.pending = req
	sess, ctx := s.sh.session()
	svc, id := s.sh.svc, s.id
	return func() tea.Msg { return loadMember(ctx, svc, sess, req, id) }
}

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
		d := newMemberDoc(msg.file)
		s.doc, s.errText = &d, ""
		s.refresh()
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
	s.vp.SetContentLines(s.doc.lines(s.sh, s.w))
	s.vp.SetYOffset(y)
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
