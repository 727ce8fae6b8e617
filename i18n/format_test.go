package i18n_test

import (
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

func TestResolveReadsTheSettingThenTheLocale(t *testing.T) {
	for _, tc := range []struct {
		setting string
		env     map[string]string
		want    string
	}{
		{"fr", map[string]string{"LANG": "en_US.UTF-8"}, "fr"},
		{"en", map[string]string{"LC_ALL": "fr_MA.UTF-8"}, "en"},
		{"", map[string]string{"LANG": "fr_MA.UTF-8"}, "fr"},
		{"", map[string]string{"LANG": "fr"}, "fr"},
		{"", map[string]string{"LANG": "FR_fr"}, "fr"},
		{"", map[string]string{"LANG": "ar_MA.UTF-8"}, "en"},
		{"", map[string]string{"LANG": "C.UTF-8"}, "en"},
		{"", map[string]string{}, "en"},
		// LC_ALL overrides LC_MESSAGES, which overrides LANG.
		{"", map[string]string{"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"},
		{"", map[string]string{"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"},
		{"", map[string]string{"LC_MESSAGES": "POSIX", "LANG": "fr_FR.UTF-8"}, "en"},
		{"", map[string]string{"LC_ALL": "", "LANG": "fr_BE.UTF-8"}, "fr"},
	} {
		if got := i18n.Resolve(tc.setting, func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("Resolve(%q, %v) = %q, want %q", tc.setting, tc.env, got, tc.want)
		}
	}
}

func TestNewFollowsTheLocaleWhenUnset(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "fr_MA.UTF-8")
	if got := i18n.New("").Language(); got != "fr" {
		t.Errorf("locale fr_MA gave %q", got)
	}
	if got := i18n.New("en").Language(); got != "en" {
		t.Errorf("ui.language en gave %q", got)
	}
	cat := i18n.New("en")
	cat.Use("fr")
	if got := cat.T("tui.key.quit"); got != "quitter" {
		t.Errorf("Use(fr) left %q", got)
	}
}

func TestDatesAndNumbersFollowTheLanguage(t *testing.T) {
	casa, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 14, 5, 0, 0, casa)
	en, fr := i18n.English(), i18n.French()
	for _, tc := range []struct{ got, want string }{
		{fr.Date(at), "25/11/2026"},
		{fr.DateTime(at), "25/11/2026 14:05"},
		{en.Date(at), "2026-11-25"},
		{en.DateTime(at), "2026-11-25 14:05"},
		{fr.Date(time.Time{}), "—"},
		{fr.Number(1234567), "1\u202f234\u202f567"},
		{en.Number(1234567), "1,234,567"},
		{en.Number(-1234), "-1,234"},
		{fr.Number(999), "999"},
		{en.Number(0), "0"},
		{en.Number(100000), "100,000"},
		// Arguments take their local form inside a message.
		{fr.T("cli.audit.intact", i18n.Count(12345)), "Chaîne d'audit intacte\u00a0: 12\u202f345 entrées vérifiées."},
		{en.T("cli.audit.intact", i18n.Count(12345)), "Audit chain intact: 12,345 entries verified."},
		{en.T("cli.audit.intact", 12345), "Audit chain intact: 12345 entries verified."}, // a plain int stays plain
		{fr.T("elig.child_under_limit", domain.Date{Time: at}), "couvert jusqu'au 25/11/2026"},
		{en.T("elig.child_under_limit", domain.Date{Time: at}), "covered until 2026-11-25"},
		{fr.T("tui.pin.cooling", at), "Délai de sécurité après le changement d'adresse jusqu'au 25/11/2026 14:05\u00a0: un second superviseur doit se connecter pour déroger."},
		{fr.Error(&domain.Error{Key: domain.KeyPINLimit, Args: []any{3, at}}),
			"L'adhérent a déjà eu 3 rééditions de code PIN ces 30 derniers jours\u00a0: la prochaine est possible à partir du 25/11/2026 14:05."},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	args := []any{i18n.Count(2000)}
	en.T("cli.requests.count", args...)
	if args[0] != i18n.Count(2000) {
		t.Error("T changed its caller's arguments")
	}
}
