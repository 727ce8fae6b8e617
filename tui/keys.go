package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/config"
)

// Every action has a key that does not depend on the keyboard layout
// (function, ctrl, arrow keys, enter, esc, tab): letter shortcuts fail under
// an Arabic layout. '?' is only an extra for help, and never inside a text
// field, where it types a character.

// Keys are data: config's keymap (config.KeyActions) gives every action
// its default keys and ui.keys may change them; bind builds the binding
// that the screen matches, help lists, the key line shows and the command
// palette runs, so all four always agree. Moving and field keys are fixed
// (fixed).

// globalKeys work on every screen.
type globalKeys struct {
	Help     key.Binding // f1 everywhere; '?' outside text fields
	HelpChar key.Binding
	Palette  key.Binding
	Back     key.Binding
	Lock     key.Binding
	Password key.Binding // change one's own password, from any screen
	Quit     key.Binding
}

func newGlobalKeys(sh *shared) globalKeys {
	return globalKeys{
		Help:     sh.bind("help", "tui.key.help"),
		HelpChar: key.NewBinding(key.WithKeys("?")),
		Palette:  sh.bind("palette", "tui.key.palette"),
		Back:     sh.bind("back", "tui.key.back"),
		Lock:     sh.bind("lock", "tui.key.lock"),
		Password: sh.bind("change_password", "tui.key.change_password"),
		Quit:     sh.bind("quit", "tui.key.quit"),
	}
}

// group lists the global keys for the help overlay and the palette.
func (k globalKeys) group(signedIn bool) []key.Binding {
	lock, password := k.Lock, k.Password
	lock.SetEnabled(signedIn)
	password.SetEnabled(signedIn)
	return []key.Binding{k.Help, k.Palette, k.Back, password, lock, k.Quit}
}

// keyMap is a help.KeyMap made of plain data, for screens whose bindings
// change with their state.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

// bind makes the binding of a keymap action (config.KeyActions), with the
// keys ui.keys gave it if any, described by the catalogue key desc. Help
// shows the default keys the way the keymap labels them, and configured
// ones all. An action missing from the keymap is a programming error.
func (sh *shared) bind(action, desc string) key.Binding {
	keys, label := sh.actionKeys(action)
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, sh.cat.T(desc)))
}

// actionKeys are an action's keys and how help shows them.
func (sh *shared) actionKeys(action string) ([]string, string) {
	a, ok := config.FindKeyAction(action)
	if !ok {
		panic("tui: no key action " + action)
	}
	keys, label := a.Keys, a.Label
	if over, ok := sh.keymap[action]; ok && !slices.Equal(over, a.Keys) {
		keys, label = over, ""
	}
	if label == "" {
		label = config.KeyLabel(keys)
	}
	return keys, label
}

// keyLabel is how help shows an action's keys, for texts that name them.
func (sh *shared) keyLabel(action string) string {
	_, label := sh.actionKeys(action)
	return label
}

// fixed makes a binding that ui.keys cannot change (moving, field
// navigation), shown as helpKey.
func (sh *shared) fixed(keys []string, helpKey, desc string) key.Binding {
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
	k.Up = sh.fixed([]string{"up"}, "↑", "tui.key.scroll_up")
	k.Down = sh.fixed([]string{"down"}, "↓", "tui.key.scroll_down")
	k.PageDown = sh.fixed([]string{"pgdown", "space"}, "PgDn", "tui.key.page_down")
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
		Up:       sh.fixed([]string{"up"}, "↑", "tui.key.up"),
		Down:     sh.fixed([]string{"down"}, "↓", "tui.key.down"),
		PageUp:   sh.fixed([]string{"pgup"}, "PgUp", "tui.key.page_up"),
		PageDown: sh.fixed([]string{"pgdown"}, "PgDn", "tui.key.page_down"),
		Top:      sh.fixed([]string{"home"}, "Home", "tui.key.top"),
		Bottom:   sh.fixed([]string{"end"}, "End", "tui.key.bottom"),
	}
}
