package tui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Africa/Casablanca on any host

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/service"
)

// usePINs serves the fixture's database with the PIN policy (12-digit
// PINs, so that no registration number or PPR can pass for one), the
// centre's public key, and printCmd as the printer ("" = none).
func (f *fixture) usePINs(t *testing.T, printCmd string) {
	t.Helper()
	casablanca, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	key, err := pin.GenerateBoxKey("centre-2025")
	if err != nil {
		t.Fatal(err)
	}
	rule, err := domain.NewRegNoRule("[0-9]{6,12}")
	if err != nil {
		t.Fatal(err)
	}
	p := domain.DefaultPINPolicy(casablanca)
	p.Length = 12
	policy := service.Policy{RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: 15 * time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC, ScanMaxBytes: 10 << 20,
		DocumentsDir: filepath.Join(t.TempDir(), "documents"), ReceiptDir: filepath.Join(t.TempDir(), "receipts"),
		PrintCommand: printCmd, PIN: p, PINKey: pin.BoxKey{ID: key.ID, Public: key.Public},
		PortalURL: "https://portail.cnops.ma"}
	f.svc, err = service.New(context.Background(), f.db, policy, service.WithClock(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
}

// printer is a print command that writes the letter to a file.
func printer(t *testing.T) (cmd, path string) {
	path = filepath.Join(t.TempDir(), "printed.pdf")
	return "sh -c 'cat > " + path + "'", path
}

// letterPIN reads the PIN off a letter, as the member would.
func letterPIN(t *testing.T, path string) string {
	t.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*([0-9]{12})\s*$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no 12-digit PIN in the letter:\n%s", text)
	}
	return m[1]
}

// openPIN signs user in, opens the member's file and the Reissue PIN
// screen on it (F7).
func openPIN(t *testing.T, f *fixture, user, pass string, member int64) *harness {
	t.Helper()
	h := newHarness(t, f.svc, Deps{})
	h.signIn(user, pass)
	h.send(OpenMemberMsg{ID: member})
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("member file did not open: %T", h.screen())
	}
	h.mustShow("F7/p reissue the PIN")
	h.press("f7")
	h.pinScreen()
	return h
}

func (h *harness) pinScreen() *pinScreen {
	h.t.Helper()
	s, ok := h.screen().(*pinScreen)
	if !ok {
		h.t.Fatalf("screen is %T, want Reissue PIN", h.screen())
	}
	return s
}

// issues lists the member's PIN history straight from the service.
func (f *fixture) issues(t *testing.T, member int64) []service.PINHistoryRow {
	t.Helper()
	ov, err := f.svc.PINOverview(context.Background(), f.session(t, "super", superPassword), member)
	if err != nil {
		t.Fatal(err)
	}
	return ov.History
}

// A counter reissue: eligibility first, an explicit confirmation, the
// letter printed, the history showing it queued; the PIN, read off the
// letter, is in no frame the screen ever drew.
func TestPINCounterReissue(t *testing.T) {
	f := newFixture(t)
	cmd, printed := printer(t)
	f.usePINs(t, cmd)
	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	var frames []string
	snap := func() { frames = append(frames, h.content()) }

	h.mustShow("Reissue PIN", "Temporary PIN · Alaoui Mohamed · 100234567",
		"› 1 Counter  ✓ available", "2 Post     ✓ available", "3 E-mail   ✗ not available",
		"Reissues in the last 30 days: 0 of 3.", "No cooling-off", "A PIN issued now works until 2025-07-15.",
		"No PIN reissued yet.", "enter reissue")
	h.mustNotShow("long-term", "ALD") // no health data
	snap()

	h.typ("3") // e-mail: not for him; says why, chooses nothing
	if s := h.pinScreen(); s.choice != 0 {
		t.Fatalf("an unavailable channel was chosen: %d", s.choice)
	}
	h.press("down", "down") // the cursor skips e-mail
	if s := h.pinScreen(); s.choice != 1 {
		t.Fatalf("down chose %d", s.choice)
	}
	h.press("up", "enter")
	h.mustShow("Reissue the PIN by Counter?", "For Alaoui Mohamed · 100234567.", "y/ctrl+y reissue")
	snap()
	h.press("enter", "space") // not explicit enough
	if s := h.pinScreen(); s.dlg == nil || len(f.issues(t, f.alaoui)) != 0 {
		t.Fatal("enter or space reissued")
	}
	h.press("y")
	snap()
	h.mustShowFlat("PIN reissued at the counter; the letter printed: hand it over after checking the CIN.")
	// 09:30 UTC is 10:30 in Casablanca: the dates agents read are the members'.
	h.mustShow("Reissues in the last 30 days: 1 of 3.", "2025-06-15 10:30 Counter queued", "2025-07-15 agent")
	h.mustNotShow("No PIN reissued yet.")
	hist := f.issues(t, f.alaoui)
	if len(hist) != 1 || hist[0].Channel != domain.ChannelCounter || hist[0].State != domain.PINQueued {
		t.Fatalf("history %+v", hist)
	}
	code := letterPIN(t, printed)

	h.press("f1")
	snap()
	h.press("esc", "end")
	snap()
	for i, fr := range frames {
		checkFrame(t, fr, 80, 24)
		if strings.Contains(ansi.Strip(fr), code) {
			t.Fatalf("frame %d shows the PIN %s:\n%s", i, code, ansi.Strip(fr))
		}
	}
	h.press("esc")
	if _, ok := h.screen().(*memberScreen); !ok {
		t.Fatalf("esc went to %T, want the member file", h.screen())
	}
}

// Post and e-mail queue a request for the centre; after the limit every
// channel says when the next reissue is possible.
func TestPINPostQueuedAndLimit(t *testing.T) {
	f := newFixture(t)
	f.usePINs(t, "")
	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	h.typ("٢") // the digit row under an Arabic layout
	h.press("enter")
	h.mustShow("Reissue the PIN by Post?", "posts it to the verified", "12 Rue Oued Ziz")
	cmd := h.update(namedKeys["y"]) // the reissue under way...
	h.mustShow("Reissuing the PIN…")
	h.press("esc") // ...keeps the screen until its outcome shows
	h.pinScreen()
	h.send(run(cmd)...)
	for i := range 3 {
		if i > 0 {
			h.typ("2")
			h.press("enter", "ctrl+y")
		}
		h.mustShowFlat("PIN reissue by Post queued: the centre will send it.")
		f.now = f.now.Add(time.Hour)
		if i < 2 {
			h.mustShow("2 Post     ✓ available")
		}
	}
	h.mustShow("3 of 3", "Post    queued")
	h.mustNotShow("✓ available", "enter reissue")
	h.mustShowFlat("No channel is available for this member")
	h.mustShow("PgUp PgDn to scroll") // the page is longer than the terminal...
	h.mustNotShow("↑ ↓ PgUp")         // ...and the arrows choose channels here
	if n := len(f.issues(t, f.alaoui)); n != 3 {
		t.Fatalf("%d issues", n)
	}
	h.press("enter") // nothing to reissue
	if h.pinScreen().dlg != nil {
		t.Fatal("a dialog opened with no channel available")
	}
}

// A member whose address is not verified: counter and post say what to
// do; the data that came with escape sequences reaches the frame clean.
func TestPINUnverifiedAddressRefused(t *testing.T) {
	f := newFixture(t)
	f.usePINs(t, "")
	h := openPIN(t, f, "agent", agentPassword, f.hostile)
	unverified := f.sh(t).cat.Error(domain.ErrPINAddressUnverified)
	h.mustShowFlat("1 Counter ✗ not available: "+unverified, "2 Post ✗ not available: "+unverified)
	h.mustShowFlat("No channel is available for this member")
	checkNoInjection(t, h.content())
	checkFrame(t, h.content(), 80, 24)
	h.typ("1")
	if s := h.pinScreen(); s.choice != -1 || s.dlg != nil {
		t.Fatal("an unavailable channel was chosen")
	}
	h.mustShowFlat(unverified) // in the status bar too
}

func (f *fixture) sh(t *testing.T) *shared {
	return newShared(context.Background(), f.svc, i18n.English(), nil)
}

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
	h.mustShowFlat("the letter was saved to " + path)
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
	sign := func(user, pass, reason string) {
		t.Helper()
		s.dlg.inputs[0].SetValue("")
		s.dlg.inputs[2].SetValue("")
		s.dlg.setFocus(0)
		h.typ(user)
		h.press("enter")
		h.typ(pass)
		h.press("enter")
		h.typ(reason)
		h.press("enter")
	}
	refused := func(want string, field int) {
		t.Helper()
		if s.dlg == nil {
			t.Fatalf("the dialog closed, want %q:\n%s", want, h.text())
		}
		if s.dlgKind != pinDlgOverride || s.dlg.errText != want || s.dlg.focus != field {
			t.Fatalf("dialog %d error %q focus %d, want %q on %d\n%s", s.dlgKind, s.dlg.errText, s.dlg.focus, want, field, h.text())
		}
		if s.dlg.value(1) != "" {
			t.Fatal("the refused password stays typed")
		}
		checkFrame(t, h.content(), 80, 24)
		if n := len(f.issues(t, f.alaoui)); n != 0 {
			t.Fatalf("%d issues after a refused override", n)
		}
		if _, err := os.Stat(printed); err == nil {
			t.Fatal("a letter printed for a refused override")
		}
	}
	sign("", "", "")
	refused("Supervisor: is required", 0)
	sign("agent", agentPassword, "leaving for Mecca")
	refused("Supervisor: The second person must be someone other than you.", 0)
	h.mustShow("Supervisor: The second person must be someone other")
	sign("super", "wrong-password-9", "leaving for Mecca")
	refused("Password: Wrong username or password.", 1)
	sign("agent2", agentPassword, "leaving for Mecca")
	refused("Supervisor: That account cannot give overrides: a supervisor must sign in.", 0)
	h.mustNotShow(agentPassword, "wrong-password-9")

	sign("super", superPassword, "leaving for Mecca")
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

// The screen fills small and large terminals exactly, dialogs and help
// included.
func TestPINFramesFit(t *testing.T) {
	f := newFixture(t)
	cmd, _ := printer(t)
	f.usePINs(t, cmd)
	h := openPIN(t, f, "agent", agentPassword, f.alaoui)
	h.press("enter", "y", "down", "enter", "y") // a counter letter, then a post request
	for _, size := range [][2]int{{80, 24}, {60, 16}, {200, 60}, {40, 12}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, keys := range [][]string{nil, {"enter"}, {"esc", "f1"}, {"esc", "end"}} {
			h.press(keys...)
			checkFrame(t, h.content(), size[0], size[1])
			if t.Failed() {
				t.Fatalf("%v after %v:\n%s", size, keys, h.text())
			}
		}
		h.press("home")
	}
	h.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	h.mustShow("Override", "By", "Post", "Counter", "queued")
}

// An admin never reaches the screen: the console does not offer it, and
// the service refuses the overview when it is pushed anyway.
func TestPINAdminRefused(t *testing.T) {
	f := newFixture(t)
	f.usePINs(t, "")
	h := newHarness(t, f.svc, Deps{})
	h.signIn("admin", adminPassword)
	h.send(OpenPINMsg{MemberID: f.alaoui, Name: "Alaoui Mohamed", RegNo: alaouiRegNo})
	if _, ok := h.screen().(*pinScreen); ok {
		t.Fatal("the console opened Reissue PIN for an admin")
	}
	h.mustShow("Your role does not allow this.")
	s, cmd := newPINScreen(h.m.sh, OpenPINMsg{MemberID: f.alaoui, Name: "Alaoui Mohamed", RegNo: alaouiRegNo})
	h.m.push(s)
	h.send(run(cmd)...)
	h.mustShow("Your role does not allow this.", "Press esc to go back")
	h.mustNotShow("Counter", "12 Rue")
	if _, err := f.svc.ReissuePIN(context.Background(), f.session(t, "admin", adminPassword),
		service.PINReissueInput{MemberID: f.alaoui, Channel: domain.ChannelPost}); err == nil {
		t.Fatal("the service let an admin reissue")
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
	tm.Type("agent")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(agentPassword)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
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
