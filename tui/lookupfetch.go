package tui

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
)

// A member of another branch who walks in is not on this console: when a
// registration number or a CIN finds nobody here and the console is
// provisioned, the lookup offers to ask the centre (F8 or ctrl+g), which
// fetches the member (audited there) and opens the file.

// fetchResultMsg answers the fetch request req.
type fetchResultMsg struct {
	req uint64
	id  int64
	err error
}

// lookupFetch is the lookup's one question to the centre: for which query,
// and how it went.
type lookupFetch struct {
	req         uint64 // the fetch awaited; 0 when none
	query       string // the query it asked for (the list's)
	text        string // the outcome, translated and safe
	failed      bool
	notAtCentre bool // the centre answered that it does not know the member either
}

// fetchOffered reports whether the list says "nobody here" for an
// identifier (not a name) on a provisioned console, with no fetch for it
// under way and no answer from the centre that asking again would repeat
// (a failure to reach it may be tried again).
func (l *lookupScreen) fetchOffered() bool {
	asked := l.fetch.query == l.shown.sent && (l.fetch.req != 0 || l.fetch.notAtCentre)
	return l.state == lookupNone && l.pending == 0 && l.sh.sync.Provisioned &&
		!nameLike(l.shown.typed) && strings.TrimSpace(l.shown.typed) != "" && !asked
}

// askCentre fetches the member the list did not find.
func (l *lookupScreen) askCentre() tea.Cmd {
	req := l.sh.nextReq()
	q := strings.TrimSpace(l.shown.sent)
	l.fetch = lookupFetch{req: req, query: l.shown.sent}
	sess, ctx := l.sh.session()
	svc := l.sh.svc
	return func() tea.Msg {
		id, err := svc.FetchFromCentre(ctx, sess, q)
		return fetchResultMsg{req: req, id: id, err: err}
	}
}

// fetched opens the file of the member the centre sent, or says why not:
// offline, unknown at the centre too, or refused.
func (l *lookupScreen) fetched(msg fetchResultMsg) tea.Cmd {
	if msg.req != l.fetch.req {
		return nil
	}
	l.fetch.req = 0
	if l.fetch.query != l.shown.sent {
		// The agent moved on to another query: the member, now kept here,
		// is found by looking them up again; no file opens by surprise.
		l.fetch = lookupFetch{}
		return nil
	}
	c := l.sh.cat
	switch err := msg.err; {
	case err == nil:
		l.fetch = lookupFetch{}
		l.newLookup() // the member is here now: the lookup is ready for the next one
		return emit(OpenMemberMsg{ID: msg.id})
	case errors.Is(err, context.Canceled):
		l.fetch = lookupFetch{}
	case errors.Is(err, domain.ErrMemberNotFound):
		l.fetch.text, l.fetch.failed, l.fetch.notAtCentre = c.T("tui.fetch.not_found"), true, true
	default:
		l.fetch.text, l.fetch.failed = safe(c.Error(err)), true
	}
	return nil
}

// fetchLine is what the lookup says under "nobody here" about the centre:
// the offer, the question under way, or its outcome.
func (l *lookupScreen) fetchLine() (string, bool) {
	c := l.sh.cat
	mine := l.fetch.query == l.shown.sent
	switch {
	case l.state != lookupNone:
		return "", false
	case l.fetch.req != 0 && mine:
		return c.T("tui.fetch.asking"), false
	case l.fetch.text != "" && mine:
		return l.fetch.text, l.fetch.failed
	case l.fetchOffered():
		return c.T("tui.fetch.offer", l.sh.keyLabel("fetch")), false
	}
	return "", false
}
