package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// A dialog sits over its screen (the same screen: a second person signs in
// where the agent works). A confirmation needs an explicit key, y or
// ctrl+y, never enter: irreversible actions (submit, approve, reject,
// cancel) are not one stray enter away. A dialog with text fields moves
// through them with enter and confirms with enter on the last one.

type dialogResult int

const (
	dialogOpen dialogResult = iota // still open
	dialogYes                      // confirmed
	dialogNo                       // closed without acting
)

type dialogKeys struct {
	Yes, No, Next, Prev, Submit key.Binding
}

type dialog struct {
	sh    *shared
	keys  dialogKeys
	title string
	body  []string // translated, printable (safe) lines

	labels  []string
	inputs  []textinput.Model
	focus   int
	errText string
	busy    bool // the service is checking what was typed
}

// newConfirm is a yes/no dialog; yes is what the explicit key does.
func newConfirm(sh *shared, title string, body []string, yes string) *dialog {
	d := &dialog{sh: sh, title: title, body: body}
	c := sh.cat
	d.keys = dialogKeys{
		Yes: key.NewBinding(key.WithKeys("y", "ctrl+y"), key.WithHelp("y/ctrl+y", yes)),
		No:  key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc", c.T("tui.key.dialog_back"))),
	}
	return d
}

// newInputDialog is a dialog with text fields; submit is what enter on the
// last one does.
func newInputDialog(sh *shared, title string, body []string, submit string, fields ...inputSpec) *dialog {
	d := &dialog{sh: sh, title: title, body: body}
	c := sh.cat
	d.keys = dialogKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", submit)),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", c.T("tui.key.next_field"))),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", c.T("tui.key.prev_field"))),
		No:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("tui.key.dialog_back"))),
	}
	for _, f := range fields {
		in := textinput.New()
		in.Prompt = "› "
		in.CharLimit = f.limit
		in.Placeholder = f.placeholder
		if f.secret {
			in.EchoMode = textinput.EchoPassword
			in.EchoCharacter = '•'
		}
		in.SetStyles(sh.styles.Input)
		d.labels = append(d.labels, f.label)
		d.inputs = append(d.inputs, in)
	}
	d.setFocus(0)
	return d
}

// inputSpec describes one text field of a dialog.
type inputSpec struct {
	label, placeholder string
	limit              int
	secret             bool
}

func (d *dialog) typingText() bool { return len(d.inputs) > 0 }

func (d *dialog) applyStyles() {
	for i := range d.inputs {
		d.inputs[i].SetStyles(d.sh.styles.Input)
	}
}

func (d *dialog) setFocus(i int) {
	if len(d.inputs) == 0 {
		return
	}
	d.focus = (i + len(d.inputs)) % len(d.inputs)
	for j := range d.inputs {
		d.inputs[j].Blur()
	}
	d.inputs[d.focus].Focus()
}

func (d *dialog) value(i int) string { return d.inputs[i].Value() }

// fail shows an error in the dialog and puts the focus on field i (-1
// keeps it).
func (d *dialog) fail(text string, field int) {
	d.busy, d.errText = false, text
	if field >= 0 {
		d.setFocus(field)
	}
}

func (d *dialog) Keys() help.KeyMap {
	k := d.keys
	if len(d.inputs) == 0 {
		return keyMap{short: []key.Binding{k.Yes, k.No}, full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return keyMap{short: []key.Binding{k.Submit, k.Next, k.No}, full: [][]key.Binding{{k.Submit, k.Next, k.Prev, k.No}}}
}

// update handles a key or a paste.
func (d *dialog) update(msg tea.Msg) (dialogResult, tea.Cmd) {
	if d.busy {
		return dialogOpen, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.No):
			return dialogNo, nil
		case len(d.inputs) == 0:
			if key.Matches(k, d.keys.Yes) {
				return dialogYes, nil
			}
			return dialogOpen, nil
		case key.Matches(k, d.keys.Submit):
			if d.focus < len(d.inputs)-1 {
				d.setFocus(d.focus + 1)
				return dialogOpen, nil
			}
			return dialogYes, nil
		case key.Matches(k, d.keys.Next):
			d.setFocus(d.focus + 1)
			return dialogOpen, nil
		case key.Matches(k, d.keys.Prev):
			d.setFocus(d.focus - 1)
			return dialogOpen, nil
		}
	}
	if len(d.inputs) == 0 {
		return dialogOpen, nil
	}
	var cmd tea.Cmd
	d.inputs[d.focus], cmd = d.inputs[d.focus].Update(msg)
	return dialogOpen, cmd
}

// box renders the dialog for a screen of width w.
func (d *dialog) box(w int) string {
	st, c := d.sh.styles, d.sh.cat
	bw := min(w, 64)
	inner := max(bw-st.Dialog.GetHorizontalFrameSize(), 1)
	wrap := lipgloss.NewStyle().Width(inner)
	lines := []string{st.Section.Render(clip(d.title, inner))}
	for _, l := range d.body {
		lines = append(lines, wrap.Render(l))
	}
	if len(d.inputs) > 0 {
		lines = append(lines, "")
		lw := 0
		for _, l := range d.labels {
			lw = max(lw, ansi.StringWidth(l))
		}
		lw = min(lw+2, inner/2)
		for i := range d.inputs {
			d.inputs[i].SetWidth(max(inner-lw-3, 4))
			lines = append(lines, st.Label.Render(pad(d.labels[i], lw))+d.inputs[i].View())
		}
	}
	switch {
	case d.busy:
		lines = append(lines, "", st.Muted.Render(c.T("tui.dialog.checking")))
	case d.errText != "":
		lines = append(lines, "", st.Error.Render(wrap.Render(d.errText)))
	}
	keys := d.Keys().ShortHelp()
	var hints []string
	for _, k := range keys {
		hints = append(hints, k.Help().Key+" "+k.Help().Desc)
	}
	lines = append(lines, "", st.Muted.Render(wrap.Render(strings.Join(hints, " · "))))
	return st.Dialog.Width(bw).Render(strings.Join(lines, "\n"))
}

// overlay draws box over the middle of body (w×h), on a band of its own:
// the body's lines under the box are blanked, so that no word of the screen
// is cut by the box's frame and right-to-left text never shares a line
// with it.
func overlay(body, box string, w, h int) string {
	lines := fitLines(body, w, h)
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	x, y := max((w-bw)/2, 0), max((h-bh)/2, 0)
	for i := y; i < min(y+bh, len(lines)); i++ {
		lines[i] = ""
	}
	c := lipgloss.NewCanvas(w, h)
	c.Compose(lipgloss.NewCompositor(lipgloss.NewLayer(strings.Join(lines, "\n")), lipgloss.NewLayer(box).X(x).Y(y).Z(1)))
	return c.Render()
}
