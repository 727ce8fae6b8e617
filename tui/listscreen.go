package tui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listScreenKeys are the keys of a screen that lists things to open: the
// Sync screen, the approval queue, "My requests".
type listScreenKeys struct {
	Open, Back, Reload key.Binding
	listKeys
}

// newListScreenKeys words Open with the catalogue key openHelp (what enter
// opens on this screen).
func newListScreenKeys(sh *shared, openHelp string) listScreenKeys {
	b := sh.bind
	return listScreenKeys{
		Open:     b("open", openHelp),
		Back:     b("back", "tui.key.back"),
		Reload:   b("reload", "tui.key.reload"),
		listKeys: newListKeys(sh),
	}
}

func (k listScreenKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Up, k.Down, k.Reload, k.Back}
}

func (k listScreenKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Reload, k.Back}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

// listing follows the loading of a screen's list: the request awaited,
// whether a list came, the last failure (translated and safe).
type listing struct {
	loaded  bool
	pending uint64
	errText string
}

// start makes a new request the one awaited and returns its id.
func (l *listing) start(sh *shared) uint64 {
	l.pending = sh.nextReq()
	return l.pending
}

// answered takes the answer to request req and reports whether its list
// is to be shown (see takeAnswer).
func (l *listing) answered(sh *shared, req uint64, err error) bool {
	if !takeAnswer(sh, &l.pending, req, err, &l.errText) {
		return false
	}
	l.errText, l.loaded = "", true
	return true
}

// takeAnswer takes the answer to request req, *pending being the one
// awaited, and reports whether it is to be used: not when an older request
// answers late, nor when it failed (*errText then says why, translated and
// safe, unless the request was cancelled).
func takeAnswer(sh *shared, pending *uint64, req uint64, err error, errText *string) bool {
	if req != *pending {
		return false
	}
	*pending = 0
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			*errText = safe(sh.cat.Error(err))
		}
		return false
	}
	return true
}

// statusLine is the line that stands for the list while there is none to
// show: the failure, or that the list is on its way (loadingKey); "" once
// it came.
func (l *listing) statusLine(sh *shared, w int, loadingKey string) string {
	switch {
	case l.errText != "":
		return sh.styles.Error.Render(clip(l.errText, w))
	case !l.loaded:
		return sh.styles.Muted.Render(clip(sh.cat.T(loadingKey), w))
	}
	return ""
}

// listState is what a list screen with a rowTable keeps besides its items.
// The screens embed it and keep only their columns, rows and texts.
type listState struct {
	sh   *shared
	keys listScreenKeys
	listing

	table rowTable
	w, h  int

	clickAt  time.Time // the last click on a row, for double clicks
	clickRow int
}

func (l *listState) Keys() help.KeyMap { return l.keys }

// column is a column of the table titled with the catalogue key title.
func (l *listState) column(title string, width int) column {
	return column{title: l.sh.cat.T(title), width: width}
}

// selected is the row under the cursor among n items, or -1.
func (l *listState) selected(n int) int {
	if i := l.table.cursor; i >= 0 && i < n {
		return i
	}
	return -1
}

// showRows puts rows in the table; cursor is the row the cursor was on
// (the same item), kept in view.
func (l *listState) showRows(rows [][]string, cursor int) {
	l.table.setRows(rows)
	l.clickAt = time.Time{} // a click on the old list starts no double click
	l.table.cursor = cursor
	l.table.follow()
}

// handle does what every list screen does with the mouse and the keys:
// header is the number of lines above the table, n the number of items;
// reload lists again, open opens item i (enter, or a double click, as on
// the lookup). Other messages are the screen's.
func (l *listState) handle(msg tea.Msg, header, n int, reload func() tea.Cmd, open func(i int) tea.Cmd) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			l.table.scroll(-3)
		case tea.MouseWheelDown:
			l.table.scroll(3)
		}
	case tea.MouseClickMsg:
		if i := l.table.rowAt(msg.Mouse().Y - header); i >= 0 && msg.Mouse().Button == tea.MouseLeft {
			now := l.sh.now()
			double := i == l.clickRow && !l.clickAt.IsZero() && now.Sub(l.clickAt) <= doubleClick
			l.table.cursor = i
			l.table.follow()
			l.clickAt, l.clickRow = now, i
			if double && i < n {
				l.clickAt = time.Time{}
				return open(i)
			}
		}
	case tea.KeyPressMsg:
		k := l.keys
		switch {
		case key.Matches(msg, k.Back):
			return emit(BackMsg{})
		case key.Matches(msg, k.Reload):
			return reload()
		case key.Matches(msg, k.Open):
			if i := l.selected(n); i >= 0 {
				return open(i)
			}
		default:
			k.moveTable(msg, &l.table)
		}
	}
	return nil
}
