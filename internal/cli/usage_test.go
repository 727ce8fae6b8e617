package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
)

// --config is found before cobra parses the line, however it is written.
func TestConfigFlag(t *testing.T) {
	for want, args := range map[string][]string{
		"a.yaml": {"sync", "--config", "a.yaml"},
		"b.yaml": {"--config=b.yaml", "members", "show", "1"},
		"":       {"members", "show", "--", "--config", "c.yaml"},
	} {
		if got := ConfigFlag(args); got != want {
			t.Errorf("ConfigFlag(%q) = %q, want %q", args, got, want)
		}
	}
	if got := ConfigFlag([]string{"--config"}); got != "" {
		t.Errorf("a --config with no value: %q", got)
	}
}

// Mistakes in the arguments and flags are usage errors (exit code 2) in
// the catalogue's language, naming what was wrong.
func TestUsageErrorsAreTranslated(t *testing.T) {
	run := func(cat *i18n.Catalog, args ...string) (int, string) {
		root := &cobra.Command{Use: "tool", SilenceErrors: true, SilenceUsage: true}
		root.SetFlagErrorFunc(FlagError(cat))
		show := &cobra.Command{Use: "show REF", Args: ExactArgs(cat, 1), RunE: func(*cobra.Command, []string) error { return nil }}
		show.Flags().Int("limit", 0, "")
		list := &cobra.Command{Use: "list", Args: NoArgs(cat), RunE: func(*cobra.Command, []string) error { return nil }}
		root.AddCommand(show, list)
		var out, errOut bytes.Buffer
		return Execute(context.Background(), root, args, &out, &errOut, cat), errOut.String()
	}
	fr := i18n.French()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"show"}, "1 argument(s) attendu(s), 0 reçu(s) (utilisation\u00a0: tool show REF [options])"},
		{[]string{"list", "extra"}, "tool list ne prend pas d'argument (reçu\u00a0: \"extra\")"},
		{[]string{"show", "1", "--bogus"}, "option inconnue\u00a0: --bogus"},
		{[]string{"show", "1", "-x"}, "option inconnue\u00a0: -x"},
		{[]string{"show", "1", "--limit"}, "l'option --limit attend une valeur"},
		{[]string{"show", "1", "--limit", "ten"}, "valeur \"ten\" invalide pour --limit\u00a0: un nombre entier attendu"},
		{[]string{"nosuch"}, `commande inconnue "nosuch" pour "tool"`},
	} {
		code, stderr := run(fr, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: code %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
	if code, stderr := run(i18n.English(), "show", "1", "--bogus"); code != 2 || stderr != "tool: unknown flag: --bogus\n" {
		t.Errorf("English: code %d, stderr %q", code, stderr)
	}
}
