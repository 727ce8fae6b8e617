package tui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// Counter letters on the Reissue PIN screen: saved when there is no
// printer, a failed print, the second supervisor judged before anything
// prints, a letter voided after the print, and the whole program's flow.

// No printer: the agent names a file; an existing one is refused in the
// dialog; the letter is saved 0600.
func TestPINCounterNoPrinterSaves(t *testing.T) {
	f := newFixture(t)
	f.usePINs(t, "")
	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	h.press("enter", "y")
	s := h.pinScreen()
	if s.dlgKind != pinDlgSave {
		t.Fatalf("no printer: dialog %d", s.dlgKind)
	}
	h.mustShowFlat("This console has no printer.")
	dir := t.TempDir()
	taken := filepath.Join(dir, "taken.pdf")
	if err := os.WriteFile(taken, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.typ(taken)
	h.press("enter")
	if s.dlgKind != pinDlgSave || s.dlg.errText == "" || !strings.HasPrefix(s.dlg.errText, "File: ") {
		t.Fatalf("an existing file was not refused in the dialog: %d %q", s.dlgKind, s.errText)
	}
	if len(f.issues(t, f.alaoui)) != 0 {
		t.Fatal("a refused save queued a reissue")
	}
	path := filepath.Join(dir, "letter.pdf")
	s.dlg.inputs[0].SetValue(path)
	h.press("enter")
	h.mustShowFlat("the letter was saved to "+path, "then delete the file.")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("saved letter: %v %v", info, err)
	}
	if code := letterPIN(t, path); strings.Contains(h.text(), code) {
		t.Fatal("the screen shows the PIN")
	}
}

// A print that fails queues nothing; the agent may save the letter
// instead.
func TestPINPrintFailureOffersSave(t *testing.T) {
	f := newFixture(t)
	f.usePINs(t, `sh -c 'cat > /dev/null; echo paper jam >&2; exit 3'`)
	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	h.press("enter", "y")
	if s := h.pinScreen(); s.dlgKind != pinDlgSave {
		t.Fatalf("a failed print: dialog %d", s.dlgKind)
	}
	h.mustShow("Save the letter to a file", "paper jam", "save the letter to a new file")
	if len(f.issues(t, f.alaoui)) != 0 {
		t.Fatal("a failed print queued a reissue")
	}
	h.press("esc")
	h.mustShow("No PIN reissued yet.")
}

// During the cooling-off a second supervisor signs in on the same screen:
// the agent, a wrong password and another agent are refused in the
// dialog, naming the field; another supervisor's override goes through.
func TestPINCoolingOffOverride(t *testing.T) {
	f := newFixture(t)
	cmd, printed := printer(t)
	f.usePINs(t, cmd)
	ctx := context.Background()
	admin := f.session(t, "admin", adminPassword)
	if err := f.svc.AddUser(ctx, admin, service.NewUser{Username: "agent2", DisplayName: "Agent Two", Role: "agent",
		Branch: "RAB01", Password: agentPassword}); err != nil {
		t.Fatal(err)
	}
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	if _, err := f.svc.ApproveAddressChange(ctx, f.session(t, "super", superPassword), ref); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(time.Hour)

	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	h.mustShowFlat("Cooling-off after the address change until 2025-06-18 10:30 Africa/Casablanca: a second supervisor must sign in to override.")
	h.press("enter")
	s := h.pinScreen()
	if s.dlgKind != pinDlgOverride {
		t.Fatalf("cooling-off: dialog %d", s.dlgKind)
	}
	h.mustShow("Cooling-off: a second supervisor signs in", "Supervisor", "Password", "Reason")
	// It stands in for the confirmation: it says where the PIN goes.
	if body := strings.Join(s.dlg.body, "\n"); !strings.Contains(body, "Reissue by Counter for Alaoui Mohamed") ||
		!strings.Contains(body, "Hand it over only after checking the member's CIN.") {
		t.Fatalf("the override dialog does not say where the PIN goes:\n%s", body)
	}
	refused := func(want string, field int) {
		t.Helper()
		if s.dlg == nil || s.dlgKind != pinDlgOverride {
			t.Fatalf("the override dialog closed, want %q:\n%s", want, h.text())
		}
		h.consentRefusedOn(s.dlg, want, field)
		if n := len(f.issues(t, f.alaoui)); n != 0 {
			t.Fatalf("%d issues after a refused override", n)
		}
		if _, err := os.Stat(printed); err == nil {
			t.Fatal("a letter printed for a refused override")
		}
	}
	h.signConsent(s.dlg, "", "", "")
	refused("Supervisor: is required", consentUser)
	h.signConsent(s.dlg, "agent", agentPassword, "leaving for Mecca")
	refused("Supervisor: The second person must be someone other than you.", consentUser)
	h.signConsent(s.dlg, "super", "wrong-password-9", "leaving for Mecca")
	refused("Password: Wrong username or password.", consentPassword)
	h.signConsent(s.dlg, "agent2", agentPassword, "leaving for Mecca")
	refused("Supervisor: That account cannot give overrides: a supervisor must sign in.", consentUser)
	h.mustNotShow(agentPassword, "wrong-password-9")

	h.signConsent(s.dlg, "super", superPassword, "leaving for Mecca")
	if s.dlg != nil {
		t.Fatalf("override refused: %q", s.dlg.errText)
	}
	h.mustShowFlat("the letter printed", "override by super: leaving for Mecca")
	hist := f.issues(t, f.alaoui)
	if len(hist) != 1 || hist[0].Override == nil || hist[0].Override.By != "super" || hist[0].Override.Reason != "leaving for Mecca" {
		t.Fatalf("history %+v", hist)
	}
	if code := letterPIN(t, printed); strings.Contains(h.text(), code) {
		t.Fatal("the screen shows the PIN")
	}
}

// A reissue refused once the letter is out says first to destroy the
// letter, whatever the refusal (a field error, even a sign-out).
func TestPINVoidLetterSaysDestroyIt(t *testing.T) {
	f := newFixture(t)
	f.usePINs(t, "")
	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	destroy := f.sh(t).cat.T(service.KeyPINLetterVoid)
	for _, refusal := range []error{domain.NewFieldError("reason", domain.KeyTooLong, domain.MaxReasonLen), context.Canceled} {
		s := h.pinScreen()
		s.channel, s.acting = domain.ChannelCounter, 99
		h.send(pinReissueMsg{req: 99, channel: domain.ChannelCounter, err: &service.PINLetterVoidError{Refusal: refusal}})
		if !strings.HasPrefix(s.errText, destroy) || s.dlg != nil {
			t.Fatalf("%v: the screen says %q", refusal, s.errText)
		}
		h.mustShowFlat(destroy)
	}
}

// The whole program at 80×24 on a real database: member file, F7, a
// counter reissue; the final frame fits, and the PIN is nowhere in what
// the terminal received.
func TestPINFlow80x24(t *testing.T) {
	f := newFixture(t)
	cmd, printed := printer(t)
	f.usePINs(t, cmd)
	tm, _ := startProgram(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English()}), 80, 24)
	var out bytes.Buffer // everything the terminal received
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			if bytes.Contains(b, []byte(what)) {
				out.Write(b)
				return true
			}
			return false
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait("Sign in to this console")
	typeSignIn(tm, "agent", agentPassword)
	wait("results come as you type")
	tm.Type(alaouiRegNo)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("Current address")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyF7})
	wait("PIN history")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("Reissue the PIN by Counter?")
	tm.Send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	wait("queued")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if _, ok := final.top().(*pinScreen); !ok {
		t.Fatalf("final screen %T", final.top())
	}
	content := final.View().Content
	checkFrame(t, content, 80, 24)
	txt := ansi.Strip(content)
	for _, want := range []string{"Temporary PIN · Alaoui Mohamed · 100234567", "1 Counter", "PIN history", "queued", "enter reissue"} {
		if !strings.Contains(txt, want) {
			t.Errorf("final frame lacks %q:\n%s", want, txt)
		}
	}
	for _, l := range strings.Split(txt, "\n") { // nothing wrapped into a stray line
		if strings.HasPrefix(l, "…") {
			t.Errorf("a line starts with an ellipsis:\n%s", txt)
		}
	}
	code := letterPIN(t, printed)
	rest, err := io.ReadAll(tm.Output())
	if err != nil {
		t.Fatal(err)
	}
	out.Write(rest)
	if bytes.Contains(out.Bytes(), []byte(code)) || strings.Contains(txt, code) {
		t.Fatal("the terminal received the PIN")
	}
}
