package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/clidoc"
)

// The help is written in both languages: every command's summary,
// description and examples and every flag's usage, none left in English
// in the French tree.
func TestHelpInBothLanguages(t *testing.T) {
	en := newRootCmd(i18n.English(), strings.NewReader(""))
	fr := newRootCmd(i18n.French(), strings.NewReader(""))
	problems := clidoc.Untranslated(en, fr, nil)
	for _, p := range problems {
		t.Error(p)
	}
	// The check itself sees a French summary left in English.
	fr.Commands()[0].Short = en.Commands()[0].Short
	if len(clidoc.Untranslated(en, fr, nil)) != len(problems)+1 {
		t.Error("Untranslated misses a Short the same in both languages")
	}
}

// The operator's help, reports and refusals follow ui.language (the
// environment, or the configuration file), else the locale; the manual
// pages stay English.
func TestCentreSpeaksTheChosenLanguage(t *testing.T) {
	dir := isolate(t)
	if r := centralCmd(t, "", "--help"); r.code != 0 || !strings.Contains(r.stdout, "Available Commands:") {
		t.Fatalf("English help: %+v", r)
	}
	t.Setenv("LANG", "fr_MA.UTF-8")
	if r := centralCmd(t, "", "devices", "--help"); r.code != 0 || !strings.Contains(r.stdout, "Commandes disponibles\u00a0:") ||
		!strings.Contains(r.stdout, "Lister les postes (jamais leurs jetons)") || !strings.Contains(r.stdout, "aide de devices") {
		t.Errorf("French locale, help: %+v", r)
	}
	if r := centralCmd(t, "", "devices", "revoke"); r.code != 2 || !strings.Contains(r.stderr, "1 argument(s) attendu(s), 0 reçu(s)") {
		t.Errorf("French locale, usage error: %+v", r)
	}
	if r := centralCmd(t, "", "devices", "list", "--bogus"); r.code != 2 || !strings.Contains(r.stderr, "option inconnue\u00a0: --bogus") {
		t.Errorf("French locale, unknown flag: %+v", r)
	}
	t.Setenv("GUICHET_CENTRAL_UI_LANGUAGE", "en")
	if r := centralCmd(t, "", "--help"); !strings.Contains(r.stdout, "Available Commands:") {
		t.Errorf("ui.language en over a French locale: %+v", r)
	}
	t.Setenv("GUICHET_CENTRAL_UI_LANGUAGE", "")
	os.Unsetenv("GUICHET_CENTRAL_UI_LANGUAGE")
	t.Setenv("LANG", "C")
	cfg := filepath.Join(dir, "centre.yaml")
	if err := os.WriteFile(cfg, []byte("ui:\n  language: fr\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := centralCmd(t, "", "--config", cfg, "devices", "list"); r.code != 0 || !strings.Contains(r.stdout, "AGENCE") ||
		!strings.Contains(r.stdout, "VU EN DERNIER") {
		t.Errorf("ui.language fr in the file, table header: %+v", r)
	}
	if r := centralCmd(t, "", "--config="+cfg, "serve", "--help"); !strings.Contains(r.stdout, "serve répond aux consoles") ||
		!strings.Contains(r.stdout, "guichet-central serve [options]") {
		t.Errorf("ui.language fr in the file, help: %+v", r)
	}
	man := filepath.Join(dir, "man")
	if r := centralCmd(t, "", "--config", cfg, "man", "--dir", man); r.code != 0 {
		t.Fatalf("man: %+v", r)
	}
	page, err := os.ReadFile(filepath.Join(man, "guichet-central-serve.1"))
	if err != nil || !strings.Contains(string(page), "Serve the sync protocol") {
		t.Errorf("man pages must be English whatever the language: %v\n%s", err, page)
	}
}
