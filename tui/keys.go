package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/i18n"
)

// Every action has a key that does not depend on the keyboard layout
// (function, ctrl, arrow keys, enter, esc, tab): letter shortcuts fail under
// an Arabic layout. '?' is only an extra for help, and never inside a text
// field, where it types a character.

// globalKeys work on every screen.
type globalKeys struct {
	Help     key.Binding // f1 everywhere; '?' outside text fields
	HelpChar key.Binding
	Back     key.Binding
	Lock     key.Binding
	Password key.Binding // change one's own password, from any screen
	Quit     key.Binding
}

func newGlobalKeys(cat *i18n.Catalog) globalKeys {
	return globalKeys{
		Help:     key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1/?", cat.T("tui.key.help"))),
		HelpChar: key.NewBinding(key.WithKeys("?")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", cat.T("tui.key.back"))),
		Lock:     key.NewBinding(key.WithKeys("ctrl+l", "f10"), key.WithHelp("ctrl+l/F10", cat.T("tui.key.lock"))),
		Password: key.NewBinding(key.WithKeys("f12"), key.WithHelp("F12", cat.T("tui.key.change_password"))),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", cat.T("tui.key.quit"))),
	}
}

// group lists the global keys for the help overlay.
func (k globalKeys) group(signedIn bool) []key.Binding {
	lock, password := k.Lock, k.Password
	lock.SetEnabled(signedIn)
	password.SetEnabled(signedIn)
	return []key.Binding{k.Help, k.Back, password, lock, k.Quit}
}

// keyMap is a help.KeyMap made of plain data, for screens whose bindings
// change with their state.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

// bind makes a key binding whose help text comes from the catalogue.
func (sh *shared) bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, sh.cat.T(desc)))
}

// listKeys move in a list; the screens with one embed them.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// newScrollKeys are listKeys for a scrolled page (a viewport): the same
// keys, worded for scrolling, with space as a page down.
func newScrollKeys(sh *shared) listKeys {
	k := newListKeys(sh)
	k.Up = sh.bind([]string{"up"}, "↑", "tui.key.scroll_up")
	k.Down = sh.bind([]string{"down"}, "↓", "tui.key.scroll_down")
	k.PageDown = sh.bind([]string{"pgdown", "space"}, "PgDn", "tui.key.page_down")
	return k
}

// moveTable moves a table's cursor for a list key; it reports whether msg
// was one.
func (k listKeys) moveTable(msg tea.KeyPressMsg, t *rowTable) bool {
	switch {
	case key.Matches(msg, k.Up):
		t.move(-1)
	case key.Matches(msg, k.Down):
		t.move(1)
	case key.Matches(msg, k.PageUp):
		t.move(-t.height)
	case key.Matches(msg, k.PageDown):
		t.move(t.height)
	case key.Matches(msg, k.Top):
		t.top()
	case key.Matches(msg, k.Bottom):
		t.bottom()
	default:
		return false
	}
	return true
}

func newListKeys(sh *shared) listKeys {
	return listKeys{
		Up:       sh.bind([]string{"up"}, "↑", "tui.key.up"),
		Down:     sh.bind([]string{"down"}, "↓", "tui.key.down"),
		PageUp:   sh.bind([]string{"pgup"}, "PgUp", "tui.key.page_up"),
		PageDown: sh.bind([]string{"pgdown"}, "PgDn", "tui.key.page_down"),
		Top:      sh.bind([]string{"home"}, "Home", "tui.key.top"),
		Bottom:   sh.bind([]string{"end"}, "End", "tui.key.bottom"),
	}
}
