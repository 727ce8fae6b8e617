package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// BackMsg asks the root to close the active screen and show the one below.
type BackMsg struct{}

// LockMsg asks the root to drop the session and return to sign-in.
type LockMsg struct{}

// Screen is one page of the console. The root forwards size and colour
// messages to every screen of the stack, everything else to the top one.
type Screen interface {
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	Keys() help.KeyMap
	Title() string
}

// resumer is implemented by screens that refresh what they show when they
// come back to the top of the stack (a request decided meanwhile).
type resumer interface{ resume() tea.Cmd }

// textEntry is implemented by screens whose focus may be in a text field,
// where '?' must type a character instead of opening the help.
type textEntry interface{ typingText() bool }

// Deps is what the console needs; cmd/guichet fills it.
type Deps struct {
	Service  *service.Service
	Catalog  *i18n.Catalog
	IdleLock time.Duration    // back to sign-in after this long without a key; 0 disables
	DemoHint []string         // lines shown on the sign-in screen of a demo database
	Now      func() time.Time // nil = time.Now
	Theme    Theme            // ui.theme: auto (or ""), light or dark
	// Keys are the actions whose keys ui.keys changed (config.Config.Keys,
	// validated); the others keep config.KeyActions' defaults.
	Keys map[string][]string
}

// Model is the root model: the back stack of screens, the help overlay,
// the status bar's notice and the idle lock.
type Model struct {
	sh       *shared
	idleLock time.Duration
	demoHint []string

	stack    []Screen
	showHelp bool
	help     help.Model
	palette  *cmdPalette // the command palette, nil when closed
	hint     bool        // the first-run hint is due (hints.go)

	look    look // what the styles are built from (theme.go)
	notice  notice
	idleGen uint64    // bumped on every sign-in and sign-out: older idle ticks are void
	lastKey time.Time // last key press, for the idle lock

	syncGen  uint64 // bumped when the status timer is re-armed: older ticks are void
	syncSeen uint64 // the newest status read shown
}

// New returns the console's root model, showing the sign-in screen.
func New(ctx context.Context, d Deps) tea.Model {
	return newModel(ctx, d, d.Service)
}

func newModel(ctx context.Context, d Deps, svc Service) *Model {
	cat := d.Catalog
	if cat == nil {
		cat = i18n.English()
	}
	m := &Model{
		sh:       newShared(ctx, svc, cat, d.Now),
		idleLock: d.IdleLock,
		demoHint: d.DemoHint,
		help:     help.New(),
	}
	m.sh.keymap = d.Keys
	m.sh.keys = newGlobalKeys(m.sh)
	m.setLook(look{theme: d.Theme})
	m.stack = []Screen{newSignIn(m.sh, m.demoHint)}
	m.resize()
	return m
}

// Init asks the terminal for its background colour (light or dark theme),
// starts reading the link's state for the status bar and asks whether the
// first-run hint is due.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.armSync(), m.readHints())
}

// Update routes one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.sh.width, m.sh.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg, tea.ColorProfileMsg:
		return m, m.onLook(msg)
	case tea.KeyPressMsg:
		m.lastKey = m.sh.now()
		m.dismissFailure()
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		m.lastKey = m.sh.now()
		if m.palette != nil {
			return m, m.paletteKey(tea.PasteMsg{Content: pasteText(msg.Content)})
		}
		if m.showHelp {
			return m, nil
		}
		return m, m.forward(tea.PasteMsg{Content: pasteText(msg.Content)})
	case tea.MouseClickMsg:
		return m, m.mouse(tea.MouseClickMsg(m.bodyMouse(msg.Mouse())))
	case tea.MouseWheelMsg:
		return m, m.mouse(tea.MouseWheelMsg(m.bodyMouse(msg.Mouse())))
	case tea.MouseMotionMsg, tea.MouseReleaseMsg:
		return m, nil // no screen drags
	case SignedInMsg:
		return m, m.startSession(msg)
	case PasswordChangedMsg:
		return m, m.passwordChanged(msg)
	case OpenMemberMsg:
		return m, m.openMember(msg.ID)
	case OpenAddressFormMsg:
		return m, m.openScreen(domain.ActionRecordChange, func() (Screen, tea.Cmd) { return newAddressForm(m.sh, msg), nil })
	case OpenPINMsg:
		return m, m.openScreen(domain.ActionReissuePIN, func() (Screen, tea.Cmd) { return newPINScreen(m.sh, msg) })
	case OpenRequestsMsg:
		action := domain.ActionRecordChange
		if msg.Queue {
			action = domain.ActionDecideChange
		}
		return m, m.openScreen(action, func() (Screen, tea.Cmd) { return newRequestsScreen(m.sh, msg.Queue) })
	case OpenRequestMsg:
		return m, m.openScreen(domain.ActionRecordChange, func() (Screen, tea.Cmd) { return newRequestScreen(m.sh, msg.Ref) })
	case BackMsg:
		if len(m.stack) > 1 {
			m.stack = m.stack[:len(m.stack)-1]
			if r, ok := m.top().(resumer); ok {
				return m, r.resume()
			}
		}
		return m, nil
	case LockMsg:
		return m, m.lock(m.sh.cat.T("tui.notice.signed_out"))
	case NoticeMsg:
		return m, m.setNotice(msg)
	case noticeDimMsg, noticeExpiredMsg:
		m.onNotice(msg)
		return m, nil
	case hintsReadMsg:
		m.hint = !msg.seen
		return m, nil
	case hintsMarkedMsg:
		return m, nil
	case idleTickMsg:
		return m, m.onIdleTick(msg)
	case syncTickMsg:
		return m, m.onSyncTick(msg)
	case SyncChangedMsg:
		return m, m.armSync()
	case syncStatusMsg:
		m.onSyncStatus(msg)
		return m, m.forward(msg) // a screen that shows the link's state renders it again
	case OpenSyncMsg:
		return m, m.openScreen(domain.ActionViewMember, func() (Screen, tea.Cmd) { return newSyncScreen(m.sh) })
	case OpenSyncEntryMsg:
		return m, m.openScreen(domain.ActionViewMember, func() (Screen, tea.Cmd) { return newSyncEntryScreen(m.sh, msg.Entry) })
	}
	return m, m.forward(msg)
}

// pasteText is pasted text (from a web page, an e-mail...) without what a
// text field would echo to the terminal as it is: the fields drop control
// characters themselves (and make line breaks and tabs spaces), but not
// the bidi controls that reorder a line.
func pasteText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || domain.Sanitize(string(r)) != "" {
			return r
		}
		return -1
	}, s)
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Quit):
		m.sh.signOut()
		return tea.Quit
	case m.palette != nil:
		return m.paletteKey(msg)
	case key.Matches(msg, k.Palette):
		return m.openPalette()
	case m.showHelp:
		if key.Matches(msg, k.Help, k.HelpChar, k.Back) {
			m.showHelp = false
		}
		return nil // the overlay swallows everything else
	case key.Matches(msg, k.Help), key.Matches(msg, k.HelpChar) && !m.typing():
		m.showHelp = true
		return m.hintsUsed()
	case key.Matches(msg, k.Lock) && m.sh.sess != nil:
		return m.lock(m.sh.cat.T("tui.notice.signed_out"))
	case key.Matches(msg, k.Password) && m.sh.sess != nil:
		return m.openPassword()
	}
	return m.forward(msg)
}

// bodyMouse turns terminal coordinates into the screen's: the title bar
// is above it.
func (m *Model) bodyMouse(e tea.Mouse) tea.Mouse {
	e.Y--
	return e
}

// mouse forwards a click or a wheel turn to the active screen; it counts
// as use for the idle lock. The help overlay takes none.
func (m *Model) mouse(msg tea.Msg) tea.Cmd {
	m.lastKey = m.sh.now()
	if _, click := msg.(tea.MouseClickMsg); click {
		m.dismissFailure()
	}
	if m.palette != nil {
		return m.paletteMouse(msg)
	}
	if m.showHelp {
		return nil
	}
	return m.forward(msg)
}

// typing reports whether the focus is in a text field.
func (m *Model) typing() bool {
	t, ok := m.top().(textEntry)
	return ok && t.typingText()
}

func (m *Model) top() Screen { return m.stack[len(m.stack)-1] }

func (m *Model) forward(msg tea.Msg) tea.Cmd {
	i := len(m.stack) - 1
	var cmd tea.Cmd
	m.stack[i], cmd = m.stack[i].Update(msg)
	return cmd
}

func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, len(m.stack))
	for i := range m.stack {
		m.stack[i], cmds[i] = m.stack[i].Update(msg)
	}
	return tea.Batch(cmds...)
}

// bodySize is what a screen gets: the terminal less the title bar, the
// key line and the status bar.
func (m *Model) bodySize() (int, int) {
	return max(m.sh.width, 1), max(m.sh.height-chromeLines, 1)
}

func (m *Model) resize() {
	w, h := m.bodySize()
	for _, s := range m.stack {
		s.SetSize(w, h)
	}
}

// push opens a screen on top of the stack.
func (m *Model) push(s Screen) {
	w, h := m.bodySize()
	s.SetSize(w, h)
	m.stack = append(m.stack, s)
}

// startSession opens the home screen of the signed-in role: accounts for an
// admin (who never sees member files), the lookup for everyone else.
func (m *Model) startSession(msg SignedInMsg) tea.Cmd {
	s := msg.Session
	m.sh.signIn(s)
	m.idleGen++
	m.lastKey = m.sh.now()
	m.showHelp, m.palette = false, nil
	var home Screen
	var cmd tea.Cmd
	switch s.Role {
	case domain.RoleAdmin:
		home, cmd = newAccounts(m.sh)
	case domain.RoleAgent, domain.RoleSupervisor:
		home = newLookup(m.sh)
	default:
		return m.lock(m.sh.cat.Error(domain.ErrForbidden))
	}
	if s.MustChangePassword { // a reset: nothing else opens until it is changed
		home, cmd = newPasswordScreen(m.sh, true, msg.password), nil
	}
	m.stack = nil
	m.push(home)
	return tea.Batch(cmd, m.armIdle(),
		m.setNotice(NoticeMsg{Text: m.sh.cat.T("tui.notice.signed_in", safe(s.DisplayName))}))
}

// openMember pushes a member file. The service checks the role itself;
// this only keeps an admin's console from trying.
func (m *Model) openMember(id int64) tea.Cmd {
	if m.sh.sess == nil {
		return nil
	}
	if err := domain.Authorize(m.sh.sess.Role, domain.ActionViewMember); err != nil {
		return m.setNotice(NoticeMsg{Text: m.sh.cat.Error(err), Failed: true})
	}
	s, cmd := newMemberScreen(m.sh, id)
	m.push(s)
	return cmd
}

// openScreen pushes a screen the session's role may use. The service
// checks the role itself; this only keeps a console from offering what
// would be refused.
func (m *Model) openScreen(action domain.Action, open func() (Screen, tea.Cmd)) tea.Cmd {
	if m.sh.sess == nil {
		return nil
	}
	if err := domain.Authorize(m.sh.sess.Role, action); err != nil {
		return m.setNotice(NoticeMsg{Text: m.sh.cat.Error(err), Failed: true})
	}
	s, cmd := open()
	m.push(s)
	return cmd
}

// lock drops the session and shows a fresh sign-in screen.
func (m *Model) lock(why string) tea.Cmd {
	m.sh.signOut()
	m.idleGen++
	m.showHelp, m.palette = false, nil
	m.stack = nil
	si := newSignIn(m.sh, m.demoHint)
	si.note = why
	m.push(si)
	return m.setNotice(NoticeMsg{Text: why})
}

// View renders the whole terminal.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion // clicks select rows, the wheel scrolls
	v.WindowTitle = m.sh.cat.T("tui.app")
	return v
}
