package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// demoPath is where `guichet demo` keeps its database unless --db says
// otherwise (git-ignored).
var demoPath = filepath.Join("var", "demo", "guichet.db")

const demoMembers = 20000

func newDemoCmd(a *app) *cobra.Command {
	run := &cobra.Command{
		Use:   "demo",
		Short: "Seed a demo database under ./var/demo if absent, then start the console on it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, policy, err := a.prepareDemo(cmd, demo.Options{Members: demoMembers, Seed: 1})
			if err != nil {
				return err
			}
			defer db.Close()
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			svc, err := service.New(cmd.Context(), db, policy)
			if err != nil {
				return err
			}
			return runConsole(cmd.Context(), svc, cfg, demo.Hint())
		},
	}
	var opts demo.Options
	seed := &cobra.Command{
		Use:   "seed",
		Short: "Seed a new (or demo) database with a realistic synthetic population and the demo accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Members < 1 {
				return usageError{"--members must be at least 1"}
			}
			start := time.Now()
			db, _, err := a.prepareDemo(cmd, opts)
			if err != nil {
				return err
			}
			defer db.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "Demo database %s ready in %s.\n", db.Path, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	seed.Flags().IntVar(&opts.Members, "members", demoMembers, "number of insured members")
	seed.Flags().Int64Var(&opts.Seed, "seed", 1, "random seed: the same seed and size give the same data")
	run.AddCommand(seed)
	return run
}

// prepareDemo opens (creating if needed) the demo database and completes
// its set-up, with a progress bar on a terminal.
func (a *app) prepareDemo(cmd *cobra.Command, opts demo.Options) (*store.DB, service.Policy, error) {
	cfg, err := a.config(cmd)
	if err != nil {
		return nil, service.Policy{}, err
	}
	policy, err := policyFrom(cfg)
	if err != nil {
		return nil, policy, err
	}
	path := demoPath
	if f := cmd.Flags().Lookup("db"); f != nil && f.Changed {
		path = f.Value.String()
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, policy, err
	}
	policy.DocumentsDir = cfg.DocumentsDir(path)             // var/demo/documents beside var/demo/guichet.db
	policy.ReceiptDir = besideDatabase(path, cfg.ReceiptDir) // var/demo/receipts
	db, err := store.Open(cmd.Context(), path, store.MayCreate)
	if err != nil {
		return nil, policy, err
	}
	opts.Now = time.Now()
	if err := demo.Prepare(cmd.Context(), db, opts, policy, progressBar(cmd.Context())); err != nil {
		db.Close()
		return nil, policy, err
	}
	return db, policy, nil
}

// progressBar draws seeding progress on a terminal's standard error, and
// nothing when it is not a terminal.
func progressBar(ctx context.Context) demo.Progress {
	if !term.IsTerminal(os.Stderr.Fd()) {
		return nil
	}
	bar := progress.New(progress.WithWidth(40))
	return func(done, total int) {
		if ctx.Err() != nil || total == 0 {
			return
		}
		fmt.Fprintf(os.Stderr, "\rSeeding demo members %s %d/%d", bar.ViewAs(float64(done)/float64(total)), done, total)
		if done >= total {
			fmt.Fprintln(os.Stderr)
		}
	}
}
