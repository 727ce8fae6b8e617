package clidoc

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
)

// usageFunc prints a command's usage as cobra's default does, with the
// headings in cat's language (the programs use no command groups).
func usageFunc(cat *i18n.Catalog) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		w := c.OutOrStderr()
		fmt.Fprint(w, cat.T("cli.usage.heading"))
		if c.Runnable() {
			fmt.Fprintf(w, "\n  %s", strings.Replace(c.UseLine(), "[flags]", cat.T("cli.usage.flags_placeholder"), 1))
		}
		if c.HasAvailableSubCommands() {
			fmt.Fprintf(w, "\n  %s %s", c.CommandPath(), cat.T("cli.usage.command_placeholder"))
		}
		if len(c.Aliases) > 0 {
			fmt.Fprintf(w, "\n\n%s\n  %s", cat.T("cli.usage.aliases"), c.NameAndAliases())
		}
		if c.HasExample() {
			fmt.Fprintf(w, "\n\n%s\n%s", cat.T("cli.usage.examples"), c.Example)
		}
		if c.HasAvailableSubCommands() {
			fmt.Fprintf(w, "\n\n%s", cat.T("cli.usage.commands"))
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() || sub.Name() == "help" {
					fmt.Fprintf(w, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
				}
			}
		}
		if c.HasAvailableLocalFlags() {
			fmt.Fprintf(w, "\n\n%s\n%s", cat.T("cli.usage.flags"), flagUsages(cat, c.LocalFlags().FlagUsages()))
		}
		if c.HasAvailableInheritedFlags() {
			fmt.Fprintf(w, "\n\n%s\n%s", cat.T("cli.usage.global_flags"), flagUsages(cat, c.InheritedFlags().FlagUsages()))
		}
		if c.HasAvailableSubCommands() {
			fmt.Fprintf(w, "\n\n%s", cat.T("cli.usage.more", c.CommandPath()))
		}
		fmt.Fprintln(w)
		return nil
	}
}

// flagUsages is pflag's flag table with its one English phrase, "(default
// X)", in cat's language.
func flagUsages(cat *i18n.Catalog, table string) string {
	table = strings.ReplaceAll(table, " (default ", " ("+cat.T("cli.usage.default")+" ")
	return strings.TrimRightFunc(table, unicode.IsSpace)
}
