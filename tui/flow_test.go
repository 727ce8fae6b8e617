package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

// typeSignIn types user and password on the whole program's sign-in
// screen as a person does (tab between them) and presses enter.
func typeSignIn(tm *teatest.TestModel, user, pass string) {
	tm.Type(user)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(pass)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
}

// The whole program on a real database: sign in, look a member up by
// registration number, see the file with the current address.
func TestFlowSignInLookupMemberFile(t *testing.T) {
	f := newFixture(t)
	tm, wait := startProgram(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English(), IdleLock: 5 * time.Minute}), 80, 24)
	wait("Sign in to this console")
	typeSignIn(tm, "agent", agentPassword)

	wait("results come as you type")
	tm.Type(alaouiRegNo)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})

	wait("Current address")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	// ctrl+c signed out on the way, so look at the screen that was shown.
	s, ok := final.top().(*memberScreen)
	if !ok {
		t.Fatalf("final screen is %T, want the member file", final.top())
	}
	if s.id != f.alaoui {
		t.Fatalf("member file of %d, want %d", s.id, f.alaoui)
	}
	content := final.View().Content
	checkFrame(t, content, 80, 24)
	txt := ansi.Strip(content)
	for _, want := range []string{"Alaoui Mohamed", "Current address", "✓ verified", "12 Rue Oued Ziz", "10090 Rabat"} {
		if !strings.Contains(txt, want) {
			t.Errorf("final frame lacks %q:\n%s", want, txt)
		}
	}
}

// As-you-type on a real database with real timers: type part of a name,
// the list comes after the pause, the file opens from the list.
func TestFlowSearchByNameOpensFromTheList(t *testing.T) {
	f := newFixture(t)
	tm, wait := startProgram(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English()}), 100, 30)
	wait("Sign in to this console")
	typeSignIn(tm, "agent", agentPassword)

	wait("results come as you type")
	tm.Type("alaoui moh") // no enter: the pause searches
	wait("1 member for “alaoui moh”.")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})  // into the list
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // open the selected row
	wait("Current address")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	s, ok := final.top().(*memberScreen)
	if !ok || s.id != f.alaoui {
		t.Fatalf("final screen is %T, want Alaoui's file", final.top())
	}
	if !strings.Contains(ansi.Strip(final.View().Content), "Alaoui Mohamed") {
		t.Fatalf("final frame:\n%s", ansi.Strip(final.View().Content))
	}
	// The stack below the file is the lookup, still listing the answer.
	l := final.stack[0].(*lookupScreen)
	if len(l.res.Hits) != 1 || l.res.Hits[0].Member.ID != f.alaoui {
		t.Fatalf("the lookup lists %+v", l.res.Hits)
	}
	// Searches are audited: one per pause, not one per key.
	var searches []string
	if err := f.db.EachAudit(context.Background(), func(e domain.AuditEntry) error {
		if e.Action == domain.AuditSearch {
			searches = append(searches, e.Detail)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(searches) == 0 || len(searches) >= len("alaoui moh") || !strings.Contains(searches[len(searches)-1], `"alaoui moh"`) {
		t.Fatalf("audited searches: %q", searches)
	}
}

// The flow on a real database: an agent records an address change
// with complete evidence; a supervisor approves it from the queue; the
// member's file shows the new address, verified.
func TestFlowAddressChangeApproved(t *testing.T) {
	f := newFixture(t)
	tm, wait := startProgram(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English()}), 100, 30)
	key := func(code rune) { tm.Send(tea.KeyPressMsg{Code: code}) }
	field := func(text string) { // type a field, enter to the next
		tm.Type(text)
		key(tea.KeyEnter)
	}
	signIn := func(user, pass string) {
		typeSignIn(tm, user, pass)
		wait("results come as you type")
	}

	wait("Sign in to this console")
	signIn("agent", agentPassword)
	tm.Type(alaouiRegNo)
	key(tea.KeyEnter)
	wait("Beneficiaries")
	key(tea.KeyF4)
	wait("Evidence")
	a := newAddress
	for _, v := range []string{a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr} {
		field(v)
	}
	tm.Type(" ") // registration-card copy seen
	key(tea.KeyEnter)
	tm.Type(" ") // CIN copy seen
	key(tea.KeyEnter)
	field(alaouiCIN)
	tm.Type(" ") // signed form seen
	key(tea.KeyEnter)
	field("F-2025-001")
	key(tea.KeyF5)
	wait("Review:")
	key(tea.KeyF5)
	wait("cannot")
	tm.Type("y")
	wait("give")
	key(tea.KeyEnter)
	wait("PENDING")
	tm.Send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}) // sign out
	wait("Username")

	signIn("super", superPassword)
	key(tea.KeyF7)
	wait("awaiting")
	key(tea.KeyEnter)
	wait("Requested")
	key(tea.KeyF8)
	wait("Approve")
	tm.Type("y")
	wait("Approved")
	key(tea.KeyEnter) // open the member file
	wait("Beneficiaries")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	s, ok := final.top().(*memberScreen)
	if !ok || s.id != f.alaoui {
		t.Fatalf("final screen is %T, want Alaoui's file", final.top())
	}
	content := final.View().Content
	checkFrame(t, content, 100, 30)
	txt := ansi.Strip(content)
	for _, want := range []string{"Current address  ✓ verified  since 2025-06-15", "7 Avenue Hassan II", "Hassan", "10020 Rabat", "Record version  4"} {
		if !strings.Contains(txt, want) {
			t.Errorf("final frame lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "PENDING") {
		t.Errorf("the approved change still shows as pending:\n%s", txt)
	}
	d := f.requests(t, f.alaoui)
	if len(d) != 1 || d[0].Request.State != domain.RequestApproved || d[0].Request.RequestedBy != "agent" || d[0].Request.DecidedBy != "super" {
		t.Fatalf("stored %+v", d)
	}
}
