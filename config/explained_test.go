package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/i18n"
)

// Configuration errors read the same in English whether printed as they are
// (start-up, logs) or through the catalogue, and translate into French down
// to their causes and where the value came from.
func TestConfigurationErrorsTranslate(t *testing.T) {
	en, fr := i18n.English(), i18n.French()
	for _, tc := range []struct {
		env, value string
		file       string
		wantFR     []string
	}{
		{env: "GUICHET_UI_THEME", value: "solarized", wantFR: []string{"clé de configuration ui.theme", "depuis GUICHET_UI_THEME", "doit valoir auto, light ou dark"}},
		{env: "GUICHET_UI_IDLE_LOCK", value: "3d", wantFR: []string{"clé de configuration ui.idle_lock", "doit être une durée"}},
		{env: "GUICHET_UI_KEYS_FILTERS", value: "f3,f3", wantFR: []string{"ui.keys.filters", "liste f3 deux fois"}},
		{file: "ui:\n  colour: blue\n", wantFR: []string{"fichier de configuration", "clé inconnue ui.colour"}},
		{file: "ui:\n  theme: [x\n", wantFR: []string{"fichier de configuration"}},
	} {
		dir := isolate(t)
		if tc.env != "" {
			t.Setenv(tc.env, tc.value)
		}
		if tc.file != "" {
			write(t, filepath.Join(dir, "guichet.yaml"), tc.file)
		}
		_, err := Load(Options{})
		if err == nil {
			t.Fatalf("%+v: loaded", tc)
		}
		if got := en.Error(err); got != err.Error() {
			t.Errorf("English through the catalogue:\n%s\nas printed:\n%s", got, err.Error())
		}
		got := fr.Error(err)
		for _, want := range tc.wantFR {
			if !strings.Contains(got, want) {
				t.Errorf("French %q lacks %q", got, want)
			}
		}
		if strings.Contains(got, "[config.") || strings.Contains(got, "must ") {
			t.Errorf("French left a key or English: %q", got)
		}
	}
}
