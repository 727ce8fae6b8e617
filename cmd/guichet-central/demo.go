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
	"github.com/cnops/guichet/internal/cli"
)

const demoMembers = 20000

func newDemoCmd(a *app) *cobra.Command {
	demo := &cobra.Command{Use: "demo", Short: "Demonstration data"}
	var members int
	var seed int64
	seedCmd := &cobra.Command{
		Use:   "seed",
		Short: "Fill an empty centre with branches, accounts and a synthetic population",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if members < 1 {
				return cli.UsageError{Msg: "--members must be at least 1"}
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, cfg centralConfig) error {
				start := time.Now()
				if err := c.SeedDemo(ctx, members, seed, start, progressTo(cmd.ErrOrStderr())); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Demo centre %s seeded with %d members in %s.\n",
					cfg.DatabaseLabel(), members, time.Since(start).Round(time.Millisecond))
				return nil
			})
		},
	}
	seedCmd.Flags().IntVar(&members, "members", demoMembers, "number of insured members")
	seedCmd.Flags().Int64Var(&seed, "seed", 1, "random seed: the same seed and size give the same data")
	demo.AddCommand(seedCmd)
	return demo
}

// progressTo reports seeding progress as a percentage on a terminal, and
// stays quiet otherwise (logs and pipes want no carriage returns).
func progressTo(w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return func(int, int) {}
	}
	return func(done, total int) {
		if total > 0 {
			fmt.Fprintf(w, "\rSeeding the demo centre… %3d%%", done*100/total)
			if done >= total {
				fmt.Fprintln(w)
			}
		}
	}
}
