package tui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cnops/guichet/service"
)

// OpenSyncMsg asks the root to open the Sync screen.
type OpenSyncMsg struct{}

// OpenSyncEntryMsg asks the root to show one outbox entry.
type OpenSyncEntryMsg struct{ Entry service.SyncEntry }

// syncService is what the status bar, the Sync screen and the lookup's
// fetch from the centre need of the service layer.
type syncService interface {
	SyncStatus() service.SyncStatus
	SyncEntries(ctx context.Context, sess service.Session) ([]service.SyncEntry, error)
	RetryEntry(ctx context.Context, sess service.Session, id string) error
	DiscardEntry(ctx context.Context, sess service.Session, id, reason string) error
	ResolveConflict(ctx context.Context, sess service.Session, id, reason string) (service.Resolution, error)
	FetchFromCentre(ctx context.Context, sess service.Session, query string) (int64, error)
}

// syncListMsg answers the listing request req.
type syncListMsg struct {
	req  uint64
	list []service.SyncEntry
	err  error
}

// syncHeaderLines stand above the list: the link's state, its last error
// (or a hint), the count. syncFooterLines stand under it: the selected
// entry's reason in full.
const (
	syncHeaderLines = 3
	syncFooterLines = 2
)

// syncScreen lists what waits for the centre: pending entries, those set
// aside (refused or in conflict) with the centre's reason, and those
// discarded lately. Everyone who serves members may look; retrying and
// discarding are a supervisor's, on the entry's own screen.
type syncScreen struct {
	listState
	list []service.SyncEntry
}

func newSyncScreen(sh *shared) (*syncScreen, tea.Cmd) {
	s := &syncScreen{listState: listState{sh: sh, keys: newListScreenKeys(sh, "tui.key.open_entry")}}
	return s, s.load()
}

func (s *syncScreen) Title() string { return s.sh.cat.T("tui.sync.title") }

func (s *syncScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}

// resume reloads the list when the screen shows again (an entry may have
// been retried, discarded or delivered meanwhile).
func (s *syncScreen) resume() tea.Cmd { return s.load() }

// The cells of a row.
const (
	scKind = iota
	scMember
	scAge
	scTries
	scState
	scReason
)

func (s *syncScreen) layout() {
	col := s.column
	s.table.cols = fitColumns(s.w, []column{
		scKind:   col("tui.sync.col.kind", s.kindWidth()),
		scMember: col("tui.sync.col.member", 20),
		scAge:    col("tui.sync.col.age", 6),
		scTries:  col("tui.sync.col.tries", 5),
		scState:  col("tui.sync.col.state", 10),
		scReason: col("tui.sync.col.reason", 0),
	}, scReason, 16, 60, scTries, scAge)
	s.table.setHeight(s.h - syncHeaderLines - 1 - syncFooterLines)
}

// kindWidth is 13 cells on a narrow screen; a wide one gives the kind
// column what its longest label in the list needs (up to 28), so that
// "Address request" is not cut where there is room.
func (s *syncScreen) kindWidth() int {
	const narrow, widest = 13, 28
	if s.w < 120 {
		return narrow
	}
	w := narrow
	for _, e := range s.list {
		w = max(w, min(lipgloss.Width(entryKind(s.sh, e)), widest))
	}
	return w
}

func (s *syncScreen) load() tea.Cmd {
	req := s.start(s.sh)
	return loadEntries(s.sh, req)
}

// loadEntries lists the queue for the Sync screens: the one place where
// entries arrive, so every text of theirs goes through safe here.
func loadEntries(sh *shared, req uint64) tea.Cmd {
	sess, ctx := sh.session()
	svc := sh.svc
	return func() tea.Msg {
		list, err := svc.SyncEntries(ctx, sess)
		for i := range list {
			list[i] = safeEntry(list[i])
		}
		return syncListMsg{req: req, list: list, err: err}
	}
}

func (s *syncScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if msg, ok := msg.(syncListMsg); ok {
		if s.answered(s.sh, msg.req, msg.err) {
			s.setRows(msg.list)
		}
		return s, nil
	}
	reload := func() tea.Cmd { return tea.Batch(s.load(), emit(SyncChangedMsg{})) }
	open := func(i int) tea.Cmd { return emit(OpenSyncEntryMsg{Entry: s.list[i]}) }
	return s, s.handle(msg, syncHeaderLines, len(s.list), reload, open)
}

// setRows puts the entries in the table; the cursor stays on the entry it
// was on when it is still listed.
func (s *syncScreen) setRows(list []service.SyncEntry) {
	var was string
	if i := s.selected(len(s.list)); i >= 0 {
		was = s.list[i].ID
	}
	s.list = list
	rows := make([][]string, len(list))
	cursor := 0
	for i, e := range list {
		rows[i] = []string{
			scKind:   entryKind(s.sh, e),
			scMember: entryWho(s.sh, e),
			scAge:    s.sh.age(e.CreatedAt),
			scTries:  strconv.Itoa(e.Attempts),
			scState:  entryState(s.sh, e),
			scReason: entryReason(s.sh, e),
		}
		if e.ID == was {
			cursor = i
		}
	}
	s.showRows(rows, cursor)
	s.layout()
}

func (s *syncScreen) View() string {
	st, c := s.sh.styles, s.sh.cat
	lines := []string{clip(linkLine(s.sh), s.w), syncHintLine(s.sh, s.w)}
	switch status := s.statusLine(s.sh, s.w, "tui.sync.loading"); {
	case status != "":
		lines = append(lines, status)
	case len(s.list) == 0:
		lines = append(lines, st.OK.Render(clip(c.T("tui.sync.empty"), s.w)))
	default:
		lines = append(lines, st.Value.Render(clip(countLine(s.sh, s.list), s.w)))
	}
	if !s.loaded || len(s.list) == 0 {
		return strings.Join(lines, "\n")
	}
	lines = append(lines, s.table.view(st))
	if i := s.selected(len(s.list)); i >= 0 {
		row := s.table.rows[i]
		text := row[scMember] + " · " + row[scReason]
		wrapped := strings.Split(lipgloss.NewStyle().Width(max(s.w-2, 1)).Render(text), "\n")
		for j := 0; j < len(wrapped) && j < syncFooterLines; j++ {
			lead := "  "
			if j == 0 {
				lead = "▸ "
			}
			lines = append(lines, st.Value.Render(clip(lead+strings.TrimRight(wrapped[j], " "), s.w)))
		}
	}
	return strings.Join(lines, "\n")
}
