package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/i18n"
)

// clock is a settable time for the idle lock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// harness drives the root model synchronously: every Cmd runs at once and
// its message goes back into Update. Timers never run: they are recorded,
// and a test delivers them when it wants.
type harness struct {
	t      *testing.T
	m      *Model
	clock  *clock
	timers []tea.Msg
}

func newHarness(t *testing.T, svc Service, d Deps) *harness {
	t.Helper()
	h := &harness{t: t, clock: &clock{t: time.Date(2025, 6, 15, 9, 0, 0, 0, time.UTC)}}
	if d.Catalog == nil {
		d.Catalog = i18n.English()
	}
	if d.Now == nil {
		d.Now = h.clock.now
	}
	h.m = newModel(context.Background(), d, svc)
	h.m.sh.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		h.timers = append(h.timers, msg)
		return nil
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return h
}

// send delivers messages and everything their Cmds produce.
func (h *harness) send(msgs ...tea.Msg) {
	h.t.Helper()
	queue := append([]tea.Msg{}, msgs...)
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			h.t.Fatal("message loop does not settle")
		}
		msg := queue[0]
		queue = queue[1:]
		_, cmd := h.m.Update(msg)
		queue = append(queue, run(cmd)...)
	}
}

// update delivers one message and returns its Cmd without running it.
func (h *harness) update(msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	return cmd
}

// run executes a Cmd (and batches) and returns the messages.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// typ types text, one key press per character.
func (h *harness) typ(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

var namedKeys = map[string]tea.KeyPressMsg{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"pgdown":    {Code: tea.KeyPgDown},
	"end":       {Code: tea.KeyEnd},
	"f1":        {Code: tea.KeyF1},
	"f2":        {Code: tea.KeyF2},
	"f3":        {Code: tea.KeyF3},
	"f4":        {Code: tea.KeyF4},
	"f5":        {Code: tea.KeyF5},
	"f6":        {Code: tea.KeyF6},
	"f7":        {Code: tea.KeyF7},
	"f8":        {Code: tea.KeyF8},
	"f9":        {Code: tea.KeyF9},
	"space":     {Code: tea.KeySpace, Text: " "},
	"delete":    {Code: tea.KeyDelete},
	"right":     {Code: tea.KeyRight},
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
	"ctrl+y":    {Code: 'y', Mod: tea.ModCtrl},
	"y":         {Code: 'y', Text: "y"},
	"home":      {Code: tea.KeyHome},
	"pgup":      {Code: tea.KeyPgUp},
	"ctrl+f":    {Code: 'f', Mod: tea.ModCtrl},
	"f10":       {Code: tea.KeyF10},
	"ctrl+l":    {Code: 'l', Mod: tea.ModCtrl},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"?":         {Code: '?', Text: "?"},
}

// press sends named keys.
func (h *harness) press(names ...string) {
	h.t.Helper()
	for _, n := range names {
		k, ok := namedKeys[n]
		if !ok {
			h.t.Fatalf("unknown key %q", n)
		}
		h.send(k)
	}
}

// signIn types credentials on the sign-in screen.
func (h *harness) signIn(user, pass string) {
	h.t.Helper()
	h.typ(user)
	h.press("tab")
	h.typ(pass)
	h.press("enter")
}

// screen returns the active screen.
func (h *harness) screen() Screen { return h.m.top() }

// content is the frame as the terminal gets it (styles included).
func (h *harness) content() string { return h.m.View().Content }

// text is the frame without styles.
func (h *harness) text() string { return ansi.Strip(h.content()) }

func (h *harness) mustShow(parts ...string) {
	h.t.Helper()
	txt := h.text()
	for _, p := range parts {
		if !strings.Contains(txt, p) {
			h.t.Fatalf("screen lacks %q:\n%s", p, txt)
		}
	}
}

// mustShowFlat is mustShow with the frame's lines joined and its spaces
// collapsed: text that wraps still matches.
func (h *harness) mustShowFlat(parts ...string) {
	h.t.Helper()
	flat := strings.Join(strings.Fields(h.text()), " ")
	for _, p := range parts {
		if !strings.Contains(flat, p) {
			h.t.Fatalf("screen lacks %q:\n%s", p, h.text())
		}
	}
}

func (h *harness) mustNotShow(parts ...string) {
	h.t.Helper()
	txt := h.text()
	for _, p := range parts {
		if strings.Contains(txt, p) {
			h.t.Fatalf("screen shows %q:\n%s", p, txt)
		}
	}
}

// checkFrame asserts the frame fills w×h exactly and never overflows.
func checkFrame(t *testing.T, content string, w, h int) {
	t.Helper()
	lines := strings.Split(content, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide (> %d): %q", i, n, w, ansi.Strip(l))
		}
	}
}

// sgr matches the style sequences our own styles produce.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// checkNoInjection asserts that, apart from our own style sequences, the
// frame holds no escape or control byte that data could have smuggled in.
func checkNoInjection(t *testing.T, content string) {
	t.Helper()
	rest := sgr.ReplaceAllString(content, "")
	for i, r := range rest {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202E' {
			t.Fatalf("control character %U at byte %d in frame:\n%q", r, i, rest)
		}
	}
}
