package tui

import (
	"context"
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// Every screen state fills the terminal exactly, at 80×24 and at a large
// size, without a line wider than the terminal.
func TestFramesFitTheTerminal(t *testing.T) {
	f := newFixture(t)
	for _, size := range [][2]int{{80, 24}, {200, 60}, {60, 16}} {
		w, hgt := size[0], size[1]
		h := newHarness(t, f.svc, Deps{DemoHint: []string{"agent / agent-password-1", strings.Repeat("long hint ", 20)}})
		h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
		frame := func(state string) {
			t.Helper()
			if t.Failed() {
				return
			}
			checkFrame(t, h.content(), w, hgt)
			if t.Failed() {
				t.Fatalf("%d×%d %s:\n%s", w, hgt, state, h.text())
			}
		}
		frame("sign-in")
		h.signIn("agent", "wrong-password-1")
		frame("sign-in error")
		h.press("f1")
		frame("sign-in help")
		h.press("esc")
		h.typ(agentPassword)
		h.press("enter")
		frame("lookup")
		h.typ("not an identifier")
		h.press("enter")
		frame("lookup error")
		h.press("esc")
		h.typ(otherRegNo)
		h.press("enter")
		frame("results")
		h.press("f1")
		frame("results help")
		h.press("esc", "down", "enter")
		frame("member file")
		h.press("end")
		frame("member file, bottom")
		h.press("f1")
		frame("member file help")
		h.press("esc", "ctrl+l")
		h.signIn("admin", adminPassword)
		frame("accounts")
	}
}

// Arabic names stand alone on their lines, never inside a Latin column.
func TestArabicOnItsOwnLine(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ(alaouiRegNo)
	h.press("enter")
	s := h.screen().(*memberScreen)
	arabic := regexp.MustCompile(`\p{Arabic}`)
	latin := regexp.MustCompile(`[A-Za-z]`)
	for _, w := range []int{80, 120, 50} {
		found := 0
		for _, l := range s.doc.lines(h.m.sh, w) {
			plain := ansi.Strip(l)
			if !arabic.MatchString(plain) {
				continue
			}
			found++
			if latin.MatchString(plain) {
				t.Errorf("width %d: Arabic shares a line with Latin text: %q", w, plain)
			}
		}
		if found != 5 { // member, three beneficiaries, current address
			t.Errorf("width %d: %d Arabic lines, want 5", w, found)
		}
	}
}

func TestMemberFileContent(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ(alaouiRegNo)
	h.press("enter")
	s := h.screen().(*memberScreen)
	txt := ansi.Strip(strings.Join(s.doc.lines(h.m.sh, 100), "\n"))
	for _, want := range []string{
		"Alaoui Mohamed", "محمد العلوي", alaouiRegNo, alaouiCIN, "MGPAP — Mutuelle Générale",
		"1968-04-12 (57 years)", alaouiPPR, "+212612345678", "m.alaoui@example.ma", "RAB01", "Record version  3",
		"Beneficiaries (3)",
		"Spouse", "Bennani Fatima", "spouse: covered",
		"Alaoui Youssef", "2003-02-10", " 22", "student: covered until 2029-02-09",
		"Alaoui Salma", " 27", "not covered: cover ended on 2019-01-19 (age limit)",
		"Current address  ✓ verified  since 2021-07-01", "12 Rue Oued Ziz", "Appartement 4", "10090 Rabat",
		"12 زنقة واد زيز، أكدال، الرباط",
		"Address history", "2015-03-01 – 2021-06-30  5 Avenue Fal Ould Oumeir",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("member file lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(txt)
	}
}

// Data with escape sequences, BEL and bidi overrides reaches the terminal as
// harmless text, in the member file, the results list and the status bar.
func TestDataIsSanitised(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)

	h.typ(alaouiCIN) // the hostile member shares Alaoui's CIN: a list
	h.press("enter")
	checkNoInjection(t, h.content())
	h.mustShow("]0;pwnedAlaoui[31m")

	h.press("down", "enter")
	if s, ok := h.screen().(*memberScreen); !ok || s.id != f.hostile {
		t.Fatalf("opened %T, want the hostile member's file", h.screen())
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	content := h.content()
	if strings.ContainsAny(content, "\a\u202e") || strings.Contains(content, "\x1b]") {
		t.Fatalf("escape data reached the frame: %q", content)
	}
	checkNoInjection(t, content)
	// What is left of the sequences prints as text (so it was not merely
	// hidden by our own stripping).
	h.mustShow("]0;pwnedAlaoui[31m Karim", "kam.ti[2J@example.ma", "7 Rue [8mHidden[0m")

	// The status bar shows the session's display name through safe too.
	h.m.sh.sess.DisplayName = "Eve\x1b]52;c;bWFsd2FyZQ==\x07"
	checkNoInjection(t, h.content())
	h.mustShow("Eve]52;c;bWFsd2FyZQ==")
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"Alaoui":                     "Alaoui",
		hostileName:                  "]0;pwnedAlaoui[31m",
		"a\u202Eb\u2066c\u200Fd":     "abcd",
		"line\nbreak\ttab\r":         "linebreaktab",
		"\u009b31m C1 CSI":           "31m C1 CSI",
		"\x9b31m raw byte":           "\uFFFD31m raw byte",
		"العلوي":                     "العلوي",
		string([]byte{0xff, 'x'}):    "\uFFFDx",
		"\x1bP+q544e\x1b\\ DCS data": "P+q544e\\ DCS data",
	} {
		if got := safe(in); got != want {
			t.Errorf("safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThemeFollowsTerminalBackground(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	if cmd := h.m.Init(); cmd == nil {
		t.Fatal("Init does not ask for the background colour")
	}
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.sh.styles.IsDark {
		t.Fatal("white background gave the dark theme")
	}
	light := h.content()
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if !h.m.sh.styles.IsDark {
		t.Fatal("black background gave the light theme")
	}
	if h.content() == light {
		t.Fatal("the frame looks the same on light and dark backgrounds")
	}
}

// Every message key the package uses is in the catalogue.
func TestCatalogueCoversScreens(t *testing.T) {
	cat := i18n.English()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`"(tui\.[a-z_.]*[a-z_])"`)
	n := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			n++
			if !cat.Has(m[1]) {
				t.Errorf("%s: catalogue lacks %q", file, m[1])
			}
		}
	}
	if n < 50 {
		t.Fatalf("found only %d keys: is the pattern still right?", n)
	}
	for _, k := range domain.AllMessageKeys {
		if !cat.Has(k) {
			t.Errorf("catalogue lacks domain key %q", k)
		}
	}
}

// A failure of the system (not a refusal) shows its text, sanitised.
func TestServiceFailureIsShown(t *testing.T) {
	h := newHarness(t, failing{}, Deps{})
	h.signIn("agent", agentPassword)
	h.mustShow("database is locked[0m")
	checkNoInjection(t, h.content())
}

type failing struct{ Service }

func (failing) SignIn(context.Context, string, string) (service.Session, error) {
	return service.Session{}, errors.New("database is locked\x1b[0m")
}

// The address-change screens fill the terminal exactly in every state,
// dialogs included.
func TestAddressScreensFitTheTerminal(t *testing.T) {
	f := newFixture(t)
	agent := f.session(t, "agent", agentPassword)
	for _, size := range [][2]int{{80, 24}, {200, 60}, {60, 16}} {
		w, hgt := size[0], size[1]
		f.exec(t, `UPDATE address_requests SET state = 'cancelled'`) // the last size's
		ref := f.request(t, agent, f.other, otherEvidence)
		h := newHarness(t, f.svc, Deps{})
		h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
		frame := func(state string) {
			t.Helper()
			checkFrame(t, h.content(), w, hgt)
			checkNoInjection(t, h.content())
			if t.Failed() {
				t.Fatalf("%d×%d %s:\n%s", w, hgt, state, h.text())
			}
		}
		h.signIn("super", superPassword)
		h.press("f7")
		frame("queue")
		h.press("enter")
		frame("request")
		if r, ok := h.screen().(*requestScreen); !ok || r.ref != ref {
			t.Fatalf("opened %T", h.screen())
		}
		h.press("end")
		frame("request, bottom")
		h.press("f9")
		frame("reason dialog")
		h.typ("a reason long enough to wrap in the dialog box, at least on a narrow terminal")
		h.press("enter")
		frame("reject confirmation")
		h.press("esc", "f8")
		frame("approve confirmation")
		h.press("esc", "f1")
		frame("request help")
		h.press("esc", "esc", "esc", "f6")
		frame("my requests (none)")
		h.press("ctrl+l")

		h.signIn("agent", agentPassword)
		h.press("f6")
		frame("my requests")
		h.press("esc")
		h.typ(alaouiRegNo)
		h.press("enter", "f4")
		frame("form")
		a := newAddress
		a.PostalCode = "20000"
		h.fillAddress(a)
		fm := h.form()
		fm.setFocus(fCity)
		fm.inputs[fCity].SetValue("")
		h.typ("Ra")
		frame("form, city suggestions")
		h.press("tab")
		fm.setFocus(fCardSeen)
		h.fillEvidence(domain.Evidence{})
		frame("form, bottom")
		h.press("f1")
		frame("form help")
		h.press("esc", "f5")
		frame("review")
		h.press("f6", "f5")
		frame("submit dialog")
		h.press("y")
		frame("consent dialog")
		h.typ("super")
		h.press("enter")
		h.typ(superPassword)
		h.press("enter")
		h.typ("documents brought tomorrow")
		h.press("enter")
		frame("done")
		h.press("enter")
		frame("member file with the badge")
		h.mustShow("CHANGE PENDING")
	}
}
