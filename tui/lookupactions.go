package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// open opens the file of the member under the cursor.
func (l *lookupScreen) open() tea.Cmd {
	if i := l.table.cursor; l.listShown() && i >= 0 && i < len(l.res.Hits) {
		return emit(OpenMemberMsg{ID: l.res.Hits[i].Member.ID})
	}
	return nil
}

// toggleFilters shows or hides the filter bar. The filters apply while
// the bar shows; hidden, they keep their text for the next time.
func (l *lookupScreen) toggleFilters() tea.Cmd {
	l.showFilters = !l.showFilters
	l.layoutTable()
	if l.showFilters {
		l.setFocus(focusBorn)
	} else if l.focus != focusTable {
		l.setFocus(focusQuery)
	}
	if l.filterText() == "" {
		return nil // what is sent does not change
	}
	return l.edited()
}

func (l *lookupScreen) filterText() string {
	var s string
	for _, f := range l.filters {
		s += f.Value()
	}
	return s
}

// newLookup empties the query and the filters for the next member.
func (l *lookupScreen) newLookup() {
	l.input.Reset()
	for i := range l.filters {
		l.filters[i].Reset()
	}
	l.gen++
	l.pending, l.onEnter = 0, false
	l.clear()
	l.setFocus(focusQuery)
}

// click selects the row under the pointer (a double click opens it), or
// focuses the field under it. Coordinates are the screen's own.
func (l *lookupScreen) click(m tea.Mouse) tea.Cmd {
	if m.Button != tea.MouseLeft {
		return nil
	}
	switch {
	case m.Y == 1:
		l.setFocus(focusQuery)
	case l.showFilters && m.Y == 2:
		if f := l.filterAt(m.X); f >= 0 {
			l.setFocus(focusBorn + lookupFocus(f))
		}
	case l.listShown():
		i := l.table.rowAt(m.Y - l.tableTop())
		if i < 0 {
			return nil
		}
		now := l.sh.now()
		double := i == l.clickRow && !l.clickAt.IsZero() && now.Sub(l.clickAt) <= doubleClick
		l.table.cursor = i
		l.table.follow()
		l.setFocus(focusTable)
		if double {
			l.clickAt = time.Time{}
			return l.open()
		}
		l.clickAt, l.clickRow = now, i
	}
	return nil
}

// wheel scrolls the list.
func (l *lookupScreen) wheel(m tea.Mouse) {
	if !l.listShown() {
		return
	}
	switch m.Button {
	case tea.MouseWheelUp:
		l.table.scroll(-3)
	case tea.MouseWheelDown:
		l.table.scroll(3)
	}
}
