package tui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// OpenMemberMsg asks the root to open a member's file.
type OpenMemberMsg struct{ ID int64 }

// lookupResultMsg answers the lookup request req. Only the answer to the
// newest request is shown: a debounced search-as-you-type (next issue)
// sends a request per pause in typing and relies on that.
type lookupResultMsg struct {
	req   uint64
	query string
	res   service.LookupResult
	err   error
}

type lookupState int

const (
	lookupIdle lookupState = iota
	lookupSearching
	lookupFound
	lookupNone
	lookupFailed
)

type lookupKeys struct {
	Search, Open, Switch, Clear, ToField, NewLookup key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom         key.Binding
}

func newLookupKeys(sh *shared) lookupKeys {
	c := sh.cat
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, c.T(desc)))
	}
	return lookupKeys{
		Search:    b([]string{"enter"}, "enter", "tui.key.look_up"),
		Open:      b([]string{"enter"}, "enter", "tui.key.open_member"),
		Switch:    b([]string{"tab", "shift+tab"}, "tab", "tui.key.switch_results"),
		Clear:     b([]string{"esc"}, "esc", "tui.key.clear_field"),
		ToField:   b([]string{"esc"}, "esc", "tui.key.to_field"),
		NewLookup: b([]string{"f2"}, "F2", "tui.key.new_lookup"),
		Up:        b([]string{"up"}, "↑", "tui.key.up"),
		Down:      b([]string{"down"}, "↓", "tui.key.down"),
		PageUp:    b([]string{"pgup"}, "PgUp", "tui.key.page_up"),
		PageDown:  b([]string{"pgdown"}, "PgDn", "tui.key.page_down"),
		Top:       b([]string{"home"}, "Home", "tui.key.top"),
		Bottom:    b([]string{"end"}, "End", "tui.key.bottom"),
	}
}

// lookupScreen finds members by identifier and lists homonyms.
type lookupScreen struct {
	sh   *shared
	keys lookupKeys

	input   textinput.Model
	table   table.Model
	ids     []int64 // member id of each table row
	inTable bool

	pending uint64 // the lookup awaited; 0 when none
	state   lookupState
	query   string // the query the table shows, sanitised
	errText string
	w, h    int
}

func newLookup(sh *shared) *lookupScreen {
	l := &lookupScreen{sh: sh, keys: newLookupKeys(sh)}
	l.input = textinput.New()
	l.input.Prompt = "› "
	l.input.Placeholder = sh.cat.T("tui.lookup.placeholder")
	l.input.CharLimit = 100
	l.table = table.New(table.WithKeyMap(table.KeyMap{
		LineUp: l.keys.Up, LineDown: l.keys.Down, PageUp: l.keys.PageUp,
		PageDown: l.keys.PageDown, GotoTop: l.keys.Top, GotoBottom: l.keys.Bottom,
	}))
	l.applyStyles()
	l.focusTable(false)
	return l
}

func (l *lookupScreen) Title() string    { return l.sh.cat.T("tui.lookup.title") }
func (l *lookupScreen) typingText() bool { return !l.inTable }

func (l *lookupScreen) applyStyles() {
	l.input.SetStyles(l.sh.styles.Input)
	l.table.SetStyles(l.sh.styles.Table)
}

func (l *lookupScreen) Keys() help.KeyMap {
	k := l.keys
	if l.inTable {
		return keyMap{
			short: []key.Binding{k.Open, k.Up, k.Down, k.ToField},
			full:  [][]key.Binding{{k.Open, k.ToField, k.Switch, k.NewLookup}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}},
		}
	}
	short := []key.Binding{k.Search, k.Clear}
	if len(l.ids) > 0 {
		short = append(short, k.Switch)
	}
	return keyMap{short: short, full: [][]key.Binding{{k.Search, k.Clear, k.Switch, k.NewLookup}}}
}

// lookupHeaderLines stand above the table: hint, field, status, blank.
const lookupHeaderLines = 4

func (l *lookupScreen) SetSize(w, h int) {
	l.w, l.h = w, h
	l.input.SetWidth(max(w-4, 8))
	l.table.SetWidth(w)
	l.table.SetHeight(max(h-lookupHeaderLines, 2))
	c := l.sh.cat
	l.table.SetColumns(flexColumns(w, []table.Column{
		{Title: c.T("tui.lookup.col.regno"), Width: 12},
		{Title: c.T("tui.lookup.col.name")},
		{Title: c.T("tui.lookup.col.birth"), Width: 10},
		{Title: c.T("tui.lookup.col.cin"), Width: 9},
		{Title: c.T("tui.lookup.col.society"), Width: 7},
		{Title: c.T("tui.lookup.col.kind"), Width: 10},
	}))
}

func (l *lookupScreen) focusTable(on bool) {
	l.inTable = on && len(l.ids) > 0
	if l.inTable {
		l.input.Blur()
		l.table.Focus()
	} else {
		l.table.Blur()
		l.input.Focus()
	}
}

func (l *lookupScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		l.applyStyles()
		return l, nil
	case lookupResultMsg:
		if msg.req != l.pending {
			return l, nil // stale: a newer lookup is on its way
		}
		l.pending = 0
		return l, l.show(msg)
	case tea.KeyPressMsg:
		if l.inTable {
			return l, l.tableKey(msg)
		}
		return l, l.fieldKey(msg)
	case tea.PasteMsg:
		if !l.inTable {
			var cmd tea.Cmd
			l.input, cmd = l.input.Update(msg)
			return l, cmd
		}
	}
	return l, nil
}

func (l *lookupScreen) fieldKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, l.keys.Search):
		return l.search(l.input.Value())
	case key.Matches(msg, l.keys.Switch, l.keys.Down) && len(l.ids) > 0:
		l.focusTable(true)
		return nil
	case key.Matches(msg, l.keys.Clear, l.keys.NewLookup):
		l.input.Reset()
		if l.state == lookupFailed {
			l.state, l.errText = lookupIdle, ""
		}
		return nil
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return cmd
}

func (l *lookupScreen) tableKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, l.keys.Open):
		if i := l.table.Cursor(); i >= 0 && i < len(l.ids) {
			return emit(OpenMemberMsg{ID: l.ids[i]})
		}
		return nil
	case key.Matches(msg, l.keys.ToField, l.keys.Switch):
		l.focusTable(false)
		return nil
	case key.Matches(msg, l.keys.NewLookup):
		l.focusTable(false)
		l.input.Reset()
		return nil
	}
	var cmd tea.Cmd
	l.table, cmd = l.table.Update(msg)
	return cmd
}

// search starts a lookup; its answer replaces whatever is shown.
func (l *lookupScreen) search(query string) tea.Cmd {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil
	}
	req := l.sh.nextReq()
	l.pending, l.state, l.errText = req, lookupSearching, ""
	sess, ctx := l.sh.session()
	svc := l.sh.svc
	return func() tea.Msg { return lookUp(ctx, svc, sess, req, query) }
}

func lookUp(ctx context.Context, svc Service, sess service.Session, req uint64, q string) tea.Msg {
	res, err := svc.Lookup(ctx, sess, q)
	return lookupResultMsg{req: req, query: q, res: res, err: err}
}

// show displays an answer: one member opens at once, several fill the
// table, none says so.
func (l *lookupScreen) show(msg lookupResultMsg) tea.Cmd {
	if msg.err != nil {
		l.setRows(nil)
		l.state, l.errText = lookupFailed, l.sh.cat.Error(msg.err)
		if errors.Is(msg.err, context.Canceled) {
			l.state, l.errText = lookupIdle, ""
		}
		return nil
	}
	l.query = safe(msg.query)
	l.setRows(msg.res.Matches)
	switch len(l.ids) {
	case 0:
		l.state = lookupNone
		return nil
	case 1:
		// The field is emptied for the next member at the counter; the
		// row stays listed, to reopen with tab and enter.
		l.state = lookupFound
		l.input.Reset()
		return emit(OpenMemberMsg{ID: l.ids[0]})
	}
	l.state = lookupFound
	l.focusTable(true)
	return nil
}

// setRows is the one place where lookup results become text: every value
// from the service goes through safe here.
func (l *lookupScreen) setRows(matches []service.Match) {
	rows := make([]table.Row, len(matches))
	l.ids = make([]int64, len(matches))
	for i, m := range matches {
		s := m.Member
		l.ids[i] = s.ID
		rows[i] = table.Row{
			safe(s.RegNo),
			safe(strings.TrimSpace(s.FamilyName + " " + s.GivenName)),
			date(s.BirthDate.Time),
			safe(s.MaskedCIN),
			safe(s.SocietyCode),
			l.kindName(m.Kind),
		}
	}
	l.table.SetRows(rows)
	l.table.SetCursor(0)
}

func (l *lookupScreen) kindName(k domain.IdentifierKind) string {
	if key := "tui.kind." + string(k); l.sh.cat.Has(key) {
		return l.sh.cat.T(key)
	}
	return safe(string(k))
}

func (l *lookupScreen) View() string {
	st, c := l.sh.styles, l.sh.cat
	lines := []string{st.Muted.Render(clip(c.T("tui.lookup.hint"), l.w)), l.input.View()}
	switch l.state {
	case lookupSearching:
		lines = append(lines, st.Muted.Render(c.T("tui.lookup.searching")))
	case lookupFailed:
		lines = append(lines, st.Error.Render(lipgloss.NewStyle().Width(l.w).Render(l.errText)))
	case lookupNone:
		lines = append(lines, st.Warn.Render(clip(c.T("tui.lookup.none", l.query), l.w)))
	case lookupFound:
		count := c.T("tui.lookup.count", len(l.ids), l.query)
		if len(l.ids) == 1 {
			count = c.T("tui.lookup.count_one", l.query)
		}
		lines = append(lines, st.Muted.Render(clip(count, l.w)))
	default:
		lines = append(lines, "")
	}
	lines = append(lines, "")
	if len(l.ids) > 0 && l.state != lookupNone {
		lines = append(lines, l.table.View())
	}
	return strings.Join(lines, "\n")
}
