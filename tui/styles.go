package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Styles is the console's semantic theme. Screens use these names, never
// colours; NewStyles builds them for a light or a dark background, and
// newMonoStyles for a terminal without colours (NO_COLOR).
type Styles struct {
	IsDark bool
	Mono   bool // no colours: meaning rides on bold, reverse and symbols

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

// palette is a theme's colours, one per meaning. Every foreground reads
// on the terminal's background and on the status bar's (theme_test.go
// holds them to WCAG AA contrast).
type palette struct {
	accent, muted, ok, warn, err color.Color
	barBg, barFg                 color.Color // the status bar
	selBg                        color.Color // the focused row or field, under the terminal's own text colour
	onAccent                     color.Color // text on an accent or warning background
}

var (
	lightPalette = palette{
		accent: lipgloss.Color("#005F87"), muted: lipgloss.Color("#585858"),
		ok: lipgloss.Color("#006644"), warn: lipgloss.Color("#804600"), err: lipgloss.Color("#AF0000"),
		barBg: lipgloss.Color("#E4E4E4"), barFg: lipgloss.Color("#1C1C1C"),
		selBg: lipgloss.Color("#D7EAF5"), onAccent: lipgloss.Color("#FFFFFF"),
	}
	darkPalette = palette{
		accent: lipgloss.Color("#5FAFD7"), muted: lipgloss.Color("#9E9E9E"),
		ok: lipgloss.Color("#5FD787"), warn: lipgloss.Color("#FFAF5F"), err: lipgloss.Color("#FF8787"),
		barBg: lipgloss.Color("#303030"), barFg: lipgloss.Color("#E4E4E4"),
		selBg: lipgloss.Color("#1F3A4D"), onAccent: lipgloss.Color("#000000"),
	}
	// monoPalette has no colour at all (lipgloss.NoColor renders nothing).
	noColour    = lipgloss.NoColor{}
	monoPalette = palette{accent: noColour, muted: noColour, ok: noColour, warn: noColour, err: noColour,
		barBg: noColour, barFg: noColour, selBg: noColour, onAccent: noColour}
)

// NewStyles builds the theme for the terminal's background.
func NewStyles(isDark bool) Styles {
	if isDark {
		return buildStyles(darkPalette, isDark, false)
	}
	return buildStyles(lightPalette, isDark, false)
}

// newMonoStyles is the theme without colours: what a background carried
// (the focused row, the status bar's user, the pending badge) is shown in
// reverse video, and muted text is faint.
func newMonoStyles(isDark bool) Styles {
	s := buildStyles(monoPalette, isDark, true)
	s.Muted = s.Muted.Faint(true)
	s.Label = s.Label.Faint(true)
	s.Focus = s.Focus.Reverse(true)
	s.Badge = s.Badge.Reverse(true)
	s.StatusUser = s.StatusUser.Reverse(true)
	s.Table.Selected = s.Table.Selected.Reverse(true)
	s.Help.ShortDesc = s.Help.ShortDesc.Faint(true)
	return s
}

func buildStyles(p palette, isDark, mono bool) Styles {
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{
		IsDark:  isDark,
		Mono:    mono,
		App:     fg(p.accent).Bold(true),
		Title:   lipgloss.NewStyle().Bold(true),
		Section: fg(p.accent).Bold(true),
		Label:   fg(p.muted),
		Value:   lipgloss.NewStyle(),
		Muted:   fg(p.muted),
		OK:      fg(p.ok),
		Warn:    fg(p.warn),
		Error:   fg(p.err).Bold(true),
		Box: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).
			BorderForeground(p.accent).Padding(0, 1),
		Dialog: lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).
			BorderForeground(p.warn).Padding(0, 1),
		Changed:      fg(p.warn).Bold(true),
		Badge:        fg(p.onAccent).Background(p.warn).Bold(true),
		Ref:          fg(p.accent).Bold(true),
		Focus:        lipgloss.NewStyle().Background(p.selBg).Bold(true),
		Status:       fg(p.barFg).Background(p.barBg),
		StatusUser:   fg(p.onAccent).Background(p.accent).Bold(true),
		NoticeInfo:   fg(p.barFg).Background(p.barBg),
		NoticeFailed: fg(p.err).Background(p.barBg).Bold(true),
	}
	// bubbles' own default help and input colours are too faint to read
	// on either background: ours come from the palette.
	key, desc := fg(p.accent).Bold(true), fg(p.muted)
	s.Help = help.Styles{
		ShortKey: key, ShortDesc: desc, ShortSeparator: desc, Ellipsis: desc,
		FullKey: key, FullDesc: lipgloss.NewStyle(), FullSeparator: desc,
	}
	s.Input = textinput.Styles{
		Focused: textinput.StyleState{Prompt: fg(p.accent), Text: lipgloss.NewStyle(),
			Placeholder: fg(p.muted), Suggestion: fg(p.muted)},
		Blurred: textinput.StyleState{Prompt: fg(p.muted), Text: lipgloss.NewStyle(),
			Placeholder: fg(p.muted), Suggestion: fg(p.muted)},
		// no blink timer: nothing runs while idle
		Cursor: textinput.CursorStyle{Color: p.accent, Shape: tea.CursorBlock, Blink: false},
	}
	s.Table = table.Styles{
		Header:   fg(p.accent).Bold(true).Padding(0, 1),
		Cell:     lipgloss.NewStyle().Padding(0, 1),
		Selected: lipgloss.NewStyle().Background(p.selBg).Bold(true),
	}
	return s
}
