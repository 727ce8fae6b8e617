package tui

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// openForm signs user in, opens Alaoui's file and the address form on it.
func openForm(t *testing.T, f *fixture, user, pass string) *harness {
	t.Helper()
	h := newHarness(t, f.svc, Deps{})
	h.signIn(user, pass)
	h.typ(alaouiRegNo)
	h.press("enter")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("lookup opened %T", h.screen())
	}
	h.press("f4")
	h.form()
	h.mustShow("New address for Alaoui Mohamed · 100234567", "Line 1", "Evidence seen at the counter")
	return h
}

// topScreen is the screen on top as a T; the test stops when it is
// another.
func topScreen[T Screen](h *harness) T {
	h.t.Helper()
	s, ok := h.screen().(T)
	if !ok {
		h.t.Fatalf("screen is %T, want %T", h.screen(), s)
	}
	return s
}

func (h *harness) form() *addressForm { return topScreen[*addressForm](h) }

// fillAddress types the address from line 1 on, enter after each field;
// the focus ends on the first tick box.
func (h *harness) fillAddress(a domain.AddressInput) {
	h.t.Helper()
	for _, v := range []string{a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr} {
		h.typ(v)
		h.press("enter")
	}
	if f := h.form(); f.focus != fCardSeen {
		h.t.Fatalf("after the address the focus is on %d", f.focus)
	}
}

// fillEvidence ticks and types the evidence; the focus ends on the scans.
func (h *harness) fillEvidence(e domain.Evidence) {
	h.t.Helper()
	tick := func(on bool) {
		if on {
			h.press("space")
		}
		h.press("enter")
	}
	tick(e.RegistrationCardCopy)
	tick(e.CINCopy)
	h.typ(e.CINReadOffCopy)
	h.press("enter")
	tick(e.SignedForm)
	h.typ(e.FormNumber)
	h.press("enter")
}

// requests lists the requests of a member straight from the service.
func (f *fixture) requests(t *testing.T, member int64) []service.RequestDetail {
	t.Helper()
	super := f.session(t, "super", superPassword)
	list, err := f.svc.AddressRequests(context.Background(), super, service.RequestFilter{MemberID: member})
	if err != nil {
		t.Fatal(err)
	}
	var out []service.RequestDetail
	for _, r := range list {
		d, err := f.svc.AddressRequest(context.Background(), super, r.Ref)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestAddressFormFieldErrorsNameTheField(t *testing.T) {
	f := newFixture(t)
	h := openForm(t, f, "agent", agentPassword)

	h.press("f5") // review an empty form
	fm := h.form()
	if fm.step != stepEdit || fm.focus != fLine1 {
		t.Fatalf("step %d focus %d, want the form on line 1", fm.step, fm.focus)
	}
	h.mustShow("Line 1: is required")

	h.typ("7 Avenue Hassan II")
	h.mustNotShow("Line 1: is required") // typing in the field clears its error
	h.press("enter", "enter", "enter")
	h.typ("Rab")
	h.mustShow("Rabat 10000", "tab takes it")
	h.press("tab") // take the suggestion: city, postal code and province
	if v := [3]string{fm.inputs[fCity].Value(), fm.inputs[fPostal].Value(), fm.inputs[fProvince].Value()}; v != [3]string{"Rabat", "10000", "Rabat"} {
		t.Fatalf("the suggestion filled %q", v)
	}
	h.press("enter")
	fm.inputs[fPostal].SetValue("") // a postal code of 4 digits
	h.typ("1002")
	h.press("f5")
	if fm.step != stepEdit || fm.focus != fPostal {
		t.Fatalf("step %d focus %d, want the form on the postal code", fm.step, fm.focus)
	}
	h.mustShow("Postal code: must be 5 digits, e.g. 10000", "! Postal code")

	h.typ("0")
	h.press("f5")
	if fm.step != stepReview {
		t.Fatalf("a valid address did not reach the review: %q", fm.errText)
	}
	h.mustShow("Review: new address", "7 Avenue Hassan II", "10020 Rabat",
		"Missing: Registration-card copy, CIN copy, Signed form")

	// The CIN read off the copy must be the member's.
	h.press("esc") // back to the form
	for fm.focus != fCINRead {
		h.press("down")
	}
	h.typ("AB999999")
	h.press("f5")
	if fm.step != stepEdit || fm.focus != fCINRead {
		t.Fatalf("step %d focus %d, want the form on the CIN", fm.step, fm.focus)
	}
	h.mustShow("CIN read off the copy: the CIN read off the copy is not this member's")
	if !fm.ticks[fCINSeen] {
		t.Error("typing the CIN read off the copy did not tick the CIN copy")
	}
	if n := len(f.requests(t, f.alaoui)); n != 0 {
		t.Fatalf("%d requests stored by a form that was never submitted", n)
	}
}

// A postal code that does not fit a listed city is a warning to confirm;
// submitting needs an explicit key in a dialog; the reference shows; the
// member file then shows the pending change.
func TestAddressFormWarningConfirmAndSubmit(t *testing.T) {
	f := newFixture(t)
	h := openForm(t, f, "agent", agentPassword)
	a := newAddress
	a.PostalCode = "20000" // Casablanca's
	h.fillAddress(a)
	h.fillEvidence(completeEvidence)
	h.press("f5")
	fm := h.form()
	h.mustShow("To confirm", "Postal code: does not look like a postal code of Rabat (10000)", "[ ] I checked",
		"✓ Registration-card copy", "CIN read off it: AB•••456", "Signed form no. F-2025-001")
	h.mustNotShow("Missing:")

	h.press("f5") // submit before confirming
	if fm.dlg != nil {
		t.Fatal("the submit dialog opened with the warning unconfirmed")
	}
	h.mustShow("Confirm the warnings first")
	h.press("f6")
	h.mustShow("[✓] Confirmed")
	h.press("ctrl+s")
	if fm.dlg == nil || fm.dlgKind != dlgSubmit {
		t.Fatal("ctrl+s did not ask to confirm the submission")
	}
	h.mustShow("Submit this address change?", "cannot be edited", "y/ctrl+y submit")
	h.press("enter", "space") // not explicit enough
	if fm.dlg == nil || fm.step != stepReview {
		t.Fatal("enter or space submitted")
	}
	h.press("esc")
	if fm.dlg != nil || len(f.requests(t, f.alaoui)) != 0 {
		t.Fatal("esc did not just close the dialog")
	}
	h.press("f5", "y")
	if fm.step != stepDone {
		t.Fatalf("not submitted: %q", fm.errText)
	}
	h.mustShow("Reference RAB01-20250615-1 — give it to the member", "Address change RAB01-20250615-1 recorded.")
	// No printer: the receipt is saved, and says where.
	h.mustShowFlat("No printer: the receipt was saved to", "RAB01-20250615-1.pdf")
	if !strings.HasSuffix(fm.receiptText, ".pdf.") {
		t.Fatalf("receipt: %q", fm.receiptText)
	}
	saved := strings.TrimSuffix(strings.TrimPrefix(fm.receiptText, "No printer: the receipt was saved to "), ".")
	if pdf, err := os.ReadFile(saved); err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("receipt file %s: %v", saved, err)
	}
	h.press("f5") // print it again: saved under another name
	h.mustShowFlat("RAB01-20250615-1-2.pdf")
	reqs := f.requests(t, f.alaoui)
	if len(reqs) != 1 || reqs[0].Request.Address.PostalCode != "20000" || reqs[0].Request.Evidence.FormNumber != "F-2025-001" ||
		reqs[0].Request.Address.LineAr != newAddress.LineAr || reqs[0].Request.Exception != nil {
		t.Fatalf("stored %+v", reqs)
	}

	h.press("enter") // back to the member file, which shows the badge
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("enter led to %T", h.screen())
	}
	h.mustShow("CHANGE PENDING", "RAB01-20250615-1 · by agent")
	// A second change is refused before any typing.
	h.press("f4")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("F4 with a change pending opened %T", h.screen())
	}
	h.mustShow("An address change is already pending")
	// enter opens the pending request.
	h.press("enter")
	if _, ok := h.screen().(*requestScreen); !ok {
		t.Fatalf("enter on the badge opened %T", h.screen())
	}
	h.mustShow("Request RAB01-20250615-1", "Awaiting a supervisor's decision")
}

// Missing evidence: the service asks for a second person, who signs in on
// the same screen; the change goes in with the exception.
func TestAddressFormEvidenceMissingSecondPerson(t *testing.T) {
	f := newFixture(t)
	h := openForm(t, f, "agent", agentPassword)
	h.fillAddress(newAddress)
	h.fillEvidence(domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: alaouiCIN}) // no signed form
	h.press("f5")
	h.mustShow("Missing: Signed form")
	h.press("f5", "y")
	fm := h.form()
	if fm.dlg == nil || fm.dlgKind != dlgConsent {
		t.Fatalf("no second sign-in (step %d, %q)", fm.step, fm.errText)
	}
	h.mustShow("Evidence exception: a supervisor signs in", "Evidence is missing: Signed form", "Supervisor", "Password", "Reason")
	if !h.m.typing() {
		t.Fatal("the dialog's fields do not take text")
	}

	h.signConsent(fm.dlg, "agent", agentPassword, "form at home")
	h.consentRefusedOn(fm.dlg, "Supervisor: The second person must be someone other than you.", consentUser)
	h.signConsent(fm.dlg, "super", "wrong-password-1", "form at home")
	h.consentRefusedOn(fm.dlg, "Password: Wrong username or password.", consentPassword)
	h.mustNotShow("wrong-password-1") // the password is masked
	h.signConsent(fm.dlg, "super", superPassword, "")
	h.consentRefusedOn(fm.dlg, "Reason: is required", consentReason)
	if n := len(f.requests(t, f.alaoui)); n != 0 {
		t.Fatalf("%d requests stored before the exception", n)
	}
	h.signConsent(fm.dlg, "super", superPassword, "form brought tomorrow")
	if fm.step != stepDone || fm.dlg != nil {
		t.Fatalf("not submitted with the exception (step %d): %q", fm.step, fm.errText)
	}
	h.mustShow("give it to the member")
	reqs := f.requests(t, f.alaoui)
	if len(reqs) != 1 || reqs[0].Request.Exception == nil || reqs[0].Request.Exception.GrantedBy != "super" ||
		reqs[0].Request.Exception.Reason != "form brought tomorrow" {
		t.Fatalf("stored %+v", reqs)
	}
}

// esc on a filled-in form asks before throwing it away; on an empty one it
// just leaves.
func TestAddressFormLeave(t *testing.T) {
	f := newFixture(t)
	h := openForm(t, f, "agent", agentPassword)
	h.press("esc")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("esc on an empty form led to %T", h.screen())
	}
	h.typ("a") // the letter alternative of F4
	h.typ("7 Avenue")
	h.press("esc")
	h.mustShow("Leave the form?")
	h.press("esc")
	if h.form().inputs[fLine1].Value() != "7 Avenue" {
		t.Fatal("the text was lost")
	}
	h.press("esc", "ctrl+y")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("confirming led to %T", h.screen())
	}
}

// An answer to an older review is dropped: the form changed since.
func TestStaleReviewIsDropped(t *testing.T) {
	f := newFixture(t)
	h := openForm(t, f, "agent", agentPassword)
	h.fillAddress(newAddress)
	first := h.update(namedKeys["f5"])
	fm := h.form()
	fm.inputs[fLine1].SetValue("") // the agent empties line 1 and asks again
	second := h.update(namedKeys["f5"])
	h.send(run(second)...)
	h.send(run(first)...) // the first answer, late: it said all was well
	if fm.step != stepEdit {
		t.Fatalf("the stale review was shown (step %d)", fm.step)
	}
	h.mustShow("Line 1: is required")
}
