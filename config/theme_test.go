package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// ui.theme is auto by default, takes light or dark from the file or the
// environment, and refuses anything else naming the key.
func TestUITheme(t *testing.T) {
	dir := isolate(t)
	if c, err := Load(Options{}); err != nil || c.Theme != "auto" {
		t.Fatalf("default theme %q (%v), want auto", c.Theme, err)
	}
	write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  theme: light\n")
	if c, err := Load(Options{}); err != nil || c.Theme != "light" {
		t.Fatalf("file's theme %q (%v), want light", c.Theme, err)
	}
	t.Setenv("GUICHET_UI_THEME", "dark")
	if c, err := Load(Options{}); err != nil || c.Theme != "dark" {
		t.Fatalf("environment's theme %q (%v), want dark", c.Theme, err)
	}
	for _, bad := range []string{"Dark", "solarized", "none", "light "} {
		t.Setenv("GUICHET_UI_THEME", bad)
		_, err := Load(Options{})
		if strings.TrimSpace(bad) == "light" { // values are trimmed
			if err != nil {
				t.Errorf("ui.theme %q: %v", bad, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "ui.theme") || !strings.Contains(err.Error(), "must be auto, light or dark") {
			t.Errorf("ui.theme %q: %v", bad, err)
		}
	}
}
