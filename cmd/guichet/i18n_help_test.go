package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/clidoc"
)

// The console's help is written in both languages: every command's
// summary, description and examples and every flag's usage, none left in
// English in the French tree.
func TestHelpInBothLanguages(t *testing.T) {
	en := newRootCmd(i18n.English(), strings.NewReader(""))
	fr := newRootCmd(i18n.French(), strings.NewReader(""))
	problems := clidoc.Untranslated(en, fr, nil)
	for _, p := range problems {
		t.Error(p)
	}
	// The check itself sees a flag whose French usage was left in English.
	fr.PersistentFlags().Lookup("db").Usage = en.PersistentFlags().Lookup("db").Usage
	if len(clidoc.Untranslated(en, fr, nil)) != len(problems)+1 {
		t.Error("Untranslated misses a flag usage the same in both languages")
	}
}

// The help, usage errors and prompts follow ui.language (the environment
// or the configuration file), else the locale, before any command runs;
// the manual pages stay English; completion writes where it is told.
func TestHelpSpeaksTheChosenLanguage(t *testing.T) {
	dir := isolate(t)
	t.Setenv("LANG", "fr_MA.UTF-8")
	r := guichet(t, "", "address", "request", "--help")
	for _, want := range []string{"Utilisation\u00a0:", "guichet address request REGNO [options]", "Exemples\u00a0:",
		"request enregistre un changement d'adresse", "ligne 1 de l'adresse (obligatoire)", "Options globales\u00a0:",
		"fichier de la base (remplace database.path)", "agir en tant que cet utilisateur", "afficher les données en JSON"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("French help lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := guichet(t, "", "members", "show"); r.code != 2 || !strings.Contains(r.stderr, "1 argument(s) attendu(s), 0 reçu(s)") {
		t.Errorf("French usage error: %+v", r)
	}
	if r := guichet(t, "", "passwd"); r.code != 2 || !strings.Contains(r.stderr, "--user NOM est obligatoire") {
		t.Errorf("French refusal before the configuration is read: %+v", r)
	}
	t.Setenv("GUICHET_UI_LANGUAGE", "en")
	if r := guichet(t, "", "--help"); !strings.Contains(r.stdout, "Available Commands:") || !strings.Contains(r.stdout, "help for guichet") {
		t.Errorf("ui.language en over a French locale: %+v", r)
	}
	os.Unsetenv("GUICHET_UI_LANGUAGE")
	t.Setenv("LANG", "C.UTF-8")
	cfg := filepath.Join(dir, "guichet.yaml")
	if err := os.WriteFile(cfg, []byte("ui:\n  language: fr\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := guichet(t, "", "users", "--help"); !strings.Contains(r.stdout, "users gère les comptes") ||
		!strings.Contains(r.stdout, "Lister les comptes") {
		t.Errorf("ui.language fr in ./guichet.yaml, help: %+v", r)
	}
	man := filepath.Join(dir, "man")
	if r := guichet(t, "", "man", "--dir", man); r.code != 0 {
		t.Fatalf("man: %+v", r)
	}
	page, err := os.ReadFile(filepath.Join(man, "guichet-sync.1"))
	if err != nil || !strings.Contains(string(page), "Run one sync pass with the centre") {
		t.Errorf("man pages must be English whatever the language: %v\n%.400s", err, page)
	}
	if r := guichet(t, "", "completion", "bash"); r.code != 0 || !strings.Contains(r.stdout, "bash completion") {
		t.Errorf("completion bash: code %d, %.200s", r.code, r.stdout)
	}
}
