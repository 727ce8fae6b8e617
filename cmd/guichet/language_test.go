package main

import (
	"regexp"
	"strings"
	"testing"
)

// The command line speaks ui.language, or else the locale's language:
// its words, its dates and its refusals.
func TestCommandLineSpeaksTheChosenLanguage(t *testing.T) {
	db, regno, _ := seeded(t)
	t.Setenv("GUICHET_PASSWORD", "demo-agent-pass")
	show := func() result {
		t.Helper()
		r := guichet(t, "", "--db", db, "members", "show", regno, "--user", "agent")
		if r.code != 0 {
			t.Fatalf("members show: %+v", r)
		}
		return r
	}
	frenchBirth := regexp.MustCompile(`Né\(e\) le \d{2}/\d{2}/\d{4} \(\d+ ans\)`)
	englishBirth := regexp.MustCompile(`Born \d{4}-\d{2}-\d{2} \(\d+\)`)

	t.Setenv("LANG", "fr_MA.UTF-8") // the locale decides when ui.language is unset
	if r := show(); !frenchBirth.MatchString(r.stdout) || !strings.Contains(r.stdout, "Matricule "+regno) ||
		!strings.Contains(r.stdout, "Bénéficiaires\u00a0:") {
		t.Errorf("French locale, file in:\n%s", r.stdout)
	}
	if r := guichet(t, "", "--db", db, "members", "show", "Z999999", "--user", "agent"); r.code != 1 ||
		!strings.Contains(r.stderr, "Adhérent introuvable.") {
		t.Errorf("French locale, refusal: %+v", r)
	}
	t.Setenv("GUICHET_UI_LANGUAGE", "en") // ui.language overrides the locale
	if r := show(); !englishBirth.MatchString(r.stdout) || !strings.Contains(r.stdout, "Registration no. "+regno) {
		t.Errorf("ui.language en, file in:\n%s", r.stdout)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("GUICHET_UI_LANGUAGE", "fr")
	if r := show(); !frenchBirth.MatchString(r.stdout) {
		t.Errorf("ui.language fr, file in:\n%s", r.stdout)
	}
	t.Setenv("GUICHET_PASSWORD", "demo-super-pass")
	if r := guichet(t, "", "--db", db, "audit", "verify", "--user", "supervisor"); r.code != 0 ||
		!strings.HasPrefix(r.stdout, "Chaîne d'audit intacte\u00a0:") {
		t.Errorf("audit verify in French: %+v", r)
	}
	t.Setenv("GUICHET_UI_LANGUAGE", "de")
	if r := guichet(t, "", "--db", db, "members", "show", regno, "--user", "agent"); r.code == 0 ||
		!strings.Contains(r.stderr, "ui.language") {
		t.Errorf("ui.language de must be refused naming the key: %+v", r)
	}
}
