package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
)

// otherEvidence is all the evidence, for Berrada.
var otherEvidence = domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: "J456789",
	SignedForm: true, FormNumber: "F-2025-002"}

// openRequest signs user in and shows the request ref.
func openRequest(t *testing.T, f *fixture, user, pass, ref string) (*harness, *requestScreen) {
	t.Helper()
	h := newHarness(t, f.svc, Deps{})
	h.clock.t = f.now.Add(2 * time.Hour)
	h.signIn(user, pass)
	h.send(OpenRequestMsg{Ref: ref})
	s, ok := h.screen().(*requestScreen)
	if !ok || s.detail == nil {
		t.Fatalf("screen is %T, want the request loaded", h.screen())
	}
	return h, s
}

func TestQueueOldestFirstWithAge(t *testing.T) {
	f := newFixture(t)
	agent := f.session(t, "agent", agentPassword)
	f.now = fixtureNow.Add(-72 * time.Hour)
	older := f.request(t, agent, f.other, otherEvidence)
	f.now = fixtureNow.Add(-2 * time.Hour)
	newer := f.request(t, agent, f.alaoui, completeEvidence)
	f.now = fixtureNow

	h := newHarness(t, f.svc, Deps{})
	h.clock.t = fixtureNow
	h.signIn("super", superPassword)
	h.press("f7")
	q, ok := h.screen().(*requestsScreen)
	if !ok || !q.queue {
		t.Fatalf("F7 opened %T", h.screen())
	}
	if len(q.list) != 2 || q.list[0].Ref != older || q.list[1].Ref != newer {
		t.Fatalf("queue lists %v, want %s then %s", q.list, older, newer)
	}
	h.mustShow("Approval queue", "2 awaiting a decision.", older, newer, "3 d", "2 h", "Berrada Nadia", "Alaoui Mohamed", "agent")
	h.press("down", "enter")
	r, ok := h.screen().(*requestScreen)
	if !ok || r.ref != newer {
		t.Fatalf("enter opened %T", h.screen())
	}
	h.press("esc")
	if _, ok := h.screen().(*requestsScreen); !ok {
		t.Fatalf("esc led to %T", h.screen())
	}

	// An agent has no queue (the key is hidden and does nothing), but has
	// "My requests", newest first.
	h = newHarness(t, f.svc, Deps{})
	h.clock.t = fixtureNow
	h.signIn("agent", agentPassword)
	h.mustNotShow("approval queue")
	h.press("f7")
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("F7 opened %T for an agent", h.screen())
	}
	h.send(OpenRequestsMsg{Queue: true}) // even asked directly
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("an agent opened %T", h.screen())
	}
	h.press("f6")
	m, ok := h.screen().(*requestsScreen)
	if !ok || m.queue {
		t.Fatalf("F6 opened %T", h.screen())
	}
	if len(m.list) != 2 || m.list[0].Ref != newer {
		t.Fatalf("my requests list %v, want the newest first", m.list)
	}
	h.mustShow("My requests", "2 requests.", "pending")
}

func TestApproveNeedsConfirmation(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	h, s := openRequest(t, f, "super", superPassword, ref)
	h.mustShow("Request "+ref, "pending", "Alaoui Mohamed · Reg. no. 100234567", "Recorded by agent on", "(2 h ago)",
		"Current (record v3)", "Requested (made on v3)",
		"12 Rue Oued Ziz", "7 Avenue Hassan II", "Appartement 4", "10090", "10020",
		"✓ Registration-card copy", "CIN read off it: AB•••456", "Signed form no. F-2025-001", "No scans")
	// The lines that change are marked; the city, which does not, is not.
	txt := h.text()
	for _, want := range []string{"≠ Line 1", "≠ Line 2", "≠ Quarter", "≠ Postal code", "  City"} {
		if !strings.Contains(txt, want) {
			t.Errorf("request view lacks %q", want)
		}
	}
	if strings.Contains(txt, "≠ City") {
		t.Error("the unchanged city is marked as changed")
	}

	h.press("f8")
	if s.dlg == nil {
		t.Fatal("F8 did not ask to confirm")
	}
	h.mustShow("Approve "+ref+"?", "y/ctrl+y approve")
	h.press("enter", "f8") // neither is the explicit key
	if s.dlg == nil || s.detail.Request.State != domain.RequestPending {
		t.Fatal("approved without the explicit key")
	}
	h.press("esc")
	if s.dlg != nil {
		t.Fatal("esc did not close the dialog")
	}
	h.typ("a") // the letter alternative of F8
	h.press("y")
	if s.detail.Request.State != domain.RequestApproved {
		t.Fatalf("state %s after y: %q", s.detail.Request.State, s.errText)
	}
	h.mustShow("Approved by super on")
	if want := "Approved " + ref + ": the new address is verified."; h.m.notice.text != want {
		t.Errorf("notice %q, want %q", h.m.notice.text, want)
	}
	if s.Keys().ShortHelp()[0].Enabled() {
		t.Error("approve still offered on an approved request")
	}

	// The member's file shows the new address, verified.
	h.press("enter")
	if m, ok := h.screen().(*memberScreen); !ok || m.id != f.alaoui {
		t.Fatalf("enter opened %T", h.screen())
	}
	h.mustShow("Current address  ✓ verified", "7 Avenue Hassan II", "10020 Rabat", "Record version  4")
	h.mustNotShow("CHANGE PENDING")
}

func TestRejectNeedsAReason(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	h, s := openRequest(t, f, "super", superPassword, ref)
	h.press("f9")
	if s.dlg == nil || s.dlgAct != actRejectReason {
		t.Fatal("F9 did not ask for a reason")
	}
	h.mustShow("Reject "+ref, "Reason")
	if !h.m.typing() {
		t.Fatal("the reason field does not take text")
	}
	h.press("enter") // no reason
	h.mustShow("a reason is required")
	if s.dlgAct != actRejectReason {
		t.Fatal("went on without a reason")
	}
	h.typ("form not signed")
	h.press("enter")
	if s.dlgAct != actReject {
		t.Fatal("the reason did not lead to the confirmation")
	}
	h.mustShow("Reject the change for Alaoui Mohamed", "y/ctrl+y reject")
	if s.reason != "form not signed" {
		t.Fatalf("reason %q", s.reason)
	}
	h.press("enter")
	if s.detail.Request.State != domain.RequestPending {
		t.Fatal("enter rejected")
	}
	h.press("ctrl+y")
	if s.detail.Request.State != domain.RequestRejected || s.detail.Request.DecisionReason != "form not signed" {
		t.Fatalf("request is %s (%q): %q", s.detail.Request.State, s.detail.Request.DecisionReason, s.errText)
	}
	h.mustShow("Rejected by super on", "Reason: form not signed")
	d := f.requests(t, f.alaoui)[0]
	if d.Request.State != domain.RequestRejected || d.CurrentAddress.Line1 != "12 Rue Oued Ziz" {
		t.Fatalf("stored %+v", d)
	}
}

// A supervisor who recorded a request sees why they cannot decide it; they
// may cancel it.
func TestOwnRequestIsExplained(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "super", superPassword), f.alaoui, completeEvidence)
	h, s := openRequest(t, f, "super", superPassword, ref)
	h.mustShow("You recorded this request: another supervisor must decide it (four eyes).")
	for _, k := range []string{"f8", "f9"} {
		h.press(k)
		if s.dlg != nil {
			t.Fatalf("%s opened a dialog on one's own request", k)
		}
	}
	h.typ("ar")
	if s.dlg != nil {
		t.Fatal("a letter key opened a dialog on one's own request")
	}
	km := s.Keys().(keyMap)
	if km.short[0].Enabled() || km.short[1].Enabled() || !km.short[2].Enabled() {
		t.Fatalf("keys: approve %v, reject %v, cancel %v", km.short[0].Enabled(), km.short[1].Enabled(), km.short[2].Enabled())
	}
	// Cancelling needs the explicit key too.
	h.press("delete")
	h.mustShow("Cancel " + ref + "?")
	h.press("enter")
	if s.detail.Request.State != domain.RequestPending {
		t.Fatal("enter cancelled")
	}
	h.press("y")
	if s.detail.Request.State != domain.RequestCancelled {
		t.Fatalf("state %s: %q", s.detail.Request.State, s.errText)
	}
	h.mustShow("Cancelled by super on")
	h.mustNotShow("four eyes")
}

// A version conflict: shown when the request opens, and when the approval
// is refused for it (the record moved meanwhile), with both versions.
func TestVersionConflictIsShown(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	h, s := openRequest(t, f, "super", superPassword, ref)
	h.mustNotShow("Conflict")

	f.exec(t, `UPDATE members SET version = 4 WHERE id = ?`, f.alaoui) // the centre moved the record
	h.press("f8", "y")
	if s.detail.Request.State != domain.RequestRejected {
		t.Fatalf("a conflicting approval must close the request, state %s", s.detail.Request.State)
	}
	h.mustShowFlat("The member's record changed since this request was made",
		"Conflict: the request was made on record version 3; the member's record is now at version 4.",
		"record the change again", "Current (record v4)")
	if h.m.notice.text == "" || !h.m.notice.failed {
		t.Fatalf("notice %+v", h.m.notice)
	}

	// Opened afresh, the conflict shows at once and approve is not offered;
	// a pending request on an old version can still be rejected.
	h, s = openRequest(t, f, "super", superPassword, ref)
	h.mustShowFlat("now at version 4", "record the change again", "closed: the member's record changed")
	h.press("f8")
	if s.dlg != nil {
		t.Fatal("approve offered on a conflict")
	}
	stale := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	f.exec(t, `UPDATE members SET version = 5 WHERE id = ?`, f.alaoui)
	h, s = openRequest(t, f, "super", superPassword, stale)
	h.mustShowFlat("now at version 5")
	h.press("f8")
	if s.dlg != nil {
		t.Fatal("approve offered on a conflict")
	}
	h.press("f9")
	if s.dlg == nil {
		t.Fatal("reject not offered on a pending conflict")
	}
}

// The agent who recorded a request cancels it from "My requests".
func TestAgentCancelsFromMyRequests(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.press("f6", "enter")
	s, ok := h.screen().(*requestScreen)
	if !ok || s.ref != ref {
		t.Fatalf("screen %T", h.screen())
	}
	h.mustShow("Awaiting a supervisor's decision. You can cancel it")
	h.press("end")
	h.mustShow("AB•••456")
	h.mustNotShow("four eyes", alaouiCIN) // an agent sees the CIN in full in the member file only
	h.typ("c")
	h.press("y")
	h.mustShow("Cancelled " + ref + ".")
	h.press("esc") // the list reloads: the request is cancelled there too
	h.mustShow("cancelled")
}

// An answer to an older load is dropped, in the lists and the request view.
func TestStaleRequestResultsAreDropped(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("super", superPassword)
	h.press("f7")
	q := h.screen().(*requestsScreen)
	first := h.update(namedKeys["f5"]) // reload: one pending request
	f.exec(t, `UPDATE address_requests SET state = 'cancelled'`)
	second := h.update(namedKeys["f5"]) // reload: none
	h.send(run(second)...)
	h.send(run(first)...) // late
	if len(q.list) != 0 {
		t.Fatalf("the stale list shows %d requests", len(q.list))
	}
	h.mustShow("No address change awaits a decision.")

	// The request view drops an older detail too.
	f.exec(t, `UPDATE address_requests SET state = 'pending'`)
	h.send(OpenRequestMsg{Ref: ref})
	s := h.screen().(*requestScreen)
	older := h.update(namedKeys["f5"])
	f.exec(t, `UPDATE address_requests SET state = 'rejected', decided_by = 'other'`)
	newer := h.update(namedKeys["f5"])
	h.send(run(newer)...)
	h.send(run(older)...)
	if s.detail.Request.State != domain.RequestRejected {
		t.Fatalf("the stale detail replaced the newer one: %s", s.detail.Request.State)
	}
}

// Data with escape sequences reaches the lists and the request view as
// harmless text; Arabic never shares a line with Latin columns.
func TestRequestScreensSanitiseAndKeepArabicApart(t *testing.T) {
	f := newFixture(t)
	// The hostile member shares Alaoui's CIN; their current address holds
	// escape sequences.
	ref := f.request(t, f.session(t, "agent", agentPassword), f.hostile, completeEvidence)
	h := newHarness(t, f.svc, Deps{})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.signIn("super", superPassword)
	h.press("f7")
	checkNoInjection(t, h.content())
	h.mustShow("]0;pwnedAlaoui[31m")
	h.send(OpenRequestMsg{Ref: ref})
	checkNoInjection(t, h.content())
	h.mustShow("7 Rue [8mHidden[0m")

	// A long line wraps within its column instead of being cut.
	f.exec(t, `UPDATE addresses SET line1 = 'Résidence Al Andalous, Immeuble 12, Appartement 34, 3e étage' WHERE member_id = ? AND valid_to IS NULL`, f.alaoui)
	arabic := regexp.MustCompile(`\p{Arabic}`)
	latin := regexp.MustCompile(`[A-Za-z]`)
	_, s := openRequest(t, f, "super", superPassword, f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence))
	for _, w := range []int{120, 80, 50} {
		found := 0
		for _, l := range s.lines(w) {
			plain := ansi.Strip(l)
			if !arabic.MatchString(plain) {
				continue
			}
			found++
			if latin.MatchString(plain) {
				t.Errorf("width %d: Arabic shares a line with Latin text: %q", w, plain)
			}
		}
		if found != 2 {
			t.Errorf("width %d: %d Arabic lines, want 2 (current and requested)", w, found)
		}
		if w >= sideBySideMin {
			txt := ansi.Strip(strings.Join(s.lines(w), "\n"))
			for _, part := range []string{"Résidence", "Immeuble", "étage"} {
				if !strings.Contains(txt, part) {
					t.Errorf("width %d: the long line lost %q:\n%s", w, part, txt)
				}
			}
		}
	}
}

// A supervisor opens the pending change from the member file's badge,
// approves it and goes back: the file shows the new address.
func TestMemberFileRefreshesAfterDecision(t *testing.T) {
	f := newFixture(t)
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("super", superPassword)
	h.typ(alaouiRegNo)
	h.press("enter")
	h.mustShow("CHANGE PENDING", ref, "12 Rue Oued Ziz")
	h.press("enter")
	if _, ok := h.screen().(*requestScreen); !ok {
		t.Fatalf("enter on the badge opened %T", h.screen())
	}
	h.press("f8", "y", "esc")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("esc led to %T", h.screen())
	}
	h.mustNotShow("CHANGE PENDING", "12 Rue Oued Ziz")
	h.mustShow("Current address  ✓ verified", "7 Avenue Hassan II")
}
