package tui

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

func TestAgentSignsInToLookup(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	if _, ok := h.screen().(*signInScreen); !ok {
		t.Fatalf("first screen is %T, want sign-in", h.screen())
	}
	h.signIn("agent", agentPassword)
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("agent lands on %T, want the lookup", h.screen())
	}
	h.mustShow("Agent One · Agent · RAB01", "Member lookup")
}

func TestAdminSignsInToAccounts(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("admin", adminPassword)
	if _, ok := h.screen().(*accountsScreen); !ok {
		t.Fatalf("admin lands on %T, want accounts", h.screen())
	}
	h.mustShow("Admin · Administrator · —", "guichet users", "agent", "Agent One", "RAB01", "Supervisor One", "3 accounts")
	h.mustNotShow("Member lookup")

	// Separation of duties: even a stray OpenMemberMsg shows no file.
	h.send(OpenMemberMsg{ID: f.alaoui})
	if _, ok := h.screen().(*accountsScreen); !ok {
		t.Fatalf("admin opened %T", h.screen())
	}
	h.mustNotShow("Alaoui")
}

func TestWrongPasswordStaysOnSignIn(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", "not-the-password")
	if _, ok := h.screen().(*signInScreen); !ok {
		t.Fatalf("screen is %T after a wrong password", h.screen())
	}
	h.mustShow("Wrong username or password.", "Not signed in")
	if h.m.sh.sess != nil {
		t.Fatal("a session exists after a wrong password")
	}
	// The focus is back in the (emptied) password field: retyping it works.
	h.typ(agentPassword)
	h.press("enter")
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("screen is %T after the right password", h.screen())
	}
}

func TestDemoHintOnSignIn(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{DemoHint: []string{"agent / agent-password-1\x1b[5m"}})
	h.mustShow("Demo database", "agent / agent-password-1[5m")
	checkNoInjection(t, h.content())

	h = newHarness(t, f.svc, Deps{})
	h.mustNotShow("Demo database")
}

func TestLookupByRegNoOpensMemberFile(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ(alaouiRegNo)
	h.press("enter")
	s, ok := h.screen().(*memberScreen)
	if !ok {
		t.Fatalf("one match opened %T, want the member file", h.screen())
	}
	if s.id != f.alaoui {
		t.Fatalf("opened member %d, want %d", s.id, f.alaoui)
	}
	h.mustShow("Alaoui Mohamed", "AB123456", "12 Rue Oued Ziz", "✓ verified")

	// Back to the lookup, which still shows the query and its one row.
	h.press("esc")
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("esc led to %T, want the lookup", h.screen())
	}
	h.mustShow(alaouiRegNo, "1 member for “100234567”.")
	// The field is empty for the next member: typing starts a new query.
	if l := h.screen().(*lookupScreen); l.input.Value() != "" {
		t.Errorf("lookup field still holds %q", l.input.Value())
	}
}

func TestLookupSeveralMatchesListsThem(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ(otherRegNo) // a registration number and a PPR at once
	h.press("enter")
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("two matches opened %T", h.screen())
	}
	h.mustShow("2 members", "Berrada Nadia", "Alaoui Mohamed", "Reg. no.", "PPR", "AB•••456", "J•••789", "MGPAP", "1968-04-12")
	h.mustNotShow(alaouiCIN) // lists mask the CIN

	h.press("down", "enter")
	s, ok := h.screen().(*memberScreen)
	if !ok || s.id != f.alaoui {
		t.Fatalf("enter on the second row opened %T", h.screen())
	}
}

func TestLookupNoMatchAndHint(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ("999999999")
	h.press("enter")
	h.mustShow("No member matches “999999999”.")

	h.press("esc") // clears the field
	if v := h.screen().(*lookupScreen).input.Value(); v != "" {
		t.Fatalf("esc left %q in the field", v)
	}
	h.mustNotShow("No member matches")
	h.typ("hello")
	h.press("enter")
	h.mustShow("No member matches “hello”.")
}

func TestStaleLookupResultIsDropped(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)

	h.typ(alaouiRegNo)
	first := h.update(namedKeys["enter"]) // one match: would open the file
	h.press("f2")
	h.typ(otherRegNo)
	second := h.update(namedKeys["enter"]) // two matches

	h.send(run(second)...)
	h.send(run(first)...) // arrives late
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("the stale answer opened %T", h.screen())
	}
	h.mustShow("2 members for “12345678”")
}

func TestStaleMemberFileIsDropped(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ(otherRegNo)
	h.press("enter")

	// Enter on Berrada's row opens her file, which starts loading.
	first := h.update(run(h.update(namedKeys["enter"]))[0])
	h.press("esc", "down")
	second := h.update(run(h.update(namedKeys["enter"]))[0]) // Alaoui's file
	h.send(run(first)...)                                    // Berrada's answer, late
	h.mustShow("Opening the member file")
	h.mustNotShow("Berrada")
	h.send(run(second)...)
	h.mustShow("Alaoui Mohamed")
	h.mustNotShow("Berrada")
}

func TestLockKeySignsOut(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ(alaouiRegNo)
	h.press("enter", "ctrl+l")
	if _, ok := h.screen().(*signInScreen); !ok || len(h.m.stack) != 1 {
		t.Fatalf("ctrl+l left %T (stack %d)", h.screen(), len(h.m.stack))
	}
	if h.m.sh.sess != nil {
		t.Fatal("the session survived ctrl+l")
	}
	h.mustShow("Signed out.", "Not signed in")
	h.mustNotShow("Alaoui")

	h.signIn("agent", agentPassword)
	h.press("f10")
	if _, ok := h.screen().(*signInScreen); !ok {
		t.Fatalf("F10 left %T", h.screen())
	}
}

func TestIdleLockReturnsToSignIn(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{IdleLock: 5 * time.Minute})
	h.signIn("agent", agentPassword)
	h.typ(alaouiRegNo)
	h.press("enter")
	tick := lastIdleTick(t, h)

	// A key press at 4 minutes: the check at 5 minutes finds the console
	// in use and waits again.
	h.clock.advance(4 * time.Minute)
	h.press("down")
	h.clock.advance(time.Minute)
	h.send(tick)
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("locked although a key came %s ago", time.Minute)
	}
	tick = lastIdleTick(t, h)

	h.clock.advance(4 * time.Minute) // 5 minutes since the last key
	h.send(tick)
	if _, ok := h.screen().(*signInScreen); !ok {
		t.Fatalf("after 5 idle minutes the screen is %T, want sign-in", h.screen())
	}
	if h.m.sh.sess != nil {
		t.Fatal("the session survived the idle lock")
	}
	h.mustShow("Signed out after 5 min without a key press.")
	h.mustNotShow("Alaoui")
	// The notice leaves the status bar, the sign-in screen keeps the reason.
	for _, m := range h.timers {
		if n, ok := m.(noticeExpiredMsg); ok {
			h.send(n)
		}
	}
	if h.m.notice.text != "" {
		t.Fatalf("notice %q did not expire", h.m.notice.text)
	}
	h.mustShow("Signed out after 5 min without a key press.")

	// A tick of the old session is void for the next one.
	h.signIn("agent", agentPassword)
	h.clock.advance(time.Hour)
	h.send(tick)
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("an old session's tick locked the new one (%T)", h.screen())
	}
}

func lastIdleTick(t *testing.T, h *harness) tea.Msg {
	t.Helper()
	for i := len(h.timers) - 1; i >= 0; i-- {
		if tick, ok := h.timers[i].(idleTickMsg); ok {
			return tick
		}
	}
	t.Fatal("no idle check scheduled")
	return nil
}

func TestHelpOverlay(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)

	// In the text field '?' is a character, F1 opens the help.
	h.press("?")
	if h.m.showHelp {
		t.Fatal("'?' in the lookup field opened the help")
	}
	if v := h.screen().(*lookupScreen).input.Value(); v != "?" {
		t.Fatalf("field holds %q, want ?", v)
	}
	h.press("f1")
	if !h.m.showHelp {
		t.Fatal("F1 did not open the help")
	}
	h.mustShow("Keys: Member lookup", "search now", "F3", "filters", "ctrl+l/F10", "sign out", "F2")
	h.press("esc")
	if h.m.showHelp {
		t.Fatal("esc did not close the help")
	}

	// Outside a text field '?' opens it too.
	h.press("esc")
	h.typ(otherRegNo)
	h.press("enter", "?")
	if !h.m.showHelp {
		t.Fatal("'?' in the results list did not open the help")
	}
	h.mustShow("open the member file", "PgDn")
	h.press("?")
	if h.m.showHelp {
		t.Fatal("'?' did not close the help")
	}
}

func TestQuit(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	cmd := h.update(namedKeys["ctrl+c"])
	if cmd == nil {
		t.Fatal("ctrl+c returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c does not quit")
	}
}

func TestEveryActionHasANonLetterKey(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	screens := []Screen{newSignIn(h.m.sh, nil), newLookup(h.m.sh)}
	m, _ := newMemberScreen(h.m.sh, 1)
	a, _ := newAccounts(h.m.sh)
	queue, _ := newRequestsScreen(h.m.sh, true)
	mine, _ := newRequestsScreen(h.m.sh, false)
	req, _ := newRequestScreen(h.m.sh, "RAB01-20250615-1")
	screens = append(screens, m, a, queue, mine, req)
	var extra [][]key.Binding // the keys of other states of a screen
	form := newAddressForm(h.m.sh, OpenAddressFormMsg{MemberID: 1})
	for _, step := range []formStep{stepEdit, stepReview, stepDone} {
		form.step = step
		extra = append(extra, form.Keys().FullHelp()...)
	}
	for _, kind := range []formDialog{dlgSubmit, dlgConsent, dlgDiscard} {
		form.openDialog(kind)
		extra = append(extra, form.Keys().FullHelp()...)
	}
	form.closeDialog()
	req.detail = &service.RequestDetail{}
	for _, act := range []requestAction{actApprove, actRejectReason, actReject, actCancel} {
		req.openDialog(act)
		extra = append(extra, req.Keys().FullHelp()...)
	}
	req.dlg, req.detail = nil, nil
	screens = append(screens, form)
	for i, s := range screens {
		groups := append(s.Keys().FullHelp(), h.m.sh.keys.group(true))
		if i == len(screens)-1 {
			groups = append(groups, extra...)
		}
		if ls, ok := s.(*lookupScreen); ok {
			ls.focus = focusTable
			groups = append(groups, ls.Keys().FullHelp()...)
		}
		for _, g := range groups {
			for _, b := range g {
				ok := false
				for _, k := range b.Keys() {
					if len([]rune(k)) > 1 { // "enter", "f1", "ctrl+l", "down"...
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s: %q (%s) has only letter keys %v", s.Title(), b.Help().Desc, b.Help().Key, b.Keys())
				}
			}
		}
	}
}

func TestRoleNamesAndCodesAreTranslated(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	c := h.m.sh.cat
	for _, k := range []string{
		"tui.role." + string(domain.RoleAgent), "tui.role." + string(domain.RoleSupervisor), "tui.role." + string(domain.RoleAdmin),
		"tui.category." + string(domain.CategoryActive), "tui.category." + string(domain.CategoryRetired), "tui.category." + string(domain.CategoryStudent),
		"tui.member_status." + string(domain.StatusActive), "tui.member_status." + string(domain.StatusSuspended), "tui.member_status." + string(domain.StatusClosed),
		"tui.relation." + string(domain.RelationSpouse), "tui.relation." + string(domain.RelationChild),
		"tui.kind." + string(domain.KindRegNo), "tui.kind." + string(domain.KindCIN), "tui.kind." + string(domain.KindPPR), "tui.kind." + string(domain.KindPhone),
	} {
		if !c.Has(k) {
			t.Errorf("catalogue lacks %s", k)
		}
	}
}
