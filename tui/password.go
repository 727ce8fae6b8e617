package tui

import (
	"context"
	"errors"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// PasswordChangedMsg reports that the signed-in user's password changed;
// after a forced change the root then opens the role's home screen.
type PasswordChangedMsg struct {
	Session service.Session
	Forced  bool
}

// passwordResultMsg answers the change request req.
type passwordResultMsg struct {
	req  uint64
	sess service.Session
	err  error
}

type passwordKeys struct {
	Submit, Next, Prev, Back key.Binding
}

func newPasswordKeys(sh *shared, forced bool) passwordKeys {
	k := passwordKeys{
		Submit: sh.fixed([]string{"enter"}, "enter", "tui.key.save_password"),
		Next:   sh.fixed([]string{"tab", "down"}, "tab/↓", "tui.key.next_field"),
		Prev:   sh.fixed([]string{"shift+tab", "up"}, "shift+tab/↑", "tui.key.prev_field"),
		Back:   sh.bind("back", "tui.key.back"),
	}
	k.Back.SetEnabled(!forced) // a forced change has no way around it, only sign-out
	return k
}

func (k passwordKeys) ShortHelp() []key.Binding { return []key.Binding{k.Submit, k.Next, k.Back} }
func (k passwordKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Next, k.Prev, k.Back}}
}

// passwordScreen changes the signed-in user's own password: the new one
// twice, masked, and the current one first, unless the change is forced
// right after a sign-in with a reset password; the screen then holds that
// password, which proves the current one, until it is done.
type passwordScreen struct {
	sh     *shared
	keys   passwordKeys
	forced bool
	signIn string // forced: the password the session signed in with

	labels  []string
	inputs  []textinput.Model // [current,] new, again
	focus   int
	pending uint64 // the change awaited; 0 when none
	errText string // translated and safe
	w, h    int
}

func newPasswordScreen(sh *shared, forced bool, signInPassword string) *passwordScreen {
	p := &passwordScreen{sh: sh, keys: newPasswordKeys(sh, forced), forced: forced, signIn: signInPassword}
	fields := []string{"tui.password.new", "tui.password.repeat"}
	if !forced {
		fields = append([]string{"tui.password.current"}, fields...)
	}
	for _, label := range fields {
		in := textinput.New()
		in.Prompt = ""
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
		in.CharLimit = domain.MaxPasswordLen
		p.labels = append(p.labels, sh.cat.T(label))
		p.inputs = append(p.inputs, in)
	}
	p.applyStyles()
	p.setFocus(0)
	return p
}

// openPassword opens the change-password screen over the current one, for
// any signed-in user; a forced change is already on screen.
func (m *Model) openPassword() tea.Cmd {
	if _, open := m.top().(*passwordScreen); open {
		return nil
	}
	return m.openScreen(domain.ActionChangeOwnPassword, func() (Screen, tea.Cmd) {
		return newPasswordScreen(m.sh, false, ""), nil
	})
}

// passwordChanged closes the change-password screen: back to where the
// user was, or, after a forced change, to the role's home screen.
func (m *Model) passwordChanged(msg PasswordChangedMsg) tea.Cmd {
	done := NoticeMsg{Text: m.sh.cat.T("tui.notice.password_changed")}
	if msg.Forced {
		start := m.startSession(SignedInMsg{Session: msg.Session})
		return tea.Batch(start, m.setNotice(done))
	}
	return tea.Batch(emit(BackMsg{}), m.setNotice(done))
}

func (p *passwordScreen) Title() string {
	if p.forced {
		return p.sh.cat.T("tui.password.title_forced")
	}
	return p.sh.cat.T("tui.password.title")
}

func (p *passwordScreen) Keys() help.KeyMap { return p.keys }
func (p *passwordScreen) typingText() bool  { return true }

func (p *passwordScreen) applyStyles() {
	for i := range p.inputs {
		p.inputs[i].SetStyles(p.sh.styles.Input)
	}
}

func (p *passwordScreen) setFocus(i int) {
	p.focus = (i + len(p.inputs)) % len(p.inputs)
	for j := range p.inputs {
		p.inputs[j].Blur()
	}
	p.inputs[p.focus].Focus()
}

// newField is the index of the new password's first field.
func (p *passwordScreen) newField() int { return len(p.inputs) - 2 }

// clear empties fields from index from on and puts the focus there.
func (p *passwordScreen) clear(from int) {
	for i := from; i < len(p.inputs); i++ {
		p.inputs[i].Reset()
	}
	p.setFocus(from)
}

func (p *passwordScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		p.applyStyles()
		return p, nil
	case passwordResultMsg:
		if msg.req != p.pending {
			return p, nil
		}
		p.pending = 0
		return p, p.answer(msg)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Submit):
			return p, p.submit()
		case key.Matches(msg, p.keys.Next):
			p.setFocus(p.focus + 1)
			return p, nil
		case key.Matches(msg, p.keys.Prev):
			p.setFocus(p.focus - 1)
			return p, nil
		case key.Matches(msg, p.keys.Back):
			return p, emit(BackMsg{})
		}
	case tea.PasteMsg:
	default:
		return p, nil
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	return p, cmd
}

// submit moves on to the next field, or checks the fields and asks the
// service from the last one.
func (p *passwordScreen) submit() tea.Cmd {
	if p.pending != 0 {
		return nil
	}
	if p.focus < len(p.inputs)-1 {
		p.setFocus(p.focus + 1)
		return nil
	}
	c := p.sh.cat
	if i := slices.IndexFunc(p.inputs, func(in textinput.Model) bool { return in.Value() == "" }); i >= 0 {
		p.errText = c.Error(domain.NewFieldError("password", domain.KeyRequired))
		p.setFocus(i)
		return nil
	}
	next := p.inputs[p.newField()].Value()
	if next != p.inputs[p.newField()+1].Value() {
		p.errText = c.T("tui.password.mismatch")
		p.clear(p.newField())
		return nil
	}
	current := p.signIn
	if !p.forced {
		current = p.inputs[0].Value()
	}
	p.errText = ""
	req := p.sh.nextReq()
	p.pending = req
	sess, ctx := p.sh.session()
	svc := p.sh.svc
	return func() tea.Msg { return changePassword(ctx, svc, sess, req, current, next) }
}

func changePassword(ctx context.Context, svc Service, sess service.Session, req uint64, current, next string) tea.Msg {
	updated, err := svc.ChangePassword(ctx, sess, current, next)
	return passwordResultMsg{req: req, sess: updated, err: err}
}

// answer handles the service's answer: done, or what to type again.
func (p *passwordScreen) answer(msg passwordResultMsg) tea.Cmd {
	switch {
	case msg.err == nil:
		p.signIn = ""
		p.clear(0)
		return emit(PasswordChangedMsg{Session: msg.sess, Forced: p.forced})
	case errors.Is(msg.err, context.Canceled):
		return nil // signed out meanwhile
	case errors.Is(msg.err, domain.ErrBadCredentials):
		p.errText = p.sh.cat.T("tui.password.wrong_current")
		if !p.forced { // only the current password is typed again
			p.inputs[0].Reset()
			p.setFocus(0)
		}
		return nil
	}
	p.errText = safe(p.sh.cat.Error(msg.err))
	if _, ok := domain.AsFieldError(msg.err); ok {
		p.clear(p.newField())
	}
	return nil
}
