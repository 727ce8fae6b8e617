package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// SignedInMsg reports a successful sign-in; the root opens the role's home
// screen or, when the password was reset, the forced change first.
type SignedInMsg struct {
	Session service.Session
	// password is kept only for a forced change, which proves it again.
	password string
}

// signInResultMsg answers the sign-in request req.
type signInResultMsg struct {
	req  uint64
	sess service.Session
	err  error
	pass string // only when the session must change its password
}

type signInKeys struct {
	Submit, Next, Prev key.Binding
}

func newSignInKeys(sh *shared) signInKeys {
	c := sh.cat
	return signInKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("tui.key.sign_in"))),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", c.T("tui.key.next_field"))),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", c.T("tui.key.prev_field"))),
	}
}

func (k signInKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Submit, k.Next} }
func (k signInKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Submit, k.Next, k.Prev}} }

// signInScreen asks for a username and a password.
type signInScreen struct {
	sh   *shared
	keys signInKeys
	hint []string // demo accounts, sanitised

	user, pass textinput.Model
	onPass     bool
	pending    uint64 // the sign-in request awaited; 0 when none
	errText    string
	note       string // why the last session ended, until the next attempt
	w, h       int
}

func newSignIn(sh *shared, demoHint []string) *signInScreen {
	s := &signInScreen{sh: sh, keys: newSignInKeys(sh)}
	for _, l := range demoHint {
		s.hint = append(s.hint, safe(l))
	}
	s.user = textinput.New()
	s.user.Prompt = ""
	s.user.CharLimit = 64
	s.pass = textinput.New()
	s.pass.Prompt = ""
	s.pass.EchoMode = textinput.EchoPassword
	s.pass.EchoCharacter = '•'
	s.pass.CharLimit = domain.MaxPasswordLen
	s.applyStyles()
	s.focus(false)
	return s
}

func (s *signInScreen) Title() string     { return s.sh.cat.T("tui.signin.title") }
func (s *signInScreen) Keys() help.KeyMap { return s.keys }
func (s *signInScreen) typingText() bool  { return true }

func (s *signInScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	field := max(s.innerWidth()-s.labelWidth()-1, 4)
	s.user.SetWidth(field)
	s.pass.SetWidth(field)
}

func (s *signInScreen) formWidth() int { return min(s.w, 64) }

func (s *signInScreen) innerWidth() int {
	return max(s.formWidth()-s.sh.styles.Box.GetHorizontalFrameSize(), 1)
}

func (s *signInScreen) labelWidth() int {
	c := s.sh.cat
	return max(lipgloss.Width(c.T("tui.signin.username")), lipgloss.Width(c.T("tui.signin.password"))) + 2
}

func (s *signInScreen) applyStyles() {
	s.user.SetStyles(s.sh.styles.Input)
	s.pass.SetStyles(s.sh.styles.Input)
}

func (s *signInScreen) focus(pass bool) {
	s.onPass = pass
	if pass {
		s.user.Blur()
		s.pass.Focus()
	} else {
		s.pass.Blur()
		s.user.Focus()
	}
}

func (s *signInScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		s.applyStyles()
		return s, nil
	case signInResultMsg:
		if msg.req != s.pending {
			return s, nil // an answer nobody waits for any more
		}
		s.pending = 0
		s.pass.Reset()
		if msg.err != nil {
			s.errText = s.sh.cat.Error(msg.err)
			s.focus(true)
			return s, nil
		}
		return s, emit(SignedInMsg{Session: msg.sess, password: msg.pass})
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Submit):
			return s, s.submit()
		case key.Matches(msg, s.keys.Next, s.keys.Prev):
			s.focus(!s.onPass)
			return s, nil
		}
	case tea.PasteMsg:
	default:
		return s, nil
	}
	var cmd tea.Cmd
	if s.onPass {
		s.pass, cmd = s.pass.Update(msg)
	} else {
		s.user, cmd = s.user.Update(msg)
	}
	return s, cmd
}

// submit moves on from the username, or signs in from the password.
func (s *signInScreen) submit() tea.Cmd {
	if s.pending != 0 {
		return nil
	}
	user, pass := strings.TrimSpace(s.user.Value()), s.pass.Value()
	switch {
	case user == "":
		s.focus(false)
		s.errText = s.sh.cat.Error(domain.NewFieldError("username", domain.KeyRequired))
		return nil
	case pass == "" && !s.onPass:
		s.focus(true)
		return nil
	case pass == "":
		s.errText = s.sh.cat.Error(domain.NewFieldError("password", domain.KeyRequired))
		return nil
	}
	s.errText, s.note = "", ""
	req := s.sh.nextReq()
	s.pending = req
	svc, ctx := s.sh.svc, s.sh.ctx
	return func() tea.Msg { return signIn(ctx, svc, req, user, pass) }
}

func signIn(ctx context.Context, svc Service, req uint64, user, pass string) tea.Msg {
	sess, err := svc.SignIn(ctx, user, pass)
	res := signInResultMsg{req: req, sess: sess, err: err}
	if err == nil && sess.MustChangePassword {
		res.pass = pass
	}
	return res
}

func (s *signInScreen) View() string {
	st, c := s.sh.styles, s.sh.cat
	inner, lw := s.innerWidth(), s.labelWidth()
	wrap := lipgloss.NewStyle().Width(inner)
	lines := []string{st.Section.Render(clip(c.T("tui.signin.heading"), inner)), ""}
	lines = append(lines,
		st.Label.Render(pad(c.T("tui.signin.username"), lw))+s.user.View(),
		st.Label.Render(pad(c.T("tui.signin.password"), lw))+s.pass.View(), "")
	switch {
	case s.pending != 0:
		lines = append(lines, st.Muted.Render(c.T("tui.signin.pending")))
	case s.errText != "":
		lines = append(lines, st.Error.Render(wrap.Render(s.errText)))
	case s.note != "":
		lines = append(lines, st.Warn.Render(wrap.Render(s.note)))
	default:
		lines = append(lines, st.Muted.Render(wrap.Render(c.T("tui.signin.prompt"))))
	}
	if len(s.hint) > 0 {
		lines = append(lines, "", st.Warn.Render(clip(c.T("tui.signin.demo"), inner)))
		for _, l := range s.hint {
			lines = append(lines, st.Muted.Render(clip(l, inner)))
		}
	}
	box := st.Box.Width(s.formWidth()).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, box)
}
