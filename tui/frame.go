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
	if m.palette != nil {
		body = m.palette.view(bw, bh)
	}
	lines := []string{m.titleBar(w)}
	lines = append(lines, fitLines(body, bw, bh)...)
	lines = append(lines, m.keyLine(w), m.statusBar(w))
	return strings.Join(fitLines(strings.Join(lines, "\n"), w, h), "\n")
}

// keyLine lists the active screen's main keys, then the palette's and
// the help's keys. The help key stays when the line is short: the
// palette's key gives way first, then the screen's keys (an ellipsis says
// so), and the help lists them all. (help.ShortHelpView is not used: it
// lets an item overflow its width when the ellipsis would not fit.)
func (m *Model) keyLine(w int) string {
	st := m.help.Styles
	item := func(b key.Binding) string {
		return st.ShortKey.Inline(true).Render(b.Help().Key) + " " + st.ShortDesc.Inline(true).Render(b.Help().Desc)
	}
	sep := st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	more := st.Ellipsis.Inline(true).Render(m.help.Ellipsis) + sep
	var items []string
	for _, b := range m.top().Keys().ShortHelp() {
		if b.Enabled() {
			items = append(items, item(b)+sep)
		}
	}
	fit := func(tail string) (string, bool) {
		var line strings.Builder
		used := lipgloss.Width(tail)
		for i, it := range items {
			need := lipgloss.Width(it)
			if i < len(items)-1 {
				need += lipgloss.Width(more) // room to say that more follow
			}
			if used+need > w {
				if used+lipgloss.Width(more) <= w {
					line.WriteString(more)
				}
				return line.String() + tail, false
			}
			line.WriteString(it)
			used += lipgloss.Width(it)
		}
		return line.String() + tail, used <= w
	}
	helpKey := item(m.sh.keys.Help)
	if line, all := fit(item(m.sh.keys.Palette) + sep + helpKey); all {
		return line
	}
	line, _ := fit(helpKey)
	return line
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
// height, the groups go in two columns, each as wide as its text needs.
func (m *Model) helpOverlay(w, h int) string {
	st := m.sh.styles
	var groups [][]key.Binding
	for _, g := range append(append([][]key.Binding{}, m.top().Keys().FullHelp()...), m.sh.keys.group(m.sh.sess != nil)) {
		var shown []key.Binding
		for _, b := range g {
			if b.Enabled() && b.Help().Key != "" {
				shown = append(shown, b)
			}
		}
		if len(shown) > 0 {
			groups = append(groups, shown)
		}
	}
	boxW := min(w, 76)
	inner := max(boxW-st.Box.GetHorizontalFrameSize(), 1)
	body := m.helpColumn(groups, inner)
	if len(body)+4+st.Box.GetVerticalFrameSize() > h && len(groups) > 1 {
		half, acc := 0, 0
		for total := len(body); half < len(groups) && acc < total/2; half++ {
			acc += len(groups[half]) + 1
		}
		left, right := m.helpColumn(groups[:half], inner), m.helpColumn(groups[half:], inner)
		const gap = 3
		lw, rw := widest(left), widest(right)
		if lw+gap+rw > inner { // the narrower column keeps its width, the other is cut
			even := max((inner-gap)/2, 1)
			switch {
			case rw <= even:
				lw = max(inner-gap-rw, 1)
			case lw <= even:
				rw = max(inner-gap-lw, 1)
			default:
				lw, rw = even, max(inner-gap-even, 1)
			}
		}
		body = nil
		for i := 0; i < max(len(left), len(right)); i++ {
			var l, r string
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			body = append(body, pad(l, lw)+strings.Repeat(" ", gap)+clip(r, rw))
		}
	}
	lines := append([]string{st.Section.Render(clip(m.sh.cat.T("tui.help.title", m.top().Title()), inner)), ""}, body...)
	lines = append(lines, "", st.Muted.Render(clip(m.sh.cat.T("tui.help.close", m.sh.keyLabel("help")), inner)))
	box := st.Box.Width(boxW).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// helpColumn renders groups of keys one under the other, a blank line
// between them, the keys aligned on the column's longest; each line is cut
// to w.
func (m *Model) helpColumn(groups [][]key.Binding, w int) []string {
	st := m.sh.styles.Help
	keyW := 0
	for _, g := range groups {
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
	}
	var out []string
	for i, g := range groups {
		if i > 0 {
			out = append(out, "")
		}
		for _, b := range g {
			out = append(out, clip(st.FullKey.Render(pad(b.Help().Key, keyW))+"  "+st.FullDesc.Render(b.Help().Desc), w))
		}
	}
	return out
}

// widest is the width of the widest line.
func widest(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, ansi.StringWidth(l))
	}
	return n
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
