package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// page is a scrolled page of text (a request, a sync entry) whose last
// line tells where the view is when the text does not fit.
type page struct {
	vp   viewport.Model
	keys listKeys
}

func newPage(k listKeys) page {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown}
	return page{vp: vp, keys: k}
}

// setSize keeps the last of h lines for the position.
func (p *page) setSize(w, h int) {
	p.vp.SetWidth(w)
	p.vp.SetHeight(max(h-1, 1))
}

// setLines replaces the text, staying where the reader was.
func (p *page) setLines(lines []string) {
	y := p.vp.YOffset()
	p.vp.SetContentLines(lines)
	p.vp.SetYOffset(y)
}

// scroll handles the scrolling keys and the mouse wheel.
func (p *page) scroll(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.keys.Top):
			p.vp.GotoTop()
			return nil
		case key.Matches(k, p.keys.Bottom):
			p.vp.GotoBottom()
			return nil
		}
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
}

// view is the visible part, with the position line when it does not all fit.
func (p *page) view(sh *shared, w int) string {
	body := strings.TrimRight(p.vp.View(), "\n")
	if total := p.vp.TotalLineCount(); total > p.vp.Height() {
		first := p.vp.YOffset() + 1
		last := min(p.vp.YOffset()+p.vp.Height(), total)
		body += "\n" + sh.styles.Muted.Render(clip(sh.cat.T("tui.member.scroll", first, last, total), w))
	}
	return body
}

// pageText gathers the lines of a page at width w, each clipped to it.
type pageText struct {
	w   int
	out []string
}

func (t *pageText) add(ls ...string) {
	for _, l := range ls {
		t.out = append(t.out, clip(l, t.w))
	}
}

// wrapped adds text wrapped to the width, indented by two cells.
func (t *pageText) wrapped(style lipgloss.Style, text string) {
	for _, l := range strings.Split(lipgloss.NewStyle().Width(max(t.w-2, 1)).Render(text), "\n") {
		t.add("  " + style.Render(strings.TrimRight(l, " ")))
	}
}

// pageKeys are the keys every page of one thing (a request, a sync entry)
// has besides its actions: back, reload, open the member, scroll.
type pageKeys struct {
	Back, Reload, Member key.Binding
	listKeys
}

func newPageKeys(sh *shared) pageKeys {
	b := sh.bind
	return pageKeys{
		Back:     b("back", "tui.key.back"),
		Reload:   b("reload", "tui.key.reload"),
		Member:   b("open_member", "tui.key.open_member"),
		listKeys: newScrollKeys(sh),
	}
}

// help lists the page's actions first, then member (Member enabled or
// not for this page), then the keys every page has.
func (k pageKeys) help(member key.Binding, actions ...key.Binding) keyMap {
	return keyMap{
		short: slices.Concat(actions, []key.Binding{member, k.Down, k.Back}),
		full: [][]key.Binding{slices.Concat(actions, []key.Binding{member, k.Reload, k.Back}),
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}},
	}
}
