package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The default keymap is itself free of clashes: every action checked as
// if it were configured with its defaults.
func TestDefaultKeysDoNotClash(t *testing.T) {
	if _, err := ValidateKeys(DefaultKeys()); err != nil {
		t.Fatal(err)
	}
}

func TestKeysFromFileAndEnvironment(t *testing.T) {
	dir := isolate(t)
	write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  keys:\n    filters: [F11, Ctrl+F]\n    new_lookup: [f9]\n")
	t.Setenv("GUICHET_UI_KEYS_LOCK", "ctrl+q, f10")
	c, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"filters": {"f11", "ctrl+f"}, "new_lookup": {"f9"}, "lock": {"ctrl+q", "f10"}}
	if !reflect.DeepEqual(c.Keys, want) {
		t.Fatalf("keys = %v, want %v", c.Keys, want)
	}
}

func TestNoKeysConfiguredMeansDefaults(t *testing.T) {
	isolate(t)
	c, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Keys != nil {
		t.Fatalf("keys = %v, want none overridden", c.Keys)
	}
}

// Every bad binding is refused with the key ui.keys.<action> named.
func TestBadKeysNameTheAction(t *testing.T) {
	for _, tc := range []struct{ yaml, key, says string }{
		{"    serch_now: [f2]\n", "ui.keys.serch_now", "unknown action"},
		{"    filters: []\n", "ui.keys.filters", "at least one key"},
		{"    filters:\n", "ui.keys.filters", "at least one key"},
		{"    filters: [ctl+f]\n", "ui.keys.filters", "not a key name"},
		{"    filters: [f42]\n", "ui.keys.filters", "not a key name"},
		{"    filters: [shift+a, f3]\n", "ui.keys.filters", "A for shift+a"},
		{"    filters: [f3, f3]\n", "ui.keys.filters", "twice"},
		{"    filters: [f5]\n", "ui.keys.filters", `also the key of "sync" on the lookup screen`},
		{"    help: [f2]\n", "ui.keys.help", `also the key of "new_lookup"`},
		{"    approve: [a]\n", "ui.keys.approve", "any keyboard layout"},
		{"    fetch: [x, f8]\n", "ui.keys.fetch", "would type a character on the lookup screen"},
		{"    reload: ['?', f5]\n", "ui.keys.reload", "kept for the help"},
		{"    move: [f2]\n", "ui.keys.move", "unknown action"},
		{"    review: [tab]\n", "ui.keys.review", `also the key of "form_fields"`},
	} {
		t.Run(tc.key+" "+tc.says, func(t *testing.T) {
			dir := isolate(t)
			write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  keys:\n"+tc.yaml)
			_, err := Load(Options{})
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, "configuration key "+tc.key+" ") || !strings.Contains(msg, tc.says) {
				t.Fatalf("error %q does not name %s and say %q", msg, tc.key, tc.says)
			}
		})
	}
}

func TestKeysMustBeAMap(t *testing.T) {
	dir := isolate(t)
	write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  keys: f5\n")
	if _, err := Load(Options{}); err == nil || !strings.Contains(err.Error(), "configuration key ui.keys ") {
		t.Fatalf("err = %v, want one naming ui.keys", err)
	}
}

func TestCanonicalKey(t *testing.T) {
	for raw, want := range map[string]string{
		"F5": "f5", "Ctrl+R": "ctrl+r", "shift+ctrl+x": "ctrl+shift+x", "alt+ctrl+Left": "ctrl+alt+left",
		"Escape": "esc", "PgDn": "pgdown", "A": "A", "١": "١", "shift+tab": "shift+tab", "ctrl++": "ctrl++",
	} {
		if got, err := CanonicalKey(raw); err != nil || got != want {
			t.Errorf("CanonicalKey(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", " ", "ctrl+", "ctrl+ctrl+a", "hyper+a", "f0", "f21", "ctrl+foo", "\x1b"} {
		if got, err := CanonicalKey(raw); err == nil {
			t.Errorf("CanonicalKey(%q) = %q, want an error", raw, got)
		}
	}
}

func TestKeyLabel(t *testing.T) {
	if got := KeyLabel([]string{"f5", "ctrl+r", "pgdown", "up", "ctrl+f12"}); got != "F5/ctrl+r/PgDn/↑/ctrl+F12" {
		t.Fatalf("label = %q", got)
	}
}
