package tui

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// fakeSearch is a Service whose searches are recorded and answered by a
// function of the query.
type fakeSearch struct {
	Service // address changes: only AddressRequests is answered (no request pending)
	queries []string
	answer  func(q string) (service.SearchResult, error)
}

func (f *fakeSearch) SignIn(_ context.Context, user, _ string) (service.Session, error) {
	return service.Session{Username: user, DisplayName: "Agent One", Role: domain.RoleAgent, Branch: "RAB01"}, nil
}

func (f *fakeSearch) Search(_ context.Context, _ service.Session, q string, _ int) (service.SearchResult, error) {
	f.queries = append(f.queries, q)
	if f.answer == nil {
		return service.SearchResult{Query: q}, nil
	}
	return f.answer(q)
}

func (f *fakeSearch) MemberFile(_ context.Context, _ service.Session, id int64) (service.MemberFile, error) {
	return service.MemberFile{Member: domain.Member{ID: id, FamilyName: "Opened", GivenName: fmt.Sprint(id)}}, nil
}

func (f *fakeSearch) ListUsers(context.Context, service.Session) ([]service.UserView, error) {
	return nil, nil
}

func (f *fakeSearch) AddressRequests(context.Context, service.Session, service.RequestFilter) ([]store.AddressRequest, error) {
	return nil, nil
}

// nameHits are n exact-tier hits, members 1 to n named Family01 Given...
func nameHits(n int) []service.Hit {
	hits := make([]service.Hit, n)
	for i := range hits {
		hits[i] = service.Hit{Tier: service.TierExact, Member: service.MemberSummary{
			ID: int64(i + 1), RegNo: fmt.Sprint(300000001 + i), FamilyName: fmt.Sprintf("Family%02d", i+1), GivenName: "Given",
			BirthDate: domain.Date{Time: time.Date(1960+i%30, 1, 2, 0, 0, 0, 0, time.UTC)}, City: "Rabat", SocietyCode: "MGPAP", MaskedCIN: "AB•••456",
		}}
	}
	return hits
}

func signedInFake(t *testing.T, answer func(string) (service.SearchResult, error)) (*harness, *fakeSearch) {
	t.Helper()
	f := &fakeSearch{answer: answer}
	h := newHarness(t, f, Deps{})
	h.signIn("agent", "any")
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("signed in to %T", h.screen())
	}
	return h, f
}

// searchTicks takes the debounce ticks scheduled so far, oldest first.
func (h *harness) searchTicks() []tea.Msg {
	var ticks, rest []tea.Msg
	for _, m := range h.timers {
		if _, ok := m.(searchTickMsg); ok {
			ticks = append(ticks, m)
		} else {
			rest = append(rest, m)
		}
	}
	h.timers = rest
	return ticks
}

func (h *harness) lookup() *lookupScreen {
	h.t.Helper()
	l, ok := h.screen().(*lookupScreen)
	if !ok {
		h.t.Fatalf("screen is %T, want the lookup", h.screen())
	}
	return l
}

// Keys within the pause make one search, when the pause ends.
func TestTypingSearchesOncePerPause(t *testing.T) {
	h, f := signedInFake(t, nil)
	h.typ("alaoui moh")
	if len(f.queries) != 0 {
		t.Fatalf("searched while typing: %q", f.queries)
	}
	ticks := h.searchTicks()
	if len(ticks) != len("alaoui moh") {
		t.Fatalf("%d ticks for %d keys", len(ticks), len("alaoui moh"))
	}
	h.send(ticks...) // all pauses end, the older ones first
	if !slices.Equal(f.queries, []string{"alaoui moh"}) {
		t.Fatalf("searches %q, want one for the whole text", f.queries)
	}
	h.send(ticks[len(ticks)-1]) // a tick delivered twice searches nothing more
	h.typ(" ")                  // the trailing space is sent: the word is complete
	h.send(h.searchTicks()...)
	if !slices.Equal(f.queries, []string{"alaoui moh", "alaoui moh "}) {
		t.Fatalf("searches %q", f.queries)
	}
	// A key that changes nothing schedules nothing.
	h.press("home")
	if n := len(h.searchTicks()); n != 0 {
		t.Fatalf("a cursor key scheduled %d searches", n)
	}
}

func TestEnterSearchesAtOnce(t *testing.T) {
	h, f := signedInFake(t, func(q string) (service.SearchResult, error) {
		return service.SearchResult{Query: q, Hits: nameHits(3)}, nil
	})
	h.typ("alaoui")
	h.press("enter")
	if !slices.Equal(f.queries, []string{"alaoui"}) {
		t.Fatalf("enter made searches %q", f.queries)
	}
	h.send(h.searchTicks()...) // the pauses of the keys before enter are void
	if len(f.queries) != 1 {
		t.Fatalf("searches %q after the ticks", f.queries)
	}
	if l := h.lookup(); l.focus != focusTable {
		t.Fatalf("enter on a list left the focus on %d", l.focus)
	}
	h.mustShow("3 members for “alaoui”.", "Family01 Given", "Family03 Given")
}

// Enter while the pause's search is on its way does not search again: it
// acts on that answer (the one identifier match opens).
func TestEnterDuringSearchActsOnItsAnswer(t *testing.T) {
	h, f := signedInFake(t, func(q string) (service.SearchResult, error) {
		hit := nameHits(1)[0]
		hit.Tier, hit.Kind = service.TierIdentifier, domain.KindRegNo
		return service.SearchResult{Query: q, Hits: []service.Hit{hit}}, nil
	})
	h.typ("300000001")
	ticks := h.searchTicks()
	inFlight := h.update(ticks[len(ticks)-1])
	h.press("enter")
	h.send(run(inFlight)...)
	if len(f.queries) != 1 {
		t.Fatalf("searches %q, want one", f.queries)
	}
	if s, ok := h.screen().(*memberScreen); !ok || s.id != 1 {
		t.Fatalf("the one identifier match opened %T", h.screen())
	}
	h.press("esc")
	if v := h.lookup().input.Value(); v != "" {
		t.Fatalf("the field still holds %q", v)
	}
	h.mustShow("1 member for “300000001”.")
}

// A pause's search never opens a file by itself: a partial number can be
// another member's whole one.
func TestPauseNeverOpensAFile(t *testing.T) {
	h, _ := signedInFake(t, func(q string) (service.SearchResult, error) {
		hit := nameHits(1)[0]
		hit.Tier, hit.Kind = service.TierIdentifier, domain.KindRegNo
		return service.SearchResult{Query: q, Hits: []service.Hit{hit}}, nil
	})
	h.typ("300000001")
	h.send(h.searchTicks()...)
	h.lookup()
	h.mustShow("1 member for “300000001”.", "Family01 Given")
	h.press("enter") // the list answers the field: no new search, the file opens
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("enter opened %T", h.screen())
	}
}

// A fast typist never sees the answer to an older query, whichever order
// the answers come in.
func TestStaleSearchAnswerIsDropped(t *testing.T) {
	answers := map[string][]service.Hit{
		"alaoui":         {{Tier: service.TierExact, Member: service.MemberSummary{ID: 7, RegNo: "300000007", FamilyName: "Berrada", GivenName: "Nadia"}}},
		"alaoui mohamed": {{Tier: service.TierExact, Member: service.MemberSummary{ID: 8, RegNo: "300000008", FamilyName: "Alaoui", GivenName: "Mohamed"}}},
	}
	h, f := signedInFake(t, func(q string) (service.SearchResult, error) {
		return service.SearchResult{Query: q, Hits: answers[strings.TrimSpace(q)]}, nil
	})

	// Two searches in flight; the older answer arrives last.
	h.typ("alaoui")
	ticks := h.searchTicks()
	older := h.update(ticks[len(ticks)-1]) // the pause after "alaoui"
	h.typ(" mohamed")
	newer := h.update(namedKeys["enter"])
	h.send(run(newer)...)
	h.send(run(older)...)
	if !slices.Equal(f.queries, []string{"alaoui mohamed", "alaoui"}) {
		t.Fatalf("searches %q", f.queries)
	}
	h.mustShow("1 member for “alaoui mohamed”.", "Alaoui Mohamed")
	h.mustNotShow("Berrada", "“alaoui”")

	// The older answer arrives first, while the newer is on its way.
	h.press("f2")
	h.typ("alaoui")
	ticks = h.searchTicks()
	older = h.update(ticks[len(ticks)-1])
	h.typ(" mohamed")
	newer = h.update(namedKeys["enter"])
	h.send(run(older)...)
	h.mustNotShow("Berrada")
	h.send(run(newer)...)
	h.mustShow("Alaoui Mohamed")
	h.mustNotShow("Berrada")

	// Typing on while a search runs voids it: its answer is for text that
	// is gone from the field.
	h.press("f2")
	h.typ("alaoui")
	ticks = h.searchTicks()
	older = h.update(ticks[len(ticks)-1])
	h.typ(" m")
	h.send(run(older)...)
	h.mustNotShow("Berrada")
}

func TestTooShortQueryShowsAHint(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ("el")
	h.send(h.searchTicks()...)
	l := h.lookup()
	if l.state != lookupHint {
		t.Fatalf("state %d after “el”, want the hint", l.state)
	}
	h.mustShow("Type at least 3 letters of a name")
	h.mustNotShow("Lookup:") // not rendered as a field error
	errStyle := strings.Split(h.m.sh.styles.Error.Render("X"), "X")[0]
	if errStyle == "" || strings.Contains(h.content(), errStyle) {
		t.Fatal("the hint is rendered in the error style")
	}
	// The hint stands right under the field.
	lines := strings.Split(h.text(), "\n")
	if !strings.HasPrefix(lines[3], "Type at least 3 letters") {
		t.Fatalf("line under the field is %q", lines[3])
	}
	h.typ("m") // "elm" runs
	h.send(h.searchTicks()...)
	h.mustNotShow("Type at least 3 letters")
}

func TestTierLabelsAndVia(t *testing.T) {
	m := service.MemberSummary{ID: 1, RegNo: "100234567", FamilyName: "Alaoui", GivenName: "Mohamed",
		FamilyNameAr: "العلوي", GivenNameAr: "محمد", City: "Rabat", SocietyCode: "MGPAP", MaskedCIN: "AB•••456",
		BirthDate: domain.Date{Time: time.Date(1968, 4, 12, 0, 0, 0, 0, time.UTC)}}
	via := func(r domain.Relation, fam, given string) *service.Via {
		return &service.Via{Relation: r, FamilyName: fam, GivenName: given, FamilyNameAr: "بناني", GivenNameAr: "فاطمة"}
	}
	hits := []service.Hit{
		{Tier: service.TierIdentifier, Kind: domain.KindCIN, Member: m},
		{Tier: service.TierExact, Member: m},
		{Tier: service.TierVariant, Member: m},
		{Tier: service.TierFuzzy, Member: m},
		{Tier: service.TierExact, Member: m, Via: via(domain.RelationSpouse, "Bennani", "Fatima")},
		{Tier: service.TierVariant, Member: m, Via: via(domain.RelationChild, "Alaoui\x1b[31m", "Salma")},
	}
	h, _ := signedInFake(t, func(q string) (service.SearchResult, error) {
		return service.SearchResult{Query: q, Hits: hits}, nil
	})
	h.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	h.typ("alaoui")
	h.press("enter")
	rows := map[string]string{}
	for _, line := range strings.Split(h.text(), "\n") {
		for _, label := range []string{"CIN", "exact", "variant", "close"} {
			if strings.HasPrefix(line, " "+label+" ") && strings.Contains(line, "100234567") {
				rows[label] += line + "\n"
			}
		}
	}
	for _, label := range []string{"CIN", "exact", "variant", "close"} {
		if rows[label] == "" {
			t.Errorf("no row labelled %q:\n%s", label, h.text())
		}
	}
	h.mustShow("Alaoui Mohamed · via spouse Bennani Fatima", "Alaoui Mohamed · via child Alaoui[31m Salma",
		"Rabat", "MGPAP", "AB•••456", "1968-04-12", "6 members for “alaoui”.")
	checkNoInjection(t, h.content())

	// The selected row's names stand under the list: in full, and the
	// Arabic ones on a line of their own.
	h.press("down", "down", "down", "down")
	h.mustShow("▸ Alaoui Mohamed · via spouse Bennani Fatima", "محمد العلوي — فاطمة بناني")
}

// Homonym filters chosen in the bar go in front of the query the service
// parses; an identifier goes alone.
func TestFiltersAreSentWithTheQuery(t *testing.T) {
	h, f := signedInFake(t, nil)
	h.press("f3")
	if l := h.lookup(); !l.showFilters || l.focus != focusBorn {
		t.Fatalf("F3: bar %v, focus %d", l.showFilters, l.focus)
	}
	h.typ("1961")
	h.press("tab")
	h.typ("Rabat")
	h.press("tab")
	h.typ("MGPAP")
	h.press("tab") // back to the query
	h.typ("alaoui moh")
	h.press("enter")
	want := []string{"1961 Rabat MGPAP alaoui moh"}
	if !slices.Equal(f.queries, want) {
		t.Fatalf("sent %q, want %q", f.queries, want)
	}
	h.send(h.searchTicks()...) // nothing was due while the query was empty

	h.press("esc") // empty the query
	h.typ("100234567")
	h.press("enter")
	if got := f.queries[len(f.queries)-1]; got != "100234567" {
		t.Fatalf("an identifier was sent as %q", got)
	}

	// Hidden, the filters no longer apply; ctrl+f toggles too.
	h.press("esc")
	h.typ("alaoui")
	h.press("ctrl+f", "enter")
	if got := f.queries[len(f.queries)-1]; got != "alaoui" {
		t.Fatalf("with the bar hidden, sent %q", got)
	}
	h.press("f3", "enter")
	if got := f.queries[len(f.queries)-1]; got != "1961 Rabat MGPAP alaoui" {
		t.Fatalf("with the bar shown again, sent %q", got)
	}
	// F2 starts afresh: no query, no filters.
	h.press("f2")
	for i, in := range h.lookup().filters {
		if in.Value() != "" {
			t.Errorf("F2 left filter %d as %q", i, in.Value())
		}
	}
}

// On a real database: the filters the service read show in the count
// line; a filter it could not read is named.
func TestFiltersOnTheService(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.press("f3")
	h.typ("1968")
	h.press("tab")
	h.typ("rabat")
	h.press("tab")
	h.typ("mgpap")
	h.press("tab")
	h.typ("alaoui")
	h.press("enter")
	h.mustShow("1 member for “alaoui” (born 1968 · Rabat · MGPAP).", "Alaoui Mohamed")
	h.mustNotShow("not a known city")

	h.press("esc", "tab", "tab") // the list, then the city field
	if l := h.lookup(); l.focus != focusCity {
		t.Fatalf("focus %d, want the city", l.focus)
	}
	h.press("esc")
	h.typ("Atlantis")
	h.press("enter")
	h.mustShow("“Atlantis” is not a known city. It was searched as a name.")
}

// Typing "alaoui moh" finds Alaoui Mohamed by prefix; a beneficiary's name
// finds the family; a name search never opens the file by itself.
func TestNameSearchOnTheService(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ("alaoui moh")
	h.send(h.searchTicks()...)
	h.mustShow("1 member for “alaoui moh”.", "exact", alaouiRegNo, "Alaoui Mohamed", "1968-04-12", "Rabat", "MGPAP", "AB•••456")
	h.mustNotShow(alaouiCIN)
	h.press("enter") // to the list, not into the file
	if l := h.lookup(); l.focus != focusTable {
		t.Fatalf("enter on a name answer left the focus on %d", l.focus)
	}
	h.press("enter")
	if s, ok := h.screen().(*memberScreen); !ok || s.id != f.alaoui {
		t.Fatalf("enter in the list opened %T", h.screen())
	}

	h.press("esc", "esc", "f2")
	h.typ("bennani fatima")
	h.press("enter")
	h.mustShow("Alaoui Mohamed · via spouse Bennani Fatima")
}

func TestMouseSelectsAndOpens(t *testing.T) {
	h, _ := signedInFake(t, func(q string) (service.SearchResult, error) {
		return service.SearchResult{Query: q, Hits: nameHits(40), More: true}, nil
	})
	if h.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("the console does not ask for mouse clicks")
	}
	h.typ("family")
	h.send(h.searchTicks()...)
	h.mustShow("40+ members for “family” — narrow with a birth year, city or society (F3).")
	l := h.lookup()
	if l.focus != focusQuery {
		t.Fatal("a pause took the focus from the field")
	}

	// The terminal line of the fourth row, read from the frame itself.
	rowLine := func(name string) int {
		for i, line := range strings.Split(h.text(), "\n") {
			if strings.Contains(line, name) && !strings.HasPrefix(line, "▸") {
				return i
			}
		}
		t.Fatalf("no line shows %s:\n%s", name, h.text())
		return 0
	}
	y := rowLine("Family04")
	h.send(tea.MouseClickMsg{X: 30, Y: y, Button: tea.MouseLeft})
	if l.table.cursor != 3 || l.focus != focusTable {
		t.Fatalf("click on line %d: cursor %d, focus %d", y, l.table.cursor, l.focus)
	}
	h.mustShow("▸ Family04 Given")

	// The wheel scrolls; a click then selects what is drawn there.
	h.send(tea.MouseWheelMsg{X: 30, Y: y, Button: tea.MouseWheelDown})
	if l.table.offset != 3 {
		t.Fatalf("wheel: offset %d, want 3", l.table.offset)
	}
	h.clock.advance(time.Second)
	y = rowLine("Family10")
	h.send(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
	if l.table.cursor != 9 {
		t.Fatalf("click after scrolling: cursor %d, want 9", l.table.cursor)
	}
	// A click on the header or below the rows selects nothing.
	h.send(tea.MouseClickMsg{X: 5, Y: 1 + l.tableTop(), Button: tea.MouseLeft})
	if l.table.cursor != 9 {
		t.Fatalf("click on the header moved the cursor to %d", l.table.cursor)
	}
	// A double click opens the file.
	h.clock.advance(time.Second)
	h.send(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
	h.clock.advance(200 * time.Millisecond)
	h.send(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
	if s, ok := h.screen().(*memberScreen); !ok || s.id != 10 {
		t.Fatalf("double click opened %T", h.screen())
	}
	// Back, a click on the field gives it the focus.
	h.press("esc")
	h.send(tea.MouseClickMsg{X: 5, Y: 2, Button: tea.MouseLeft})
	if l.focus != focusQuery {
		t.Fatalf("click on the field: focus %d", l.focus)
	}
}

func TestKeyboardMovesInTheList(t *testing.T) {
	h, _ := signedInFake(t, func(q string) (service.SearchResult, error) {
		return service.SearchResult{Query: q, Hits: nameHits(40)}, nil
	})
	h.typ("family")
	h.press("enter")
	l := h.lookup()
	h.press("pgdown")
	if l.table.cursor != l.table.height {
		t.Fatalf("PgDn: cursor %d, want %d", l.table.cursor, l.table.height)
	}
	h.press("end")
	if l.table.cursor != 39 {
		t.Fatalf("End: cursor %d", l.table.cursor)
	}
	h.mustShow("Family40 Given")
	h.mustNotShow("Family01 Given")
	h.press("pgup", "home")
	if l.table.cursor != 0 {
		t.Fatalf("Home: cursor %d", l.table.cursor)
	}
	h.press("up") // above the first row: the field
	if l.focus != focusQuery {
		t.Fatalf("up on the first row: focus %d", l.focus)
	}
	h.press("down", "down")
	if l.focus != focusTable || l.table.cursor != 1 {
		t.Fatalf("down: focus %d, cursor %d", l.focus, l.table.cursor)
	}
	h.typ("x") // typing in the list goes on in the field
	if l.focus != focusQuery || l.input.Value() != "familyx" {
		t.Fatalf("typing in the list: focus %d, field %q", l.focus, l.input.Value())
	}
}

// The search screen fits the terminal in every state, with the filter bar,
// long names and Arabic ones, and Arabic stays off the table's lines.
func TestSearchFramesFit(t *testing.T) {
	hits := nameHits(30)
	for i := range hits {
		hits[i].Member.FamilyName += strings.Repeat(" Longname", i%4)
		hits[i].Member.FamilyNameAr, hits[i].Member.GivenNameAr = "العلوي", "محمد"
		if i%3 == 0 {
			hits[i].Via = &service.Via{Relation: domain.RelationChild, FamilyName: "Child", GivenName: "Name", GivenNameAr: "سلمى"}
		}
	}
	arabic := regexp.MustCompile(`\p{Arabic}`)
	latin := regexp.MustCompile(`[A-Za-z]`)
	for _, size := range [][2]int{{80, 24}, {200, 60}, {60, 16}} {
		w, hgt := size[0], size[1]
		h, _ := signedInFake(t, func(q string) (service.SearchResult, error) {
			return service.SearchResult{Query: q, Hits: hits, More: true, Filters: service.Filters{BirthYear: 1961, City: "Rabat"}}, nil
		})
		h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
		frame := func(state string) {
			t.Helper()
			checkFrame(t, h.content(), w, hgt)
			found := false
			for _, line := range strings.Split(h.text(), "\n") {
				if arabic.MatchString(line) {
					found = true
					if latin.MatchString(line) {
						t.Errorf("%d×%d %s: Arabic shares a line with Latin text: %q", w, hgt, state, line)
					}
				}
			}
			if state != "typing" && !found {
				t.Errorf("%d×%d %s: no Arabic name shown", w, hgt, state)
			}
			if t.Failed() {
				t.Fatalf("%d×%d %s:\n%s", w, hgt, state, h.text())
			}
		}
		h.typ("family")
		frame("typing")
		h.send(h.searchTicks()...)
		frame("results")
		h.press("f3")
		h.typ("1961")
		h.press("enter")
		frame("filter bar")
		h.press("end")
		frame("last row")
		h.press("f1")
		checkFrame(t, h.content(), w, hgt)
	}
}

func TestSearchFailureIsShown(t *testing.T) {
	h, _ := signedInFake(t, func(string) (service.SearchResult, error) {
		return service.SearchResult{}, fmt.Errorf("database is locked\x1b[0m")
	})
	h.typ("alaoui")
	h.press("enter")
	h.mustShow("database is locked[0m")
	checkNoInjection(t, h.content())
	if l := h.lookup(); l.state != lookupFailed || l.listShown() {
		t.Fatalf("state %d", l.state)
	}
}
