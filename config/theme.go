package config

import (
	"slices"

	"github.com/cnops/guichet/domain"
)

// Themes are the values of ui.theme: "auto" follows the terminal's
// background (dark until the terminal tells), "light" and "dark" force one.
var Themes = []string{"auto", "light", "dark"}

// uiTheme reads ui.theme into Config.Theme.
var uiTheme = Setting[Config]{"ui.theme", "auto", func(c *Config, raw string) error {
	if !slices.Contains(Themes, raw) {
		return domain.Explain("config.err.theme", "must be auto, light or dark (got %q)", raw)
	}
	c.Theme = raw
	return nil
}}
