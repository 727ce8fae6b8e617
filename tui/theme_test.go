package tui

import (
	"bytes"
	"context"
	"image/color"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/i18n"
)

// contrast is the WCAG contrast ratio of two colours (1 to 21).
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		lin := func(v uint32) float64 {
			s := float64(v) / 0xffff
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Every colour pair a theme draws reads at WCAG AA (4.5:1) on the usual
// backgrounds and text colours of light and dark terminals.
func TestPalettesAreReadable(t *testing.T) {
	hex := lipgloss.Color
	for _, th := range []struct {
		name    string
		p       palette
		bgs     []color.Color // the terminal's background
		texts   []color.Color // the terminal's own text colour
		atLeast float64
	}{
		{"light", lightPalette, []color.Color{hex("#FFFFFF"), hex("#F0F0F0")}, []color.Color{hex("#000000"), hex("#333333")}, 4.5},
		{"dark", darkPalette, []color.Color{hex("#000000"), hex("#1E1E1E")}, []color.Color{hex("#FFFFFF"), hex("#C0C0C0")}, 4.5},
	} {
		p := th.p
		check := func(what string, fg color.Color, bgs ...color.Color) {
			for _, bg := range bgs {
				if c := contrast(fg, bg); c < th.atLeast {
					t.Errorf("%s theme: %s has contrast %.2f on %v (want ≥ %.1f)", th.name, what, c, bg, th.atLeast)
				}
			}
		}
		for what, fg := range map[string]color.Color{"accent": p.accent, "muted": p.muted, "ok": p.ok, "warn": p.warn, "error": p.err} {
			check(what, fg, th.bgs...)
			check(what+" in the status bar", fg, p.barBg) // the link's state uses them there
		}
		check("status bar text", p.barFg, p.barBg)
		check("text on the accent", p.onAccent, p.accent)
		check("the pending badge", p.onAccent, p.warn)
		for _, text := range th.texts {
			check("the focused row", text, p.selBg)
		}
	}
}

// ui.theme light or dark holds whatever the terminal says; auto (or
// unset) is dark until the terminal answers, then follows it.
func TestThemeSetting(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		theme                Theme
		first, onWhite, last bool // dark at start, after a white background, after a black one
	}{
		{"", true, false, true},
		{ThemeAuto, true, false, true},
		{ThemeLight, false, false, false},
		{ThemeDark, true, true, true},
	} {
		h := newHarness(t, f.svc, Deps{Theme: c.theme})
		got := []bool{h.m.sh.styles.IsDark}
		h.send(tea.BackgroundColorMsg{Color: color.White})
		got = append(got, h.m.sh.styles.IsDark)
		h.send(tea.BackgroundColorMsg{Color: color.Black})
		got = append(got, h.m.sh.styles.IsDark)
		if want := []bool{c.first, c.onWhite, c.last}; !slices.Equal(got, want) {
			t.Errorf("theme %q: dark %v, want %v", c.theme, got, want)
		}
	}
	light := newHarness(t, f.svc, Deps{Theme: ThemeLight})
	dark := newHarness(t, f.svc, Deps{Theme: ThemeDark})
	if light.content() == dark.content() {
		t.Error("the sign-in screen looks the same in both themes")
	}
}

var (
	colourSGR  = regexp.MustCompile(`\x1b\[[0-9;:]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;:m]`)
	reverseSGR = regexp.MustCompile(`\x1b\[([0-9;:]*;)?7[;m]`)
)

// Under NO_COLOR (Bubble Tea then reports the Ascii profile) the console
// draws no colour, and what a colour carried still shows: the chosen row
// and the signed-in user in reverse video, a field in error marked "!".
func TestNoColourKeepsMeaning(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.send(tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	if !h.m.sh.styles.Mono {
		t.Fatal("the Ascii profile kept the colour theme")
	}
	h.typ(otherRegNo) // two members: a list with a chosen row
	h.press("enter")
	frame := downsample(t, h.content(), colorprofile.ASCII)
	if colourSGR.MatchString(h.content()) {
		t.Errorf("the monochrome theme still sets colours: %q", h.content())
	}
	lines := strings.Split(frame, "\n")
	chosen := -1
	for i, l := range lines {
		if strings.Contains(l, "Berrada Nadia") && strings.Contains(l, "1959") {
			chosen = i
		}
	}
	if chosen < 0 || !reverseSGR.MatchString(lines[chosen]) {
		t.Errorf("the chosen row does not stand out without colour:\n%q", frame)
	}
	if status := lines[len(lines)-1]; !reverseSGR.MatchString(status) {
		t.Errorf("the status bar's user does not stand out without colour: %q", status)
	}

	// A colour profile with colours brings the colour theme back.
	h.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI256})
	if h.m.sh.styles.Mono || !colourSGR.MatchString(h.content()) {
		t.Error("a 256-colour terminal kept the monochrome theme")
	}
}

// A whole program: Bubble Tea reports the terminal's profile at start;
// without colours (NO_COLOR) the console switches to the monochrome theme,
// whose reverse video then reaches the terminal.
func TestProgramWithoutColoursGoesMonochrome(t *testing.T) {
	f := newFixture(t)
	tm, _ := startProgram(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English(), Theme: ThemeLight}), 80, 24)
	reversedUser := regexp.MustCompile(`\x1b\[([0-9;]*;)?7m Not signed in`)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return reversedUser.Match(b) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if st := m.sh.styles; !st.Mono || st.IsDark {
		t.Errorf("styles: mono %v, dark %v; want the light theme without colours", st.Mono, st.IsDark)
	}
}

// downsample is what the terminal gets of a frame under profile p.
func downsample(t *testing.T, frame string, p colorprofile.Profile) string {
	t.Helper()
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(frame); err != nil {
		t.Fatal(err)
	}
	if ansi.Strip(b.String()) != ansi.Strip(frame) {
		t.Fatal("downsampling changed the text")
	}
	return b.String()
}
