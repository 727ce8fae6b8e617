package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/service"
)

// OpenMemberMsg asks the root to open a member's file.
type OpenMemberMsg struct{ ID int64 }

type lookupState int

const (
	lookupIdle   lookupState = iota
	lookupHint               // the query cannot run yet: a hint, nothing was searched
	lookupFound              // the list shows the answer
	lookupNone               // the answer is empty
	lookupFailed             // the search failed
)

// lookupFocus is where the keys go: the query field, a filter field or
// the results list.
type lookupFocus int

const (
	focusQuery lookupFocus = iota
	focusBorn
	focusCity
	focusSociety
	focusTable
)

// The homonym filters of the filter bar, in its order.
const (
	filterBorn = iota
	filterCity
	filterSociety
	filterCount
)

// doubleClick is the longest pause between the two clicks of a double click.
const doubleClick = 500 * time.Millisecond

type lookupKeys struct {
	Search, Open, Switch, Clear, ToField, NewLookup, Filters key.Binding
	MyRequests, Queue, Sync, Fetch                           key.Binding
	listKeys
}

func newLookupKeys(sh *shared) lookupKeys {
	b := sh.bind
	return lookupKeys{
		Search:     b("search_now", "tui.key.search_now"),
		Open:       b("open_member", "tui.key.open_member"),
		Switch:     b("switch_results", "tui.key.switch_results"),
		Clear:      b("clear_field", "tui.key.clear_field"),
		ToField:    b("to_field", "tui.key.to_field"),
		NewLookup:  b("new_lookup", "tui.key.new_lookup"),
		Filters:    b("filters", "tui.key.filters"),
		MyRequests: b("my_requests", "tui.key.my_requests"),
		Queue:      b("queue", "tui.key.queue"),
		Sync:       b("sync", "tui.key.sync"),
		Fetch:      b("fetch", "tui.key.fetch"),
		listKeys:   newListKeys(sh),
	}
}

// lookupScreen finds members as the agent types: by name (with homonym
// filters) or by identifier. Searches run when typing pauses or on enter;
// the answer of an older query is never shown.
type lookupScreen struct {
	sh   *shared
	keys lookupKeys

	input       textinput.Model
	filters     [filterCount]textinput.Model // birth year or date, city, society
	showFilters bool
	focus       lookupFocus
	table       rowTable

	gen     uint64        // debounce generation: only the newest tick searches
	pending uint64        // the search awaited; 0 when none
	awaited searchRequest // what it asked
	onEnter bool          // enter asked for it: act on its answer

	shown   searchRequest        // what the list answers
	res     service.SearchResult // the answer shown
	state   lookupState
	message string // the hint or the error, translated

	clickAt  time.Time // the last click on a row, for double clicks
	clickRow int

	fetch lookupFetch // asking the centre for a member not found here

	w, h int
}

func newLookup(sh *shared) *lookupScreen {
	l := &lookupScreen{sh: sh, keys: newLookupKeys(sh)}
	l.input = textinput.New()
	l.input.Prompt = "› "
	l.input.Placeholder = sh.cat.T("tui.lookup.placeholder")
	l.input.CharLimit = 100
	for i, p := range []struct {
		key   string
		limit int
	}{{"tui.filter.born_placeholder", 10}, {"tui.filter.city_placeholder", 30}, {"tui.filter.society_placeholder", 10}} {
		f := textinput.New()
		f.Prompt = "› "
		f.Placeholder = sh.cat.T(p.key)
		f.CharLimit = p.limit
		l.filters[i] = f
	}
	l.applyStyles()
	l.setFocus(focusQuery)
	return l
}

func (l *lookupScreen) Title() string    { return l.sh.cat.T("tui.lookup.title") }
func (l *lookupScreen) typingText() bool { return l.focus != focusTable }

func (l *lookupScreen) applyStyles() {
	l.input.SetStyles(l.sh.styles.Input)
	for i := range l.filters {
		l.filters[i].SetStyles(l.sh.styles.Input)
	}
}

func (l *lookupScreen) Keys() help.KeyMap {
	k := l.keys
	queue := k.Queue
	queue.SetEnabled(l.sh.canDecide()) // hidden for agents; the service checks anyway
	fetch := k.Fetch
	fetch.SetEnabled(l.fetchOffered())
	requests := []key.Binding{k.MyRequests, queue, k.Sync}
	if l.focus == focusTable {
		return keyMap{
			short: []key.Binding{k.Open, k.Up, k.Down, k.ToField, k.Filters},
			full: [][]key.Binding{{k.Open, k.ToField, k.Switch, k.NewLookup, k.Filters},
				{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, requests},
		}
	}
	short := []key.Binding{fetch, k.Search, k.Clear, k.Filters}
	if l.listShown() {
		short = append(short, k.Switch)
	}
	short = append(short, requests...)
	if l.sh.sync.SetAside > 0 { // entries need a look: their key leads the line
		short = append([]key.Binding{k.Sync}, short[:len(short)-1]...)
	}
	return keyMap{short: short, full: [][]key.Binding{{k.Search, k.Clear, k.Switch, k.NewLookup, k.Filters, fetch}, requests}}
}

// requestsKey opens "My requests" or, for a supervisor, the approval
// queue; or the Sync screen.
func (l *lookupScreen) requestsKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, l.keys.MyRequests):
		return emit(OpenRequestsMsg{}), true
	case key.Matches(msg, l.keys.Queue) && l.sh.canDecide():
		return emit(OpenRequestsMsg{Queue: true}), true
	case key.Matches(msg, l.keys.Sync):
		return emit(OpenSyncMsg{}), true
	}
	return nil, false
}

func (l *lookupScreen) SetSize(w, h int) {
	l.w, l.h = w, h
	l.input.SetWidth(max(w-4, 8))
	for i, fw := range l.filterWidths() {
		l.filters[i].SetWidth(fw)
	}
	l.layoutTable()
}

// setFocus moves the keys to a field or to the list (only when it shows
// rows).
func (l *lookupScreen) setFocus(f lookupFocus) {
	if f == focusTable && !l.listShown() {
		f = focusQuery
	}
	if f >= focusBorn && f <= focusSociety && !l.showFilters {
		f = focusQuery
	}
	l.focus = f
	l.input.Blur()
	for i := range l.filters {
		l.filters[i].Blur()
	}
	if in := l.focusedInput(); in != nil {
		in.Focus()
	}
}

// focusedInput is the text field with the focus, nil in the list.
func (l *lookupScreen) focusedInput() *textinput.Model {
	switch l.focus {
	case focusQuery:
		return &l.input
	case focusBorn, focusCity, focusSociety:
		return &l.filters[l.focus-focusBorn]
	}
	return nil
}

// cycle moves the focus to the next (or previous) place: query, the
// filters when shown, the list when it has rows.
func (l *lookupScreen) cycle(back bool) {
	order := []lookupFocus{focusQuery}
	if l.showFilters {
		order = append(order, focusBorn, focusCity, focusSociety)
	}
	if l.listShown() {
		order = append(order, focusTable)
	}
	i := 0
	for j, f := range order {
		if f == l.focus {
			i = j
		}
	}
	step := 1
	if back {
		step = len(order) - 1
	}
	l.setFocus(order[(i+step)%len(order)])
}

func (l *lookupScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		l.applyStyles()
	case searchTickMsg:
		if msg.gen == l.gen {
			return l, l.search(false)
		}
	case searchResultMsg:
		if msg.req != l.pending {
			return l, nil // stale: the query changed since it was asked
		}
		l.pending = 0
		return l, l.show(msg)
	case fetchResultMsg:
		return l, l.fetched(msg)
	case tea.KeyPressMsg:
		if l.focus == focusTable {
			return l, l.tableKey(msg)
		}
		return l, l.fieldKey(msg)
	case tea.PasteMsg:
		if l.focus != focusTable {
			return l, l.edit(msg)
		}
	case tea.MouseClickMsg:
		return l, l.click(msg.Mouse())
	case tea.MouseWheelMsg:
		l.wheel(msg.Mouse())
	}
	return l, nil
}

func (l *lookupScreen) fieldKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := l.requestsKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, l.keys.Fetch) && l.fetchOffered():
		return l.askCentre()
	case key.Matches(msg, l.keys.Search):
		return l.enter()
	case key.Matches(msg, l.keys.Filters):
		return l.toggleFilters()
	case key.Matches(msg, l.keys.Switch):
		l.cycle(msg.String() == "shift+tab")
		return nil
	case key.Matches(msg, l.keys.Down) && l.listShown():
		l.setFocus(focusTable)
		return nil
	case key.Matches(msg, l.keys.NewLookup):
		l.newLookup()
		return nil
	case key.Matches(msg, l.keys.Clear):
		in := l.focusedInput()
		if in.Value() == "" {
			l.setFocus(focusQuery) // esc in an empty filter goes back to the query
			return nil
		}
		in.Reset()
		return l.edited()
	}
	return l.edit(msg)
}

// edit gives a key or a paste to the focused field; a change of text
// schedules a search.
func (l *lookupScreen) edit(msg tea.Msg) tea.Cmd {
	in := l.focusedInput()
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if in.Value() == before {
		return cmd
	}
	return tea.Batch(cmd, l.edited())
}

func (l *lookupScreen) tableKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := l.requestsKey(msg); ok {
		return cmd
	}
	k := l.keys
	switch {
	case key.Matches(msg, k.Open):
		return l.open()
	case key.Matches(msg, k.ToField):
		l.setFocus(focusQuery)
	case key.Matches(msg, k.Switch):
		l.cycle(msg.String() == "shift+tab")
	case key.Matches(msg, k.NewLookup):
		l.newLookup()
	case key.Matches(msg, k.Filters):
		return l.toggleFilters()
	case key.Matches(msg, k.Up) && l.table.cursor == 0:
		l.setFocus(focusQuery)
	case k.moveTable(msg, &l.table):
	case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		// Typing in the list goes on in the query field.
		l.setFocus(focusQuery)
		return l.edit(msg)
	}
	return nil
}
