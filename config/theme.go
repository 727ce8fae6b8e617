package config

import (
	"fmt"
	"slices"
)

// Themes are the values of ui.theme: "auto" follows the terminal's
// background (dark until the terminal tells), "light" and "dark" force one.
var Themes = []string{"auto", "light", "dark"}

// uiTheme reads ui.theme into Config.Theme.
var uiTheme = Setting[Config]{"ui.theme", "auto", func(c *Config, raw string) error {
	if !slices.Contains(Themes, raw) {
		return fmt.Errorf("must be auto, light or dark (got %q)", raw)
	}
	c.Theme = raw
	return nil
}}
