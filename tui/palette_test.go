package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/sync/wire"
)

var ctrlK = tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl}

// paletteDescs are the names the open palette lists, in its order.
func paletteDescs(h *harness) []string {
	p := h.m.palette
	if p == nil {
		h.t.Fatal("the palette is not open")
	}
	var out []string
	for _, i := range p.shown {
		out = append(out, p.entries[i].desc)
	}
	return out
}

func TestPaletteListsWhatTheRoleMayDoAndRunsIt(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.send(ctrlK)
	h.mustShow("Actions: Member lookup", "my requests", "F6", "new lookup", "F2", "sign out", "ctrl+l/F10")
	descs := paletteDescs(h)
	if slices.Contains(descs, "approval queue") {
		t.Fatalf("an agent's palette offers the approval queue: %v", descs)
	}
	if slices.Contains(descs, "all actions") || slices.Contains(descs, "down") {
		t.Fatalf("the palette lists itself or a mere move: %v", descs)
	}
	checkFrame(t, h.content(), 80, 24)

	h.typ("requsts") // fuzzy: the letters in order
	if got := paletteDescs(h); len(got) != 1 || got[0] != "my requests" {
		t.Fatalf("filter 'requsts' lists %v", got)
	}
	if v := h.screen().(*lookupScreen).input.Value(); v != "" {
		t.Fatalf("typing in the palette reached the lookup: %q", v)
	}
	h.press("enter")
	if h.m.palette != nil {
		t.Fatal("the palette stays open after running an action")
	}
	if _, ok := h.screen().(*requestsScreen); !ok {
		t.Fatalf("running 'my requests' opened %T", h.screen())
	}
}

func TestPaletteOffersTheQueueToSupervisors(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("super", superPassword)
	h.send(ctrlK)
	h.typ("queue")
	if got := paletteDescs(h); len(got) == 0 || got[0] != "approval queue" {
		t.Fatalf("filter 'queue' lists %v", got)
	}
	h.press("enter")
	if s, ok := h.screen().(*requestsScreen); !ok || !s.queue {
		t.Fatalf("running 'approval queue' opened %T", h.screen())
	}
}

func TestPaletteEscClosesAndFiltersInFrench(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{Catalog: i18n.French()})
	h.signIn("agent", agentPassword)
	h.send(ctrlK)
	h.typ("synchro")
	if got := paletteDescs(h); len(got) != 1 || got[0] != "synchronisation" {
		t.Fatalf("filter 'synchro' lists %v", got)
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	h.typ("x z")
	h.mustShow("Aucune action ne correspond")
	h.press("esc")
	if h.m.palette != nil {
		t.Fatal("esc left the palette open")
	}
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("esc in the palette left the lookup for %T", h.screen())
	}
}

// Accents do not matter when filtering: "reessayer" finds "Réessayer".
func TestFoldAndRank(t *testing.T) {
	if fold("Réessayer l'ÉLÉMENT") != "reessayer l'element" {
		t.Fatalf("fold = %q", fold("Réessayer l'ÉLÉMENT"))
	}
	for _, tc := range []struct {
		text, q string
		want    int
	}{{"new lookup f2", "new", 0}, {"new lookup f2", "look", 1}, {"new lookup f2", "ooku", 2}, {"new lookup f2", "nlf", 3}, {"new lookup f2", "zz", -1}} {
		if got := matchRank(tc.text, tc.q); got != tc.want {
			t.Errorf("matchRank(%q, %q) = %d, want %d", tc.text, tc.q, got, tc.want)
		}
	}
}

func TestPaletteOnSignInAndByMouse(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.send(ctrlK)
	if got := paletteDescs(h); !slices.Contains(got, "next / sign in") || slices.Contains(got, "sign out") || slices.Contains(got, "back") {
		t.Fatalf("the sign-in palette lists %v", got)
	}
	h.typ("help")
	// The first entry is the box's fourth line; the box is centred.
	w, _ := h.m.bodySize()
	x := (w-paletteWidth(w))/2 + 3
	h.send(tea.MouseClickMsg{X: x, Y: 1 + 4, Button: tea.MouseLeft})
	if h.m.palette != nil || !h.m.showHelp {
		t.Fatalf("a click on 'help' left palette=%v help=%v", h.m.palette != nil, h.m.showHelp)
	}
}

// Every default key of the keymap can be pressed by the palette.
func TestEveryDefaultKeyCanBePressed(t *testing.T) {
	for _, a := range config.KeyActions() {
		for _, k := range a.Keys {
			if p, ok := keyPress(k); !ok || p.String() != k {
				t.Errorf("%s: key %q cannot be pressed (%q)", a.Name, k, p.String())
			}
		}
	}
	for _, k := range []string{"ctrl+shift+x", "alt+f4", "shift+tab", "A", "١"} {
		if _, ok := keyPress(k); !ok {
			t.Errorf("key %q cannot be pressed", k)
		}
	}
}

// Configured keys replace the defaults: the screen answers them, and the
// help, the key line and the palette show them.
func TestConfiguredKeysRebindHelpAndPalette(t *testing.T) {
	f := newFixture(t)
	keys, err := config.ValidateKeys(map[string][]string{"filters": {"f11", "alt+f"}, "palette": {"ctrl+t"}})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, f.svc, Deps{Keys: keys})
	h.signIn("agent", agentPassword)
	l := h.screen().(*lookupScreen)
	h.press("f3")
	if l.showFilters {
		t.Fatal("F3 still opens the filters")
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyF11})
	if !l.showFilters {
		t.Fatal("F11 does not open the filters")
	}
	h.mustShow("F11/alt+f filters")
	h.press("f1")
	h.mustShow("F11/alt+f", "ctrl+t", "all actions")
	h.mustNotShow("F3 ", "ctrl+k")
	h.press("f1")
	h.send(ctrlK)
	if h.m.palette != nil {
		t.Fatal("ctrl+k still opens the palette")
	}
	h.send(tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
	h.typ("filters")
	h.mustShow("F11/alt+f")
	h.press("enter")
	if l.showFilters {
		t.Fatal("the palette's 'filters' did not press F11 again")
	}
	h.send(tea.WindowSizeMsg{Width: 160, Height: 30}) // room for every key of the line
	if !strings.Contains(h.text(), "ctrl+t all actions • F1/? help") {
		t.Errorf("the key line does not show the palette's key:\n%s", h.text())
	}
}

// Lists open their rows on a double click, as the lookup does.
func TestDoubleClickOpensAListRow(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	h := openSync(t, svc, "super", superPassword)
	row := tea.MouseClickMsg{X: 5, Y: 1 + syncHeaderLines + 1, Button: tea.MouseLeft} // title bar, header lines, table header
	h.send(row)
	if _, ok := h.screen().(*syncScreen); !ok {
		t.Fatalf("one click opened %T", h.screen())
	}
	h.clock.advance(2 * doubleClick)
	h.send(row)
	if _, ok := h.screen().(*syncScreen); !ok {
		t.Fatal("two slow clicks opened the row")
	}
	h.send(row)
	if _, ok := h.screen().(*syncEntryScreen); !ok {
		t.Fatalf("a double click opened %T, want the entry", h.screen())
	}
}

// A dialog's confirmation of an irreversible action needs its own key:
// the palette never offers it.
func TestPaletteNeverConfirms(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	d := newConfirm(h.m.sh, "Approve?", nil, "approve")
	p := newPalette(h.m.sh, "Request", d.Keys().FullHelp())
	for _, i := range p.shown {
		if e := p.entries[i]; e.desc == "approve" {
			t.Fatalf("the palette offers the confirmation %+v", e)
		}
	}
}
