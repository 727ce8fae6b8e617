package tui

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// paletteChrome are the box's lines besides the entries: its two borders,
// the title, the field, a blank line and the keys line.
const paletteChrome = 6

// paletteWidth is the box's width in a body w cells wide.
func paletteWidth(w int) int { return min(w, 64) }

// rows is how many entries the box shows at once.
func (p *cmdPalette) rows() int {
	_, h := p.sh.width, max(p.sh.height-chromeLines, 1)
	return max(h-paletteChrome, 1)
}

// height is the box's height in lines.
func (p *cmdPalette) height() int {
	return paletteChrome + max(min(len(p.shown)-p.top, p.rows()), 1)
}

// follow scrolls so that the cursor's row shows.
func (p *cmdPalette) follow() {
	n := p.rows()
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+n {
		p.top = p.cursor - n + 1
	}
	p.top = max(p.top, 0)
}

// view is the palette over the body (w×h): a box at the top, centred.
func (p *cmdPalette) view(w, h int) string {
	p.follow()
	st := p.sh.styles
	boxW := paletteWidth(w)
	inner := max(boxW-st.Box.GetHorizontalFrameSize(), 1)
	p.input.SetWidth(max(inner-4, 4))
	lines := []string{st.Section.Render(clip(p.sh.cat.T("tui.palette.title", p.title), inner)), p.input.View(), ""}
	if len(p.shown) == 0 {
		lines = append(lines, st.Muted.Render(clip(p.sh.cat.T("tui.palette.none", safe(p.input.Value())), inner)))
	}
	for i := p.top; i < len(p.shown) && i < p.top+p.rows(); i++ {
		e := p.entries[p.shown[i]]
		keyW := min(ansi.StringWidth(e.key), inner/2)
		row := pad(e.desc, inner-keyW-1) + " " + padLeft(e.key, keyW)
		if i == p.cursor {
			row = st.Focus.Render(row)
		} else {
			row = st.Value.Render(pad(e.desc, inner-keyW-1)) + " " + st.Help.FullKey.Render(padLeft(e.key, keyW))
		}
		lines = append(lines, row)
	}
	lines = append(lines, st.Muted.Render(clip(p.sh.cat.T("tui.palette.keys"), inner)))
	box := st.Box.Width(boxW).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Top, box)
}

// entryAt is the shown entry under the body's cell (x, y), or -1: the
// box's first row of entries is its fourth line.
func (p *cmdPalette) entryAt(x, y, w int) int {
	boxW := paletteWidth(w)
	left := (w - boxW) / 2
	if x < left || x >= left+boxW || len(p.shown) == 0 {
		return -1
	}
	i := p.top + y - 4
	if y < 4 || i >= len(p.shown) || i >= p.top+p.rows() {
		return -1
	}
	return i
}

// pressCodes are the named keys a palette entry may press.
var pressCodes = map[string]rune{"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"esc": tea.KeyEscape, "space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft,
	"right": tea.KeyRight, "insert": tea.KeyInsert, "delete": tea.KeyDelete, "pgup": tea.KeyPgUp,
	"pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd}

// keyPress is the key press whose name (as a binding holds it) is name;
// false when none would be named so.
func keyPress(name string) (tea.KeyPressMsg, bool) {
	var p tea.KeyPressMsg
	rest := name
	for _, m := range []struct {
		prefix string
		mod    tea.KeyMod
	}{{"ctrl+", tea.ModCtrl}, {"alt+", tea.ModAlt}, {"shift+", tea.ModShift}} {
		if r, ok := strings.CutPrefix(rest, m.prefix); ok && r != "" {
			p.Mod |= m.mod
			rest = r
		}
	}
	code, named := pressCodes[rest]
	switch {
	case named:
		p.Code = code
		if code == tea.KeySpace && p.Mod == 0 {
			p.Text = " "
		}
	case len(rest) > 1 && rest[0] == 'f':
		n, err := strconv.Atoi(rest[1:])
		if err != nil || n < 1 || n > 20 {
			return p, false
		}
		p.Code = tea.KeyF1 + rune(n-1)
	case utf8.RuneCountInString(rest) == 1:
		p.Code, _ = utf8.DecodeRuneInString(rest)
		if p.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			p.Text = rest
		}
	default:
		return p, false
	}
	return p, p.String() == name
}

// openPalette shows the palette of the active screen.
func (m *Model) openPalette() tea.Cmd {
	m.showHelp = false
	global := m.sh.keys.group(m.sh.sess != nil)
	if len(m.stack) == 1 { // nothing to go back to
		global = slices.DeleteFunc(global, func(b key.Binding) bool { return b.Help() == m.sh.keys.Back.Help() })
	}
	groups := append(slices.Clone(m.top().Keys().FullHelp()), global)
	m.palette = newPalette(m.sh, m.top().Title(), groups)
	return m.hintsUsed()
}

// paletteKey gives the open palette a key or a paste; running an entry
// closes the palette and presses its key.
func (m *Model) paletteKey(msg tea.Msg) tea.Cmd {
	res, cmd := m.palette.update(msg)
	switch res {
	case paletteClose:
		m.palette = nil
	case paletteRun:
		e, _ := m.palette.selected()
		m.palette = nil
		return tea.Batch(cmd, m.handleKey(e.press))
	}
	return cmd
}

// paletteMouse: the wheel moves the cursor, a click on an entry runs it,
// a click outside the box closes it.
func (m *Model) paletteMouse(msg tea.Msg) tea.Cmd {
	w, _ := m.bodySize()
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.palette.move(-1)
		case tea.MouseWheelDown:
			m.palette.move(1)
		}
	case tea.MouseClickMsg:
		e := msg.Mouse()
		if e.Button != tea.MouseLeft {
			return nil
		}
		if i := m.palette.entryAt(e.X, e.Y, w); i >= 0 {
			m.palette.cursor = i
			return m.paletteKey(tea.KeyPressMsg{Code: tea.KeyEnter})
		}
		boxW := paletteWidth(w)
		if left := (w - boxW) / 2; e.X < left || e.X >= left+boxW || e.Y >= m.palette.height() {
			m.palette = nil
		}
	}
	return nil
}
