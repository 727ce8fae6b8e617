package tui

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// searchDebounce is the pause in typing after which a search runs. Every
// executed search is audited: one per pause, not one per key.
const searchDebounce = 250 * time.Millisecond

// searchTickMsg ends a pause in typing; only the newest tick (gen) counts.
type searchTickMsg struct{ gen uint64 }

// searchResultMsg answers the search request req. Only the answer to the
// newest request is shown.
type searchResultMsg struct {
	req uint64
	res service.SearchResult
	err error
}

// searchRequest is what one search sends: the query as typed and, for a
// name, the filters of the bar put in front of it. The service parses the
// whole text (a year, a date, a city, a society code); putting the filters
// first keeps the last typed word last, so that it is still read as a
// prefix while typing.
type searchRequest struct {
	typed    string
	sent     string
	filtered bool                // the bar's filters are in sent
	bar      [filterCount]string // the bar's values, as sent
}

// request builds the search for what the fields hold now.
func (l *lookupScreen) request() searchRequest {
	r := searchRequest{typed: l.input.Value(), sent: l.input.Value()}
	if !l.showFilters || !nameLike(r.typed) {
		return r
	}
	var parts []string
	for i, f := range l.filters {
		v := strings.Join(strings.Fields(f.Value()), " ")
		r.bar[i] = v
		if v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) > 0 {
		r.filtered = true
		r.sent = strings.Join(parts, " ") + " " + strings.TrimLeft(r.typed, " ")
	}
	return r
}

// nameLike reports whether a query has a word made of letters only: a
// name, to which the filters apply. A registration number, CIN, PPR or
// phone number has none, and is sent as typed.
func nameLike(q string) bool {
	for _, w := range strings.Fields(q) {
		letters := true
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != '-' && r != '\'' && r != '’' {
				letters = false
				break
			}
		}
		if letters {
			return true
		}
	}
	return false
}

// edited follows a change of the query or of a filter: the awaited answer
// is for text that is gone, and a search is due when typing pauses.
func (l *lookupScreen) edited() tea.Cmd {
	l.pending, l.onEnter = 0, false
	l.gen++
	if strings.TrimSpace(l.input.Value()) == "" {
		l.clear()
		return nil
	}
	return l.sh.after(searchDebounce, searchTickMsg{gen: l.gen})
}

// enter acts on the list when it answers what the fields hold, and
// searches at once otherwise.
func (l *lookupScreen) enter() tea.Cmd {
	if l.pending == 0 && (l.state == lookupFound || l.state == lookupNone) && l.request().sent == l.shown.sent {
		return l.act()
	}
	return l.search(true)
}

// act is enter on an answer: the only identifier match opens (and the
// field empties for the next member; the row stays listed); a list takes
// the focus. A name search never opens a file by itself.
func (l *lookupScreen) act() tea.Cmd {
	hits := l.res.Hits
	if len(hits) == 1 && hits[0].Tier == service.TierIdentifier {
		l.input.Reset()
		return emit(OpenMemberMsg{ID: hits[0].Member.ID})
	}
	if len(hits) > 0 {
		l.setFocus(focusTable)
	}
	return nil
}

// search asks the service for what the fields hold. enter says whether to
// act on the answer (see act); a search started by a pause only shows it.
func (l *lookupScreen) search(enter bool) tea.Cmd {
	r := l.request()
	if strings.TrimSpace(r.typed) == "" {
		return nil
	}
	l.gen++ // a tick still on its way is void
	switch {
	case l.pending != 0 && r.sent == l.awaited.sent:
		l.onEnter = l.onEnter || enter // already asked: act on its answer
		return nil
	case l.pending == 0 && !enter && r.sent == l.shown.sent && l.state != lookupFailed:
		return nil // the list already answers it
	}
	req := l.sh.nextReq()
	l.pending, l.awaited, l.onEnter = req, r, enter
	sess, ctx := l.sh.session()
	svc, q := l.sh.svc, r.sent
	return func() tea.Msg { return runSearch(ctx, svc, sess, req, q) }
}

func runSearch(ctx context.Context, svc Service, sess service.Session, req uint64, q string) tea.Msg {
	res, err := svc.Search(ctx, sess, q, 0) // 0: the service's page size
	return searchResultMsg{req: req, res: res, err: err}
}

// show displays the awaited answer.
func (l *lookupScreen) show(msg searchResultMsg) tea.Cmd {
	r, enter := l.awaited, l.onEnter
	l.onEnter = false
	if err := msg.err; err != nil {
		l.setHits(nil)
		l.res, l.shown = service.SearchResult{}, searchRequest{}
		var fe *domain.FieldError
		switch {
		case errors.Is(err, context.Canceled):
			l.state, l.message = lookupIdle, ""
		case errors.As(err, &fe) && fe.Key == domain.KeySearchTooShort:
			l.state, l.message, l.shown = lookupHint, l.sh.cat.T(fe.Key, fe.Args...), r
		default:
			l.state, l.message = lookupFailed, l.sh.cat.Error(err)
		}
		return nil
	}
	l.shown, l.res, l.message = r, msg.res, ""
	l.setHits(msg.res.Hits)
	l.state = lookupFound
	if len(msg.res.Hits) == 0 {
		l.state = lookupNone
	}
	if enter {
		return l.act()
	}
	return nil
}

// clear forgets the answer shown.
func (l *lookupScreen) clear() {
	l.setHits(nil)
	l.res, l.shown = service.SearchResult{}, searchRequest{}
	l.state, l.message = lookupIdle, ""
}
