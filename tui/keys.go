package tui

import (
	"charm.land/bubbles/v2/key"

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
	Quit     key.Binding
}

func newGlobalKeys(cat *i18n.Catalog) globalKeys {
	return globalKeys{
		Help:     key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1/?", cat.T("tui.key.help"))),
		HelpChar: key.NewBinding(key.WithKeys("?")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", cat.T("tui.key.back"))),
		Lock:     key.NewBinding(key.WithKeys("ctrl+l", "f10"), key.WithHelp("ctrl+l/F10", cat.T("tui.key.lock"))),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", cat.T("tui.key.quit"))),
	}
}

// group lists the global keys for the help overlay.
func (k globalKeys) group(signedIn bool) []key.Binding {
	lock := k.Lock
	lock.SetEnabled(signedIn)
	return []key.Binding{k.Help, k.Back, lock, k.Quit}
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
