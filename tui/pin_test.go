package tui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Africa/Casablanca on any host

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

func (h *harness) pinScreen() *pinScreen { return topScreen[*pinScreen](h) }

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
	h.mustNotShow("long-term", "ALD", alaouiCIN) // no health data, no CIN
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
		if txt := ansi.Strip(fr); strings.Contains(txt, code) || strings.Contains(txt, alaouiCIN) {
			t.Fatalf("frame %d shows the PIN %s or the CIN:\n%s", i, code, txt)
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
