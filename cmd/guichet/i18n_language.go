package main

import (
	"os"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/internal/cli"
)

// commandLanguage is ui.language as the command line will find it, read
// before cobra builds the commands, since their help is written in it:
// the configuration (the --config file or the usual search, then
// GUICHET_UI_LANGUAGE), or GUICHET_UI_LANGUAGE alone when the
// configuration does not load. "" leaves the choice to the locale
// (i18n.Resolve); the command that runs reads the configuration again.
func commandLanguage(args []string) string {
	if c, err := config.Load(config.Options{File: cli.ConfigFlag(args)}); err == nil {
		return c.Language
	}
	return os.Getenv(config.EnvName("ui.language"))
}
