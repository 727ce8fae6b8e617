// Package clidoc adds to the command line of Guichet's two programs what
// operations need of it: --version (see internal/buildinfo), a hidden `man`
// command that writes a manual page for every command, the `completion`
// command, and help in the catalogue's language: cobra's headings, its
// help command and --help flags, and the refusals of bad flags.
//
// The pages come from the program itself, not from a generator in tools/:
// the command trees live in package main, which nothing else can import, and
// pages written by the very binary that is packaged cannot disagree with it.
package clidoc

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/buildinfo"
	"github.com/cnops/guichet/internal/cli"
)

// Build makes a program's whole command tree speaking cat's language.
type Build func(cat *i18n.Catalog) *cobra.Command

// Setup gives root its --version flag, its man and completion commands and
// help in cat's language; call it once the subcommands are added. build
// makes the same tree in another language: the manual pages are English
// whatever the locale (their section headings, which cobra writes, are).
func Setup(root *cobra.Command, cat *i18n.Catalog, build Build) {
	info := buildinfo.Get()
	// The line itself is the version: the template has no room for a value
	// that would read as template syntax.
	root.Version = info.Line(root.Name())
	root.SetVersionTemplate("{{.Version}}\n")
	root.Flags().BoolP("version", "v", false, cat.T("cli.flag.version", root.Name()))
	root.AddCommand(newManCmd(cat, info, build), newCompletionCmd(cat, root.Name()))
	root.SetFlagErrorFunc(cli.FlagError(cat))
	root.SetUsageFunc(usageFunc(cat))
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Short = cat.T("cli.help.help")
			c.Long = cat.T("cli.help.help.long", root.Name())
		}
	}
	helpFlags(root, cat)
	translateKeys(root, cat)
}

// translateKeys replaces every help text that is a catalogue key with the
// key's text: helpers that add a flag to many commands without a
// catalogue at hand (cli.JSONFlag) give the key.
func translateKeys(c *cobra.Command, cat *i18n.Catalog) {
	tr := func(s *string) {
		if cat.Has(*s) {
			*s = cat.T(*s)
		}
	}
	tr(&c.Short)
	tr(&c.Long)
	tr(&c.Example)
	c.Flags().VisitAll(func(f *pflag.Flag) { tr(&f.Usage) })
	c.PersistentFlags().VisitAll(func(f *pflag.Flag) { tr(&f.Usage) })
	for _, sub := range c.Commands() {
		translateKeys(sub, cat)
	}
}

// helpFlags gives every command its --help before cobra would add its
// English one.
func helpFlags(c *cobra.Command, cat *i18n.Catalog) {
	if c.Flags().Lookup("help") == nil {
		c.Flags().BoolP("help", "h", false, cat.T("cli.flag.help", c.Name()))
	}
	for _, sub := range c.Commands() {
		helpFlags(sub, cat)
	}
}

// newManCmd is `man --dir DIR`: one page per command, named as man(1)
// expects (guichet-sync.1), dated by the build so that two builds of one
// commit give the same pages, and in English.
func newManCmd(cat *i18n.Catalog, info buildinfo.Info, build Build) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "man",
		Short:  cat.T("cli.help.man"),
		Hidden: true,
		Args:   cli.NoArgs(cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			tree := build(i18n.English())
			prepare(tree)
			header := &doc.GenManHeader{Section: "1", Manual: "Guichet manual",
				Source: fmt.Sprintf("Guichet %s", info.Version)}
			if built, err := time.Parse(time.RFC3339, info.Date); err == nil {
				header.Date = &built
			}
			return doc.GenManTree(tree, header, dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "man", cat.T("cli.flag.man_dir"))
	return cmd
}

// prepare gives every command the flags cobra adds only to the one it runs
// (--help, and --version on the root), so that each page lists them, and
// drops cobra's "auto generated" line, which carries the time of the run.
func prepare(c *cobra.Command) {
	c.InitDefaultHelpFlag()
	c.InitDefaultVersionFlag()
	c.DisableAutoGenTag = true
	for _, sub := range c.Commands() {
		prepare(sub)
	}
}
