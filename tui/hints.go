package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The first-run hint: the title bar says how to reach every action (the
// palette) and the help until someone opens either once on this device.
// The device remembers it in its database (service.MarkHintsSeen), so a
// counter's second agent is not told again.

// hintStore is what the hint needs of the service; *service.Service has
// it. A service without it shows no hint.
type hintStore interface {
	HintsSeen(ctx context.Context) (bool, error)
	MarkHintsSeen(ctx context.Context) error
}

// hintsReadMsg says whether this device's hint was read already.
type hintsReadMsg struct{ seen bool }

// hintsMarkedMsg answers the write; its error is not worth a notice (the
// hint shows again next time, no more).
type hintsMarkedMsg struct{}

// readHints asks the service whether the hint is still due.
func (m *Model) readHints() tea.Cmd {
	hs, ok := m.sh.svc.(hintStore)
	if !ok {
		return nil
	}
	ctx := m.sh.ctx
	return func() tea.Msg {
		seen, err := hs.HintsSeen(ctx)
		return hintsReadMsg{seen: seen || err != nil} // unreadable: say nothing
	}
}

// hintsUsed ends the hint once the palette or the help was opened.
func (m *Model) hintsUsed() tea.Cmd {
	if !m.hint {
		return nil
	}
	m.hint = false
	hs, ok := m.sh.svc.(hintStore)
	if !ok {
		return nil
	}
	ctx := m.sh.ctx
	return func() tea.Msg {
		_ = hs.MarkHintsSeen(ctx)
		return hintsMarkedMsg{}
	}
}

// hintText is the hint with the configured keys, "" when it is not due.
func (m *Model) hintText() string {
	if !m.hint {
		return ""
	}
	k := m.sh.keys
	return m.sh.cat.T("tui.hint.first_run", k.Palette.Help().Key, k.Help.Help().Key)
}

// withHint puts the hint at the right of the title bar when it fits
// beside the title (w cells in all).
func (m *Model) withHint(title string, w int) string {
	hint := m.hintText()
	gap := w - ansi.StringWidth(title) - ansi.StringWidth(hint)
	if hint == "" || gap < 2 {
		return title
	}
	return title + m.sh.styles.Muted.Render(pad("", gap)+hint)
}
