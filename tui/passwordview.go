package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/cnops/guichet/domain"
)

func (p *passwordScreen) SetSize(w, h int) {
	p.w, p.h = w, h
	field := max(p.innerWidth()-p.labelWidth()-1, 4)
	for i := range p.inputs {
		p.inputs[i].SetWidth(field)
	}
}

func (p *passwordScreen) formWidth() int { return min(p.w, 72) }

func (p *passwordScreen) innerWidth() int {
	return max(p.formWidth()-p.sh.styles.Box.GetHorizontalFrameSize(), 1)
}

func (p *passwordScreen) labelWidth() int {
	w := 0
	for _, l := range p.labels {
		w = max(w, lipgloss.Width(l))
	}
	return w + 2
}

// View is a framed form like the sign-in: heading, the masked fields, then
// the error, the pending state or the rules.
func (p *passwordScreen) View() string {
	st, c := p.sh.styles, p.sh.cat
	inner, lw := p.innerWidth(), p.labelWidth()
	wrap := lipgloss.NewStyle().Width(inner)
	heading := c.T("tui.password.heading")
	if p.forced {
		heading = c.T("tui.password.heading_forced")
	}
	lines := []string{st.Section.Render(wrap.Render(heading)), ""}
	for i, in := range p.inputs {
		lines = append(lines, st.Label.Render(pad(p.labels[i], lw))+in.View())
	}
	lines = append(lines, "")
	switch {
	case p.pending != 0:
		lines = append(lines, st.Muted.Render(c.T("tui.password.pending")))
	case p.errText != "":
		lines = append(lines, st.Error.Render(wrap.Render(p.errText)))
	default:
		lines = append(lines, st.Muted.Render(wrap.Render(c.T("tui.password.prompt", domain.MinPasswordLen))))
	}
	if p.forced {
		lines = append(lines, "", st.Warn.Render(wrap.Render(c.T("tui.password.forced_hint", p.sh.keyLabel("lock")))))
	}
	box := st.Box.Width(p.formWidth()).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(p.w, p.h, lipgloss.Center, lipgloss.Center, box)
}
