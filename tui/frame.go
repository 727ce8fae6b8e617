package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// chromeLines are the lines around a screen: title bar, key line, status bar.
const chromeLines = 3

// render lays the frame out: exactly height lines, none wider than width.
func (m *Model) render() string {
	w, h := m.sh.width, m.sh.height
	bw, bh := m.bodySize()
	body := m.top().View()
	if m.showHelp {
		body = m.helpOverlay(bw, bh)
	}
	lines := []string{m.titleBar(w)}
	lines = append(lines, fitLines(body, bw, bh)...)
	lines = append(lines, m.keyLine(w), m.statusBar(w))
	return strings.Join(fitLines(strings.Join(lines, "\n"), w, h), "\n")
}

// keyLine lists the active screen's main keys, then the help key, which
// stays when the line is short: the screen's keys give way (an ellipsis
// says so), and the help lists them all. (help.ShortHelpView is not used:
// it lets an item overflow its width when the ellipsis would not fit.)
func (m *Model) keyLine(w int) string {
	st := m.help.Styles
	item := func(b key.Binding) string {
		return st.ShortKey.Inline(true).Render(b.Help().Key) + " " + st.ShortDesc.Inline(true).Render(b.Help().Desc)
	}
	sep := st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	more := st.Ellipsis.Inline(true).Render(m.help.Ellipsis) + sep
	helpKey := item(m.sh.keys.Help)
	var items []string
	for _, b := range m.top().Keys().ShortHelp() {
		if b.Enabled() {
			items = append(items, item(b)+sep)
		}
	}
	var line strings.Builder
	used := lipgloss.Width(helpKey)
	for i, it := range items {
		need := lipgloss.Width(it)
		if i < len(items)-1 {
			need += lipgloss.Width(more) // room to say that more follow
		}
		if used+need > w {
			if used+lipgloss.Width(more) <= w {
				line.WriteString(more)
			}
			break
		}
		line.WriteString(it)
		used += lipgloss.Width(it)
	}
	return line.String() + helpKey
}

// fitLines cuts s to exactly h lines of at most w cells.
func fitLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// clip truncates one line of plain or styled text to w cells.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// pad truncates s to w cells and pads it with spaces to exactly w.
func pad(s string, w int) string {
	s = clip(s, w)
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = clip(s, w)
	return strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) + s
}

// helpOverlay lists every key of the active screen, then the global keys,
// generated from the bindings themselves. When one column does not fit the
// height, the groups go in two columns.
func (m *Model) helpOverlay(w, h int) string {
	st := m.sh.styles
	groups := append(append([][]key.Binding{}, m.top().Keys().FullHelp()...),
		m.sh.keys.group(m.sh.sess != nil))
	keyW := 0
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() {
				keyW = max(keyW, ansi.StringWidth(b.Help().Key))
			}
		}
	}
	var blocks [][]string
	for _, g := range groups {
		var block []string
		for _, b := range g {
			if b.Enabled() && b.Help().Key != "" {
				block = append(block, st.Help.FullKey.Render(pad(b.Help().Key, keyW))+"  "+st.Help.FullDesc.Render(b.Help().Desc))
			}
		}
		if len(block) > 0 {
			blocks = append(blocks, block)
		}
	}
	boxW := min(w, 76)
	inner := max(boxW-st.Box.GetHorizontalFrameSize(), 1)
	body := stack(blocks, inner)
	if len(body)+4+st.Box.GetVerticalFrameSize() > h && len(blocks) > 1 {
		colW := max((inner-3)/2, 1)
		total, half := len(body), 0
		for acc := 0; half < len(blocks) && acc < total/2; half++ {
			acc += len(blocks[half]) + 1
		}
		left, right := stack(blocks[:half], colW), stack(blocks[half:], colW)
		body = nil
		for i := 0; i < max(len(left), len(right)); i++ {
			var l, r string
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			body = append(body, pad(l, colW)+"   "+r)
		}
	}
	lines := append([]string{st.Section.Render(clip(m.sh.cat.T("tui.help.title", m.top().Title()), inner)), ""}, body...)
	lines = append(lines, "", st.Muted.Render(clip(m.sh.cat.T("tui.help.close"), inner)))
	box := st.Box.Width(boxW).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// stack puts blocks of lines one under the other, a blank line between
// them, each line cut to w.
func stack(blocks [][]string, w int) []string {
	var out []string
	for i, b := range blocks {
		if i > 0 {
			out = append(out, "")
		}
		for _, l := range b {
			out = append(out, clip(l, w))
		}
	}
	return out
}

// flexColumns sizes a table to width w: every column keeps its width but the
// one without any, which takes what is left (12 to 40 cells). Each cell has
// one space of padding on either side.
func flexColumns(w int, cols []table.Column) []table.Column {
	rest := w - 2*len(cols)
	flex := -1
	for i, c := range cols {
		if c.Width == 0 {
			flex = i
		}
		rest -= c.Width
	}
	if flex >= 0 {
		cols[flex].Width = min(max(rest, 12), 40)
	}
	return cols
}
