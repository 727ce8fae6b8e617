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

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// demoPath is where `guichet demo` keeps its database unless --db says
// otherwise (git-ignored).
var demoPath = filepath.Join("var", "demo", "guichet.db")

const demoMembers = 20000

func newDemoCmd(a *app) *cobra.Command {
	t := a.cat.T
	run := &cobra.Command{
		Use:   "demo",
		Short: t("cli.help.demo"),
		Long:  t("cli.help.demo.long"),
		Args:  cli.NoArgs(a.cat),
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.runDemo(cmd) },
	}
	var opts demo.Options
	seed := &cobra.Command{
		Use:   "seed",
		Short: t("cli.help.demo.seed"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Members < 1 {
				return cli.UsageError{Msg: t("cli.usage.members")}
			}
			start := time.Now()
			db, err := a.prepareDemo(cmd, opts)
			if err != nil {
				return err
			}
			defer db.Close()
			fmt.Fprintln(cmd.OutOrStdout(), t("cli.demo.ready", db.Path, time.Since(start).Round(time.Millisecond)))
			return nil
		},
	}
	seed.Flags().IntVar(&opts.Members, "members", demoMembers, t("cli.flag.demo_members"))
	seed.Flags().Int64Var(&opts.Seed, "seed", 1, t("cli.flag.demo_seed"))
	run.AddCommand(seed)
	return run
}

// runDemo starts the demo centre and the console synced with it.
func (a *app) runDemo(cmd *cobra.Command) error {
	cfg, policy, path, err := a.demoSetup(cmd)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	centre, err := startDemoCentre(ctx, filepath.Dir(path), demoMembers, progressBar(ctx, a.cat))
	if err != nil {
		return err
	}
	defer centre.Close()
	db, err := openDemoConsole(ctx, a.cat, path, centre, policy.DocumentsDir, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer db.Close()
	cfg.CentralURL = centre.url // its port changes from run to run
	logger, closeLog, err := consoleLog(cmd, cfg, path)
	if err != nil {
		return err
	}
	defer closeLog()
	engine, err := syncEngine(ctx, db, cfg, policy.DocumentsDir, logger)
	if err != nil {
		return err
	}
	svc, err := service.New(ctx, db, policy, service.WithSyncer(engine))
	if err != nil {
		return err
	}
	return runConsoleWithSync(ctx, svc, cfg, engine, demo.Hint())
}

// demoSetup reads the configuration and makes the folder of the demo
// console's database: --db, or var/demo (whatever database.path says).
// Its document store and receipts sit beside it (var/demo/documents,
// var/demo/receipts) unless configured elsewhere.
func (a *app) demoSetup(cmd *cobra.Command) (config.Config, service.Policy, string, error) {
	cfg, err := a.config(cmd)
	if err != nil {
		return cfg, service.Policy{}, "", err
	}
	path := demoPath
	if f := cmd.Flags().Lookup("db"); f != nil && f.Changed {
		path = f.Value.String()
	}
	policy, err := policyFrom(cfg, path)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o700)
	}
	return cfg, policy, path, err
}

// prepareDemo opens (creating if needed) the demo database and completes
// its set-up, with a progress bar on a terminal.
func (a *app) prepareDemo(cmd *cobra.Command, opts demo.Options) (*store.DB, error) {
	_, policy, path, err := a.demoSetup(cmd)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(cmd.Context(), path, store.MayCreate)
	if err != nil {
		return nil, err
	}
	opts.Now = time.Now()
	if err := demo.Prepare(cmd.Context(), db, opts, policy, progressBar(cmd.Context(), a.cat)); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// progressBar draws seeding progress on a terminal's standard error, and
// nothing when it is not a terminal.
func progressBar(ctx context.Context, cat *i18n.Catalog) demo.Progress {
	if !term.IsTerminal(os.Stderr.Fd()) {
		return nil
	}
	bar := progress.New(progress.WithWidth(40))
	return func(done, total int) {
		if ctx.Err() != nil || total == 0 {
			return
		}
		fmt.Fprint(os.Stderr, "\r"+cat.T("cli.demo.seeding", bar.ViewAs(float64(done)/float64(total)), i18n.Count(done), i18n.Count(total)))
		if done >= total {
			fmt.Fprintln(os.Stderr)
		}
	}
}
