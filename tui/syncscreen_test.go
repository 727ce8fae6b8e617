package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// statusLine is the frame's last line, without styles.
func (h *harness) statusLine() string {
	lines := strings.Split(h.text(), "\n")
	return lines[len(lines)-1]
}

func TestStatusBarSaysStandalone(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	if strings.Contains(h.statusLine(), "standalone") {
		t.Fatal("the link's state shows before it was read")
	}
	h.send(SyncChangedMsg{})
	if s := h.statusLine(); !strings.Contains(s, "standalone") || strings.Contains(s, "pending") {
		t.Errorf("sign-in status bar: %q", s)
	}
	h.signIn("agent", agentPassword)
	if s := h.statusLine(); !strings.Contains(s, "standalone") || !strings.Contains(s, "Agent One") {
		t.Errorf("status bar once signed in: %q", s)
	}
}

func TestStatusBarCountsTheQueueOnATick(t *testing.T) {
	f := newFixture(t)
	c := &centre{last: time.Date(2025, 6, 15, 8, 42, 0, 0, time.UTC)}
	svc := f.provisioned(t, c)
	h := newHarness(t, svc, Deps{})
	h.send(SyncChangedMsg{})
	h.mustShow("online · 0 pending · 0 set aside · synced 08:42")
	h.signIn("super", superPassword)

	f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	c.offline = true
	// Only the newest timer reads: an older tick is void.
	ticks := h.timers
	h.timers = nil
	var stale, fresh syncTickMsg
	for _, m := range ticks {
		if tick, ok := m.(syncTickMsg); ok {
			stale, fresh = fresh, tick
		}
	}
	if stale.gen == fresh.gen {
		t.Fatalf("two status reads armed the same timer: %v", ticks)
	}
	h.send(stale)
	h.mustShow("online")
	h.send(fresh, noticeExpiredMsg{gen: h.m.notice.gen})
	s := h.statusLine()
	for _, want := range []string{"Supervisor One · Supervisor · RAB01", "offline · 0 pending · 1 set aside · 08:42"} {
		if !strings.Contains(s, want) {
			t.Errorf("status bar lacks %q: %q", want, s)
		}
	}
	if !strings.Contains(h.content(), h.m.sh.styles.NoticeFailed.Render("1 set aside")) {
		t.Error("set-aside entries do not stand out")
	}
	checkFrame(t, h.content(), 80, 24)

	// A notice and a long name: the link's state goes short and stays.
	h.send(NoticeMsg{Text: "Signed in as someone with a rather long display name indeed."})
	s = h.statusLine()
	if !strings.Contains(s, "offline 0↑ 1✗ 08:42") || !strings.Contains(s, "Signed in as") {
		t.Errorf("narrow status bar: %q", s)
	}
	if !strings.Contains(h.content(), h.m.sh.styles.NoticeFailed.Render("1✗")) {
		t.Error("set-aside entries do not stand out in the short form")
	}
	checkFrame(t, h.content(), 80, 24)
}

func TestStatusBarSaysUpdateNeeded(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.provisioned(t, &centre{outdated: true}), Deps{})
	h.send(SyncChangedMsg{})
	if s := h.statusLine(); !strings.Contains(s, "update needed") || strings.Contains(s, "online") {
		t.Errorf("status bar: %q", s)
	}
	h.signIn("agent", agentPassword)
	h.press("f5")
	h.mustShow("Update needed: the centre no longer speaks this console's protocol.")
}

// openSync signs in and opens the Sync screen from the lookup.
func openSync(t *testing.T, svc Service, user, pass string) *harness {
	t.Helper()
	h := newHarness(t, svc, Deps{})
	h.send(SyncChangedMsg{})
	h.signIn(user, pass)
	h.press("f5")
	if _, ok := h.screen().(*syncScreen); !ok {
		t.Fatalf("F5 opened %T, want the Sync screen", h.screen())
	}
	return h
}

func TestSyncScreenEmpty(t *testing.T) {
	f := newFixture(t)
	h := openSync(t, f.svc, "agent", agentPassword)
	h.mustShow("Standalone console", "Nothing waits for the centre")
	checkFrame(t, h.content(), 80, 24)
}

func TestSyncScreenRetryPutsBackInTheQueue(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	id := f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	h := openSync(t, svc, "super", superPassword)
	h.mustShow("1 entry: 0 pending, 1 set aside", "Approval", "Alaoui Mohamed", "set aside",
		"You recorded this r")
	checkFrame(t, h.content(), 80, 24)

	h.press("enter")
	h.mustShowFlat("Entry #2 · Approval", "The centre refused it", "F8 sends it again")
	h.press("f8")
	h.mustShow("Retry entry #2?")
	h.press("y")
	if state, _ := f.entryState(t, id); state != store.EntryPending {
		t.Fatalf("entry is %s after a retry, want pending", state)
	}
	if n := h.m.notice.text; n != "Entry #2 is back in the queue." {
		t.Errorf("notice %q", n)
	}
	h.mustShow("Entry #2 · Approval  pending", "Online · 1 pending · 0 set aside")
	h.press("esc")
	h.mustShow("1 entry: 1 pending, 0 set aside", "to be sent again")
}

func TestSyncScreenDiscardAsksForAReason(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	id := f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	h := openSync(t, svc, "super", superPassword)
	h.press("enter", "f9")
	h.mustShow("Discard entry #2")
	checkFrame(t, h.content(), 80, 24)
	h.press("enter")
	h.mustShow("a reason is required")
	h.typ("approved by mistake")
	h.press("enter")
	h.mustShow("Discard it for good, with the reason “approved by mistake”?")
	if state, _ := f.entryState(t, id); state != store.EntrySetAside {
		t.Fatalf("discarded before the confirmation: %s", state)
	}
	h.press("y")
	state, reason := f.entryState(t, id)
	if state != store.EntryDiscarded || reason != "approved by mistake" {
		t.Fatalf("entry after discard: %s %q", state, reason)
	}
	h.mustShowFlat("Entry #2 discarded.", "Discarded on", "Reason: approved by mistake")
}

func TestSyncScreenIsReadOnlyForAgents(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	id := f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	h := openSync(t, svc, "agent", agentPassword)
	h.press("enter")
	h.mustShow("A supervisor can retry it or discard it.")
	h.mustNotShow("retry…", "discard…")
	h.press("f8", "f9")
	if h.screen().(*syncEntryScreen).dlg != nil {
		t.Fatal("an agent opened a retry or discard dialog")
	}
	// The service refuses an agent whatever the screen offers.
	agent := f.session(t, "agent", agentPassword)
	if err := svc.RetryEntry(context.Background(), agent, id); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the service let an agent retry: %v", err)
	}
	if err := svc.DiscardEntry(context.Background(), agent, id, "no"); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the service let an agent discard: %v", err)
	}
	if state, _ := f.entryState(t, id); state != store.EntrySetAside {
		t.Errorf("entry is %s", state)
	}
}

func TestConflictShowsBothVersionsAndLeadsToANewRequest(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	id := f.setAside(t, wire.Result{Status: wire.StatusConflict, Reason: domain.KeyVersionConflict, Current: centreAlaoui(4)})
	h := openSync(t, svc, "super", superPassword)
	h.mustShow("conflict")
	h.press("enter")
	h.mustShow("This console (record v4)", "Centre (record v4)", "7 Avenue Hassan II", "9 Boulevard Zerktouni",
		"Casablanca", "Conflict at the centre")
	checkFrame(t, h.content(), 80, 24)
	checkNoInjection(t, h.content())
	if line := strings.Split(h.text(), "\n")[22]; !strings.HasSuffix(strings.TrimSpace(line), "F1/? help") {
		t.Errorf("the key line lost the help key: %q", line)
	}

	h.press("f4")
	h.mustShow("New request for Alaoui Mohamed")
	h.typ("the centre has a newer address")
	h.press("enter", "y")
	if state, _ := f.entryState(t, id); state != store.EntryDiscarded {
		t.Fatalf("the approval is %s", state)
	}
	form, ok := h.screen().(*addressForm)
	if !ok {
		t.Fatalf("the resolution opened %T, want the address form", h.screen())
	}
	if got := form.inputs[fLine1].Value(); got != newAddress.Line1 || form.inputs[fPostal].Value() != newAddress.PostalCode {
		t.Errorf("form prefilled with %q %q, want the approved address", got, form.inputs[fPostal].Value())
	}
	if n := h.m.notice.text; n != "Request RAB01-20250615-1 rejected at the centre: record the address again." {
		t.Errorf("notice %q", n)
	}
	checkFrame(t, h.content(), 80, 24)
}

// A returned letter at the centre changes only whether the address is
// verified: the conflict shows that difference.
func TestConflictShowsAnAddressNoLongerVerified(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	returned := centreAlaoui(4)
	returned.Address.AddressInput = domain.AddressInput{Line1: "7 Avenue Hassan II", Quarter: "Hassan", City: "Rabat",
		PostalCode: "10020", Province: "Rabat", LineAr: "7 شارع الحسن الثاني، الرباط"}
	returned.Address.Verified = false
	f.setAside(t, wire.Result{Status: wire.StatusConflict, Reason: domain.KeyVersionConflict, Current: returned})
	h := openSync(t, svc, "super", superPassword)
	h.press("enter")
	var row string
	for _, l := range strings.Split(h.text(), "\n") {
		if strings.Contains(l, "verified") {
			row = l
		}
	}
	if !strings.HasPrefix(row, "≠ Address") || !strings.Contains(row, "✓ verified") || !strings.Contains(row, "✗ not verified") {
		t.Errorf("the verification row: %q", row)
	}
	h.mustNotShow("≠ Line 1", "≠ City")
}

func TestLookupAsksTheCentre(t *testing.T) {
	f := newFixture(t)
	visitor := centreAlaoui(1)
	visitor.RegNo, visitor.CIN, visitor.PPR, visitor.FamilyName, visitor.HomeBranch = "300000001", "Z998877", "", "Tazi", "FES01"
	c := &centre{visitor: visitor}
	h := newHarness(t, f.provisioned(t, c), Deps{})
	h.send(SyncChangedMsg{})
	h.signIn("agent", agentPassword)

	h.typ("300000009")
	h.press("enter")
	h.mustShow("Not on this console: F8/ctrl+g asks the centre.")
	h.press("f8")
	h.mustShow("The centre does not know this member either.")
	if h.screen().(*lookupScreen).fetchOffered() {
		t.Error("the centre's answer is offered to be asked again")
	}

	c.offline = true
	h.press("f2")
	h.typ("Z998877")
	h.press("enter", "f8")
	h.mustShow("The centre cannot be reached")
	if !h.screen().(*lookupScreen).fetchOffered() {
		t.Error("a centre out of reach is not offered to be asked again")
	}

	c.offline = false
	h.press("f8")
	if s, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("the fetch opened %T, want the member file", h.screen())
	} else if file, err := f.db.MemberFile(context.Background(), s.id); err != nil || file.Member.RegNo != "300000001" {
		t.Fatalf("member file %d: %+v %v", s.id, file.Member, err)
	}
	h.mustShow("Tazi Mohamed")
	h.press("esc")
	h.mustNotShow("asks the centre", "Z998877")
	// Now kept here: the lookup finds the visitor without the centre.
	h.typ("300000001")
	h.press("enter")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("looking the visitor up again opened %T", h.screen())
	}
}

func TestLookupOffersNoFetchStandaloneOrForNames(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.send(SyncChangedMsg{})
	h.signIn("agent", agentPassword)
	h.typ("300000009")
	h.press("enter")
	h.mustNotShow("asks the centre")

	h2 := newHarness(t, f.provisioned(t, &centre{}), Deps{})
	h2.send(SyncChangedMsg{})
	h2.signIn("agent", agentPassword)
	h2.typ("Zzyzx")
	h2.press("enter")
	h2.mustNotShow("asks the centre")
}

// The Sync screens fill the terminal exactly, dialogs included, and what
// the centre sent is sanitised.
func TestSyncScreensFitAndSanitise(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{offline: true, lastError: "centre said \x1b]0;pwned\x07no\x1b[2J"})
	hostile := centreAlaoui(4)
	hostile.FamilyName = hostileName
	hostile.Address.Line1 = "1 Rue\x1b[2J\u202E"
	f.setAside(t, wire.Result{Status: wire.StatusConflict, Reason: "err.\x1b[31mbogus", Field: "x\x07", Current: hostile})
	for _, size := range [][2]int{{80, 24}, {200, 60}, {60, 16}} {
		h := openSync(t, svc, "super", superPassword)
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if size[0] >= 80 {
			h.mustShow("Last error: centre said ]0;pwnedno[2J")
		}
		for _, keys := range [][]string{nil, {"enter"}, {"f9"}, {"esc", "f4"}} {
			h.press(keys...)
			checkFrame(t, h.content(), size[0], size[1])
			checkNoInjection(t, h.content())
		}
	}
}

// Every action of the Sync screens works under an Arabic keyboard layout.
func TestSyncKeysNeedNoLetters(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	list, _ := newSyncScreen(h.m.sh)
	entry, _ := newSyncEntryScreen(h.m.sh, service.SyncEntry{State: service.EntrySetAside, Seq: 1})
	groups := append(list.Keys().FullHelp(), entry.Keys().FullHelp()...)
	for _, act := range []entryAction{entryRetry, entryDiscardReason, entryDiscard, entryResolveReason, entryResolve} {
		entry.openDialog(act)
		groups = append(groups, entry.Keys().FullHelp()...)
	}
	l := newLookup(h.m.sh)
	groups = append(groups, []key.Binding{l.keys.Sync, l.keys.Fetch})
	for _, g := range groups {
		for _, b := range g {
			ok := false
			for _, k := range b.Keys() {
				ok = ok || len([]rune(k)) > 1
			}
			if !ok {
				t.Errorf("%q (%s) has only letter keys %v", b.Help().Desc, b.Help().Key, b.Keys())
			}
		}
	}
}

// Set-aside entries put the Sync key first on the lookup's key line.
func TestLookupLeadsWithSyncWhenEntriesAreSetAside(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	h := newHarness(t, svc, Deps{})
	h.send(SyncChangedMsg{})
	h.signIn("super", superPassword)
	first := func() string { return h.screen().Keys().ShortHelp()[0].Help().Key }
	if k := first(); k == "F5" {
		t.Fatalf("the Sync key leads with nothing set aside")
	}
	f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	h.send(SyncChangedMsg{})
	if k := first(); k != "F5" {
		t.Errorf("key line starts with %s, want F5", k)
	}
	n := 0
	for _, b := range h.screen().Keys().ShortHelp() {
		if b.Help().Key == "F5" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("F5 is %d times on the key line", n)
	}
}

// The lookup of a provisioned console has more keys than 80 columns hold:
// they give way, the help key stays at the end of the line.
func TestKeyLineKeepsTheHelpKey(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.provisioned(t, &centre{}), Deps{})
	h.send(SyncChangedMsg{})
	h.signIn("super", superPassword)
	lines := strings.Split(h.text(), "\n")
	keyLine := strings.TrimRight(lines[len(lines)-2], " ")
	if !strings.HasSuffix(keyLine, "… • F1/? help") || !strings.HasPrefix(keyLine, "enter search now") {
		t.Errorf("key line %q", keyLine)
	}
	checkFrame(t, h.content(), 80, 24)
}

// Texts that name a key name the configured one.
func TestFetchOfferNamesTheConfiguredKey(t *testing.T) {
	f := newFixture(t)
	keys, err := config.ValidateKeys(map[string][]string{"fetch": {"f11"}})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, f.provisioned(t, &centre{}), Deps{Keys: keys})
	h.send(SyncChangedMsg{})
	h.signIn("agent", agentPassword)
	h.typ("300000009")
	h.press("enter")
	h.mustShow("Not on this console: F11 asks the centre.")
}
