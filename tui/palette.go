package tui

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"golang.org/x/text/unicode/norm"
)

// The command palette (ctrl+k) lists what the active screen's keys do and
// the global keys, from the very bindings help shows: so it offers only
// what this screen, in its present state and for this role, enables (the
// approval queue is no agent's), and shows the configured keys. Typing
// filters on the translated names; enter closes it and presses the
// chosen action's key, so the action runs exactly as its key would.

// paletteEntry is one action: what help shows, and the key press that
// runs it.
type paletteEntry struct {
	desc, key string
	fold      string // desc and key folded for matching
	press     tea.KeyPressMsg
}

type cmdPalette struct {
	sh      *shared
	title   string // the screen's
	input   textinput.Model
	entries []paletteEntry
	shown   []int // entries matching the filter, best first
	cursor  int   // in shown
	top     int   // the first shown row on screen
}

func newPalette(sh *shared, title string, groups [][]key.Binding) *cmdPalette {
	p := &cmdPalette{sh: sh, title: title}
	p.input = textinput.New()
	p.input.Prompt = "› "
	p.input.Placeholder = sh.cat.T("tui.palette.placeholder")
	p.input.CharLimit = 40
	p.input.SetStyles(sh.styles.Input)
	p.input.Focus()
	skip := map[string]bool{sh.cat.T("tui.key.palette"): true}
	for _, d := range movementDescs {
		skip[sh.cat.T(d)] = true
	}
	pressed := map[string]bool{} // one entry per key: the screen's own first
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			if !b.Enabled() || h.Key == "" || skip[h.Desc] {
				continue
			}
			press, ok := pressFor(b)
			if !ok || pressed[press.String()] || slices.Contains(b.Keys(), confirmKey) {
				continue
			}
			pressed[press.String()] = true
			p.entries = append(p.entries, paletteEntry{desc: h.Desc, key: h.Key, fold: fold(h.Desc + " " + h.Key), press: press})
		}
	}
	p.filter()
	return p
}

// confirmKey confirms an irreversible action in a dialog (with y): that
// takes its explicit key, never a palette's enter.
const confirmKey = "ctrl+y"

// movementDescs name the bindings that only move (a list's cursor, the
// focus between fields): the arrows do that better than a palette.
var movementDescs = []string{"tui.key.up", "tui.key.down", "tui.key.page_up", "tui.key.page_down", "tui.key.top",
	"tui.key.bottom", "tui.key.scroll_up", "tui.key.scroll_down", "tui.key.next_field", "tui.key.prev_field"}

// pressFor is the key press of a binding's first key that a terminal can
// send as such.
func pressFor(b key.Binding) (tea.KeyPressMsg, bool) {
	for _, k := range b.Keys() {
		if p, ok := keyPress(k); ok {
			return p, true
		}
	}
	return tea.KeyPressMsg{}, false
}

// filter ranks the entries against what was typed: the name starting
// with it, then a word of the name starting with it, then containing it,
// then holding its letters in order (fuzzy); ties keep help's order.
func (p *cmdPalette) filter() {
	q := fold(strings.TrimSpace(p.input.Value()))
	type ranked struct{ i, rank int }
	var hits []ranked
	for i, e := range p.entries {
		if r := matchRank(e.fold, q); r >= 0 {
			hits = append(hits, ranked{i, r})
		}
	}
	slices.SortStableFunc(hits, func(a, b ranked) int { return a.rank - b.rank })
	p.shown = p.shown[:0]
	for _, h := range hits {
		p.shown = append(p.shown, h.i)
	}
	p.cursor, p.top = 0, 0
}

// matchRank is how well text matches q (lower is better), -1 for not.
func matchRank(text, q string) int {
	switch {
	case q == "" || strings.HasPrefix(text, q):
		return 0
	case strings.Contains(text, " "+q):
		return 1
	case strings.Contains(text, q):
		return 2
	}
	rest := []rune(q)
	for _, r := range text {
		if len(rest) > 0 && r == rest[0] {
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		return 3
	}
	return -1
}

// fold lower-cases s and drops its accents: "Réessayer" matches
// "reessayer".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// selected is the entry under the cursor.
func (p *cmdPalette) selected() (paletteEntry, bool) {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return paletteEntry{}, false
	}
	return p.entries[p.shown[p.cursor]], true
}

func (p *cmdPalette) move(d int) {
	if len(p.shown) == 0 {
		return
	}
	p.cursor = min(max(p.cursor+d, 0), len(p.shown)-1)
}

// paletteResult is what a message did to the palette: keep it open,
// close it, or close it and run an entry.
type paletteResult int

const (
	paletteOpen paletteResult = iota
	paletteClose
	paletteRun
)

// update takes a key or a paste while the palette is open.
func (p *cmdPalette) update(msg tea.Msg) (paletteResult, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return paletteClose, nil
		case "enter":
			if _, ok := p.selected(); ok {
				return paletteRun, nil
			}
			return paletteOpen, nil
		case "up", "ctrl+p":
			p.move(-1)
			return paletteOpen, nil
		case "down", "ctrl+n":
			p.move(1)
			return paletteOpen, nil
		case "pgup":
			p.move(-p.rows())
			return paletteOpen, nil
		case "pgdown":
			p.move(p.rows())
			return paletteOpen, nil
		}
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.filter()
	}
	return paletteOpen, cmd
}
