package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// OpenRequestsMsg asks the root to open a list of address-change requests:
// the approval queue (supervisors) or the signed-in person's own requests.
type OpenRequestsMsg struct{ Queue bool }

// requestsResultMsg answers the listing request req.
type requestsResultMsg struct {
	req  uint64
	list []service.AddressRequest
	err  error
}

// requestsHeaderLines stand above the list: hint, count.
const requestsHeaderLines = 2

// requestsScreen lists requests: the approval queue (pending, oldest
// first, with their age) or "My requests" (newest first, with their state).
type requestsScreen struct {
	listState
	queue bool
	list  []service.AddressRequest
}

func newRequestsScreen(sh *shared, queue bool) (*requestsScreen, tea.Cmd) {
	s := &requestsScreen{listState: listState{sh: sh, keys: newListScreenKeys(sh, "tui.key.open_request")}, queue: queue}
	return s, s.load()
}

func (s *requestsScreen) Title() string {
	if s.queue {
		return s.sh.cat.T("tui.queue.title")
	}
	return s.sh.cat.T("tui.mine.title")
}

func (s *requestsScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}

// resume reloads the list when the screen shows again (a request may have
// been decided or cancelled meanwhile).
func (s *requestsScreen) resume() tea.Cmd { return s.load() }

// The cells of a row of the queue.
const (
	qcAge = iota
	qcRef
	qcMember
	qcRegNo
	qcBy
	qcCity
)

// The cells of a row of "My requests".
const (
	mcRef = iota
	mcMember
	mcRegNo
	mcState
	mcAge
	mcDecidedBy
)

func (s *requestsScreen) layout() {
	col := s.column
	if s.queue {
		s.table.cols = fitColumns(s.w, []column{
			qcAge:    col("tui.requests.col.age", 6),
			qcRef:    col("tui.requests.col.ref", 18),
			qcMember: col("tui.requests.col.member", 0),
			qcRegNo:  col("tui.requests.col.regno", 10),
			qcBy:     col("tui.requests.col.by", 12),
			qcCity:   col("tui.requests.col.city", 12),
		}, qcMember, 20, 50, qcCity, qcRegNo)
	} else {
		s.table.cols = fitColumns(s.w, []column{
			mcRef:       col("tui.requests.col.ref", 18),
			mcMember:    col("tui.requests.col.member", 0),
			mcRegNo:     col("tui.requests.col.regno", 10),
			mcState:     col("tui.requests.col.state", 10),
			mcAge:       col("tui.requests.col.age", 6),
			mcDecidedBy: col("tui.requests.col.decided_by", 12),
		}, mcMember, 20, 50, mcDecidedBy, mcRegNo)
	}
	s.table.setHeight(s.h - requestsHeaderLines - 1)
}

func (s *requestsScreen) load() tea.Cmd {
	req := s.start(s.sh)
	sess, ctx := s.sh.session()
	svc := s.sh.svc
	// The queue holds what this supervisor may decide: requests recorded at
	// their branch (the feed also brings those other branches recorded for
	// the branch's members).
	f := service.RequestFilter{State: domain.RequestPending, Branch: sess.Branch}
	if !s.queue {
		f = service.RequestFilter{RequestedBy: sess.Username, NewestFirst: true}
	}
	return func() tea.Msg {
		list, err := svc.AddressRequests(ctx, sess, f)
		return requestsResultMsg{req: req, list: list, err: err}
	}
}

func (s *requestsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if msg, ok := msg.(requestsResultMsg); ok {
		if s.answered(s.sh, msg.req, msg.err) {
			s.setRows(msg.list)
		}
		return s, nil
	}
	open := func(i int) tea.Cmd { return emit(OpenRequestMsg{Ref: s.list[i].Ref}) }
	return s, s.handle(msg, requestsHeaderLines, len(s.list), s.load, open)
}

// setRows is the one place where the requests become table text: every
// value from the service goes through safe here, in the service's order
// (the queue oldest first, "My requests" newest first). The cursor stays
// on the request it was on when it is still listed.
func (s *requestsScreen) setRows(list []service.AddressRequest) {
	var was string
	if i := s.selected(len(s.list)); i >= 0 {
		was = s.list[i].Ref
	}
	s.list = list
	me := ""
	if s.sh.sess != nil {
		me = s.sh.sess.Username
	}
	rows := make([][]string, len(list))
	cursor := 0
	for i, r := range list {
		by := safe(r.RequestedBy)
		if r.RequestedBy == me {
			by = s.sh.cat.T("tui.requests.you", by)
		}
		if s.queue {
			rows[i] = []string{
				qcAge:    s.sh.age(r.RequestedAt),
				qcRef:    safe(r.Ref),
				qcMember: orDash(safe(r.MemberName)),
				qcRegNo:  safe(r.RegNo),
				qcBy:     by,
				qcCity:   orDash(safe(r.Address.City)),
			}
		} else {
			rows[i] = []string{
				mcRef:       safe(r.Ref),
				mcMember:    orDash(safe(r.MemberName)),
				mcRegNo:     safe(r.RegNo),
				mcState:     s.sh.stateName(r.State),
				mcAge:       s.sh.age(r.RequestedAt),
				mcDecidedBy: orDash(safe(r.DecidedBy)),
			}
		}
		if r.Ref == was {
			cursor = i
		}
	}
	s.showRows(rows, cursor)
	s.layout()
}

func (s *requestsScreen) View() string {
	st, c := s.sh.styles, s.sh.cat
	hint := c.T("tui.mine.hint")
	if s.queue {
		hint = c.T("tui.queue.hint")
	}
	lines := []string{st.Muted.Render(clip(hint, s.w))}
	switch status := s.statusLine(s.sh, s.w, "tui.requests.loading"); {
	case status != "":
		lines = append(lines, status)
	case len(s.list) == 0 && s.queue:
		lines = append(lines, st.OK.Render(clip(c.T("tui.queue.empty"), s.w)), requestsEmptyHint(s.sh, true, s.w))
	case len(s.list) == 0:
		lines = append(lines, st.Muted.Render(clip(c.T("tui.mine.empty"), s.w)), requestsEmptyHint(s.sh, false, s.w))
	case s.queue:
		lines = append(lines, st.Value.Render(clip(c.T("tui.queue.count", i18n.Count(len(s.list))), s.w)))
	case len(s.list) == 1:
		lines = append(lines, st.Value.Render(clip(c.T("tui.mine.count_one"), s.w)))
	default:
		lines = append(lines, st.Value.Render(clip(c.T("tui.mine.count", i18n.Count(len(s.list))), s.w)))
	}
	if s.loaded && len(s.list) > 0 {
		lines = append(lines, s.table.view(st))
	}
	return strings.Join(lines, "\n")
}
