// Package clidoc adds to the command line of Guichet's two programs what
// operations need of it: --version (see internal/buildinfo), a hidden `man`
// command that writes a manual page for every command, and the help text of
// cobra's `completion` command.
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

	"github.com/cnops/guichet/internal/buildinfo"
)

// Setup gives root its --version flag and its man command; call it once the
// subcommands are added.
func Setup(root *cobra.Command) {
	info := buildinfo.Get()
	// The line itself is the version: the template has no room for a value
	// that would read as template syntax.
	root.Version = info.Line(root.Name())
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(newManCmd(root, info))
}

// newManCmd is `man --dir DIR`: one page per command, named as man(1)
// expects (guichet-sync.1), dated by the build so that two builds of one
// commit give the same pages.
func newManCmd(root *cobra.Command, info buildinfo.Info) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "man",
		Short:  "Write the manual pages (section 1) of every command into a folder",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			prepare(root)
			header := &doc.GenManHeader{Section: "1", Manual: "Guichet manual",
				Source: fmt.Sprintf("Guichet %s", info.Version)}
			if built, err := time.Parse(time.RFC3339, info.Date); err == nil {
				header.Date = &built
			}
			return doc.GenManTree(root, header, dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "man", "folder to write the pages into (created if absent)")
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
