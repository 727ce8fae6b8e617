package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

const demoMembers = 20000

func newDemoCmd(a *app) *cobra.Command {
	t := a.cat.T
	demo := &cobra.Command{Use: "demo", Short: t("cli.central.help.demo")}
	var members int
	var seed int64
	seedCmd := &cobra.Command{
		Use:   "seed",
		Short: t("cli.central.help.demo.seed"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if members < 1 {
				return cli.UsageError{Msg: t("cli.usage.members")}
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, cfg centralConfig) error {
				start := time.Now()
				if err := c.SeedDemo(ctx, members, seed, start, progressTo(a.cat, cmd.ErrOrStderr())); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.demo.seeded", cfg.DatabaseLabel(), i18n.Count(members),
					time.Since(start).Round(time.Millisecond)))
				return nil
			})
		},
	}
	seedCmd.Flags().IntVar(&members, "members", demoMembers, t("cli.flag.demo_members"))
	seedCmd.Flags().Int64Var(&seed, "seed", 1, t("cli.flag.demo_seed"))
	demo.AddCommand(seedCmd)
	return demo
}

// progressTo reports seeding progress as a percentage on a terminal, and
// stays quiet otherwise (logs and pipes want no carriage returns).
func progressTo(cat *i18n.Catalog, w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return func(int, int) {}
	}
	return func(done, total int) {
		if total > 0 {
			fmt.Fprint(w, "\r"+cat.T("cli.central.demo.seeding", done*100/total))
			if done >= total {
				fmt.Fprintln(w)
			}
		}
	}
}
