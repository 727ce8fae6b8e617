package main

import (
	"os"

	"github.com/cnops/guichet/internal/cli"
)

// commandLanguage is ui.language as the centre's command line will find
// it, read before cobra builds the commands, since their help is written
// in it: the configuration (the --config file or the usual search, then
// GUICHET_CENTRAL_UI_LANGUAGE), or that variable alone when the
// configuration does not load. "" leaves the choice to the locale
// (i18n.Resolve). Logs stay in English whatever it says.
func commandLanguage(args []string) string {
	if c, err := loadConfig(cli.ConfigFlag(args), nil); err == nil {
		return c.Language
	}
	return os.Getenv(centralSpec.EnvName("ui.language"))
}
