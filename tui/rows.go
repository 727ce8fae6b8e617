package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// column is one column of a rowTable: a title and a width in cells.
type column struct {
	title string
	width int
	cell  int // the index of its cell in a row
}

// rowTable is a list of text rows under a header line, with a cursor and a
// scroll offset that keeps the cursor in view. Unlike bubbles' table it
// says which row is drawn on which line, which the mouse needs.
type rowTable struct {
	cols   []column
	rows   [][]string
	cursor int
	offset int // the first row shown
	height int // rows shown, the header line excluded
}

// setRows replaces the rows; the cursor goes back to the first one.
func (t *rowTable) setRows(rows [][]string) {
	t.rows, t.cursor, t.offset = rows, 0, 0
}

func (t *rowTable) setHeight(h int) {
	t.height = max(h, 1)
	t.follow()
}

// move moves the cursor by n rows (negative: up) and scrolls to keep it in
// view.
func (t *rowTable) move(n int) {
	if len(t.rows) == 0 {
		return
	}
	t.cursor = min(max(t.cursor+n, 0), len(t.rows)-1)
	t.follow()
}

func (t *rowTable) top()    { t.move(-len(t.rows)) }
func (t *rowTable) bottom() { t.move(len(t.rows)) }

// follow scrolls so that the cursor is in view.
func (t *rowTable) follow() {
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = min(max(t.offset, 0), max(len(t.rows)-t.height, 0))
}

// scroll moves the view by n rows (the mouse wheel); the cursor stays on
// a row in view.
func (t *rowTable) scroll(n int) {
	if len(t.rows) == 0 {
		return
	}
	t.offset = min(max(t.offset+n, 0), max(len(t.rows)-t.height, 0))
	t.cursor = min(max(t.cursor, t.offset), min(t.offset+t.height, len(t.rows))-1)
}

// rowAt returns the row drawn on line y of the view (0 is the header), or
// -1 when no row is drawn there.
func (t *rowTable) rowAt(y int) int {
	i := t.offset + y - 1
	if y < 1 || y > t.height || i >= len(t.rows) {
		return -1
	}
	return i
}

func (t *rowTable) line(cells []string) string {
	var b strings.Builder
	for _, c := range t.cols {
		b.WriteByte(' ')
		if c.cell < len(cells) {
			b.WriteString(pad(cells[c.cell], c.width))
		} else {
			b.WriteString(strings.Repeat(" ", c.width))
		}
	}
	return b.String()
}

// view renders the header and the rows in view; the cursor's row is
// highlighted. Cells must already be printable (safe).
func (t *rowTable) view(st Styles) string {
	var titles []string
	for _, c := range t.cols {
		for len(titles) <= c.cell {
			titles = append(titles, "")
		}
		titles[c.cell] = c.title
	}
	header := st.Table.Header.UnsetPadding()
	lines := []string{header.Render(t.line(titles))}
	for i := t.offset; i < len(t.rows) && i < t.offset+t.height; i++ {
		l := t.line(t.rows[i])
		if i == t.cursor {
			l = st.Table.Selected.Render(l)
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// fitColumns sizes cols to width w: the flex column takes what the others
// leave, between minFlex and maxFlex cells; while it would get less than
// minFlex, the columns named in drop are removed, in that order. Each
// column kept knows its index in cols, which is its cell in a row.
func fitColumns(w int, cols []column, flex, minFlex, maxFlex int, drop ...int) []column {
	gone := map[int]bool{}
	rest := func() int { // the flex column's share of w
		r := w
		for i, c := range cols {
			if !gone[i] && i != flex {
				r -= c.width + 1
			}
		}
		return r - 1
	}
	for _, d := range drop {
		if rest() >= minFlex {
			break
		}
		gone[d] = true
	}
	var out []column
	for i, c := range cols {
		if gone[i] {
			continue
		}
		if i == flex {
			c.width = min(max(rest(), minFlex), maxFlex)
		}
		c.title = ansi.Truncate(c.title, c.width, "…")
		c.cell = i
		out = append(out, c)
	}
	return out
}
