package tui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// usersResultMsg answers the account list request req.
type usersResultMsg struct {
	req    uint64
	users  []service.UserView
	centre bool // provisioned: the centre manages the accounts
	err    error
}

type accountsKeys struct {
	Reload key.Binding
	listKeys
}

func newAccountsKeys(sh *shared) accountsKeys {
	b := sh.bind
	return accountsKeys{
		Reload:   b("reload", "tui.key.reload"),
		listKeys: newListKeys(sh),
	}
}

func (k accountsKeys) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Reload} }
func (k accountsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Reload}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

// accountsScreen is an admin's home: the accounts of this console, read
// only (they are managed with `guichet users ...`, or by the centre once
// the console is provisioned).
type accountsScreen struct {
	sh     *shared
	keys   accountsKeys
	centre bool

	table table.Model
	count int
	listing
	w, h int
}

func newAccounts(sh *shared) (*accountsScreen, tea.Cmd) {
	a := &accountsScreen{sh: sh, keys: newAccountsKeys(sh)}
	a.table = table.New(table.WithFocused(true), table.WithKeyMap(table.KeyMap{
		LineUp: a.keys.Up, LineDown: a.keys.Down, PageUp: a.keys.PageUp,
		PageDown: a.keys.PageDown, GotoTop: a.keys.Top, GotoBottom: a.keys.Bottom,
	}))
	a.table.SetStyles(sh.styles.Table)
	return a, a.load()
}

func (a *accountsScreen) Title() string     { return a.sh.cat.T("tui.accounts.title") }
func (a *accountsScreen) Keys() help.KeyMap { return a.keys }

// accountsHeaderLines stand above the table: hint, count, blank.
const accountsHeaderLines = 3

func (a *accountsScreen) SetSize(w, h int) {
	a.w, a.h = w, h
	a.table.SetWidth(w)
	a.table.SetHeight(max(h-accountsHeaderLines, 2))
	c := a.sh.cat
	a.table.SetColumns(flexColumns(w, []table.Column{
		{Title: c.T("tui.accounts.col.username"), Width: 16},
		{Title: c.T("tui.accounts.col.name")},
		{Title: c.T("tui.accounts.col.role"), Width: max(13, ansi.StringWidth(a.sh.roleName(domain.RoleAdmin)))},
		{Title: c.T("tui.accounts.col.branch"), Width: 7},
		{Title: c.T("tui.accounts.col.state"), Width: 10},
	}))
}

func (a *accountsScreen) load() tea.Cmd {
	req := a.start(a.sh)
	sess, ctx := a.sh.session()
	svc := a.sh.svc
	return func() tea.Msg { return listUsers(ctx, svc, sess, req) }
}

func listUsers(ctx context.Context, svc Service, sess service.Session, req uint64) tea.Msg {
	users, err := svc.ListUsers(ctx, sess)
	if err != nil {
		return usersResultMsg{req: req, err: err}
	}
	centre := errors.Is(svc.MayManageUsers(ctx, sess), domain.ErrManagedByCentre)
	return usersResultMsg{req: req, users: users, centre: centre}
}

func (a *accountsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		a.table.SetStyles(a.sh.styles.Table)
	case usersResultMsg:
		if a.answered(a.sh, msg.req, msg.err) {
			a.centre = msg.centre
			a.setRows(msg.users)
		}
	case tea.MouseWheelMsg: // the wheel scrolls, as on every list
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			a.table.MoveUp(3)
		case tea.MouseWheelDown:
			a.table.MoveDown(3)
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, a.keys.Reload) {
			return a, a.load()
		}
		var cmd tea.Cmd
		a.table, cmd = a.table.Update(msg)
		return a, cmd
	}
	return a, nil
}

// setRows is the one place where accounts become text (through safe).
func (a *accountsScreen) setRows(users []service.UserView) {
	c := a.sh.cat
	rows := make([]table.Row, len(users))
	for i, u := range users {
		state := c.T("tui.accounts.active")
		switch {
		case u.Disabled:
			state = c.T("tui.accounts.disabled")
		case u.Locked:
			state = c.T("tui.accounts.locked")
		case u.MustChangePassword:
			state = c.T("tui.accounts.reset")
		}
		rows[i] = table.Row{safe(u.Username), safe(u.DisplayName), a.sh.roleName(u.Role), orDash(safe(u.Branch)), state}
	}
	a.count = len(users)
	a.table.SetRows(rows)
}

func (a *accountsScreen) View() string {
	st, c := a.sh.styles, a.sh.cat
	hint := c.T("tui.accounts.hint")
	if a.centre {
		hint = c.T("tui.accounts.hint_centre")
	}
	lines := []string{st.Muted.Render(clip(hint, a.w))}
	switch status := a.statusLine(a.sh, a.w, "tui.accounts.loading"); {
	case status != "":
		lines = append(lines, status)
	default:
		lines = append(lines, st.Muted.Render(c.T("tui.accounts.count", i18n.Count(a.count))))
	}
	lines = append(lines, "")
	if a.loaded {
		lines = append(lines, a.table.View())
	}
	return strings.Join(lines, "\n")
}
