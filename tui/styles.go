package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles is the console's semantic theme. Screens use these names, never
// colours; NewStyles builds them for a light or a dark background.
type Styles struct {
	IsDark bool

	App     lipgloss.Style // title bar
	Title   lipgloss.Style // a screen's main heading (a member's name)
	Section lipgloss.Style // section headings
	Label   lipgloss.Style
	Value   lipgloss.Style
	Muted   lipgloss.Style
	OK      lipgloss.Style // verified, covered
	Warn    lipgloss.Style // not verified, over the limit
	Error   lipgloss.Style
	Box     lipgloss.Style // framed panels: sign-in form, help overlay
	Dialog  lipgloss.Style // a dialog over a screen (confirmations, second sign-in)
	Changed lipgloss.Style // a line of the new address that differs from the old
	Badge   lipgloss.Style // "change pending" on a member file
	Ref     lipgloss.Style // a request's human reference, shown to be copied
	Focus   lipgloss.Style // the focused tick box, the chosen suggestion

	Status       lipgloss.Style // status bar background
	StatusUser   lipgloss.Style // who is signed in
	NoticeInfo   lipgloss.Style
	NoticeFailed lipgloss.Style

	Help  help.Styles
	Input textinput.Styles
	Table table.Styles
}

// NewStyles builds the theme for the terminal's background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#005F87"), lipgloss.Color("#5FAFD7"))
	muted := ld(lipgloss.Color("#6C6C6C"), lipgloss.Color("#8A8A8A"))
	okC := ld(lipgloss.Color("#00875F"), lipgloss.Color("#5FD787"))
	warnC := ld(lipgloss.Color("#AF5F00"), lipgloss.Color("#FFAF5F"))
	errC := ld(lipgloss.Color("#AF0000"), lipgloss.Color("#FF5F5F"))
	barBg := ld(lipgloss.Color("#D0D0D0"), lipgloss.Color("#303030"))
	barFg := ld(lipgloss.Color("#1C1C1C"), lipgloss.Color("#E4E4E4"))
	selBg := ld(lipgloss.Color("#D7EAF5"), lipgloss.Color("#1F3A4D"))

	s := Styles{
		IsDark:  isDark,
		App:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Title:   lipgloss.NewStyle().Bold(true),
		Section: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:   lipgloss.NewStyle().Foreground(muted),
		Value:   lipgloss.NewStyle(),
		Muted:   lipgloss.NewStyle().Foreground(muted),
		OK:      lipgloss.NewStyle().Foreground(okC),
		Warn:    lipgloss.NewStyle().Foreground(warnC),
		Error:   lipgloss.NewStyle().Foreground(errC).Bold(true),
		Box: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).
			BorderForeground(accent).Padding(0, 1),
		Dialog: lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).
			BorderForeground(warnC).Padding(0, 1),
		Changed:      lipgloss.NewStyle().Bold(true).Foreground(warnC),
		Badge:        lipgloss.NewStyle().Bold(true).Background(warnC).Foreground(ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000"))),
		Ref:          lipgloss.NewStyle().Bold(true).Foreground(accent),
		Focus:        lipgloss.NewStyle().Bold(true).Background(selBg),
		Status:       lipgloss.NewStyle().Background(barBg).Foreground(barFg),
		StatusUser:   lipgloss.NewStyle().Background(accent).Foreground(ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000"))).Bold(true),
		NoticeInfo:   lipgloss.NewStyle().Background(barBg).Foreground(barFg),
		NoticeFailed: lipgloss.NewStyle().Background(barBg).Foreground(errC).Bold(true),
		Help:         help.DefaultStyles(isDark),
	}
	s.Input = textinput.DefaultStyles(isDark)
	s.Input.Cursor.Blink = false // no blink timer: nothing runs while idle
	s.Input.Focused.Prompt = lipgloss.NewStyle().Foreground(accent)
	s.Table = table.Styles{
		Header:   lipgloss.NewStyle().Bold(true).Foreground(accent).Padding(0, 1),
		Cell:     lipgloss.NewStyle().Padding(0, 1),
		Selected: lipgloss.NewStyle().Bold(true).Background(selBg),
	}
	return s
}
