package tui

import (
	"image/color"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Theme is the ui.theme setting: which colours the console uses.
type Theme string

// The themes: ThemeAuto (or "") follows the terminal's background.
const (
	ThemeAuto  Theme = "auto"
	ThemeLight Theme = "light"
	ThemeDark  Theme = "dark"
)

// look is what the styles are built from: the setting, and what the
// terminal said of its background and of the colours it shows.
type look struct {
	theme         Theme
	terminalLight bool // the terminal reported a light background (dark until it does)
	mono          bool // no colours: NO_COLOR, or a terminal without any
}

// dark reports whether the dark palette applies.
func (l look) dark() bool {
	switch l.theme {
	case ThemeLight:
		return false
	case ThemeDark:
		return true
	}
	return !l.terminalLight
}

func (l look) styles() Styles {
	if l.mono {
		return newMonoStyles(l.dark())
	}
	return NewStyles(l.dark())
}

// setLook builds the styles for l; screens pick them up when they get a
// tea.BackgroundColorMsg (see onLook).
func (m *Model) setLook(l look) {
	m.look = l
	m.sh.styles = l.styles()
	m.help.Styles = m.sh.styles.Help
}

// onLook takes in what the terminal tells about itself: its background
// (tea.RequestBackgroundColor, asked in Init) and its colour profile
// (sent by Bubble Tea at start; Ascii under NO_COLOR). The styles are
// rebuilt, and every screen of the stack is sent a background colour
// message that matches the theme in force, on which it restyles.
func (m *Model) onLook(msg tea.Msg) tea.Cmd {
	l := m.look
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		l.terminalLight = msg.Color != nil && !msg.IsDark()
	case tea.ColorProfileMsg:
		l.mono = msg.Profile == colorprofile.ASCII || msg.Profile == colorprofile.NoTTY
	}
	m.setLook(l)
	var bg color.Color = color.White
	if l.dark() {
		bg = color.Black
	}
	return m.broadcast(tea.BackgroundColorMsg{Color: bg})
}
