package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// ui.language takes fr, en or nothing (the locale decides), from the file
// or the environment, and refuses anything else naming the key.
func TestUILanguage(t *testing.T) {
	dir := isolate(t)
	if c, err := Load(Options{}); err != nil || c.Language != "" {
		t.Fatalf("default language %q (%v), want empty", c.Language, err)
	}
	write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  language: fr\n")
	if c, err := Load(Options{}); err != nil || c.Language != "fr" {
		t.Fatalf("file's language %q (%v), want fr", c.Language, err)
	}
	t.Setenv("GUICHET_UI_LANGUAGE", "en")
	if c, err := Load(Options{}); err != nil || c.Language != "en" {
		t.Fatalf("environment's language %q (%v), want en", c.Language, err)
	}
	for _, bad := range []string{"de", "FR", "fr_MA", "french"} {
		t.Setenv("GUICHET_UI_LANGUAGE", bad)
		_, err := Load(Options{})
		if err == nil || !strings.Contains(err.Error(), "ui.language") || !strings.Contains(err.Error(), "must be fr, en") {
			t.Errorf("ui.language %q: %v", bad, err)
		}
	}
}
