package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/tui"
)

func newSyncCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sync",
		Short: a.cat.T("cli.help.sync"),
		Long:  a.cat.T("cli.help.sync.long"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			db, err := store.Open(cmd.Context(), cfg.DatabasePath, store.MustExist)
			if err != nil {
				return err
			}
			defer db.Close()
			logger, closeLog, err := headlessLog(cmd, cfg, db.Path, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer closeLog()
			engine, err := syncEngine(cmd.Context(), db, cfg, cfg.DocumentsDir(db.Path), logger)
			if err != nil {
				return err
			}
			if engine == nil {
				return domain.ErrNotProvisioned
			}
			rep, err := engine.Pass(cmd.Context())
			if cli.JSONOutput(cmd) {
				out := struct {
					client.Report
					OK    bool   `json:"ok"`
					Error string `json:"error,omitempty"`
				}{Report: rep, OK: err == nil && rep.SetAside == 0}
				if err != nil {
					out.Error = client.Describe(err)
				}
				if werr := cli.WriteJSON(cmd, out); werr != nil {
					return werr
				}
			} else {
				printSyncReport(cmd.OutOrStdout(), a.cat, rep)
			}
			return syncOutcome(a.cat, rep, err)
		},
	}
	cli.JSONFlag(cmd)
	return cmd
}

// syncEngine builds the sync engine of a provisioned database, and returns
// nil for a standalone one.
func syncEngine(ctx context.Context, db *store.DB, cfg config.Config, documentsDir string, logger *slog.Logger) (*client.Engine, error) {
	provisioned, err := db.Provisioned(ctx)
	if err != nil || !provisioned {
		return nil, err
	}
	return client.New(db, client.Options{Interval: cfg.SyncInterval, Timeout: cfg.SyncTimeout, Logger: logger,
		DocumentsDir: documentsDir, CentralURL: cfg.CentralURL, AfterPass: retentionHook(db, cfg, logger)})
}

// runConsoleWithSync runs the console with the sync engine beside it (when
// the database is provisioned), tied to the console's lifetime: the engine
// has stopped before this returns, so the database can close. After each
// pass the status bar reads the link's state again at once.
func runConsoleWithSync(ctx context.Context, svc *service.Service, cfg config.Config, engine *client.Engine, demoHint []string) error {
	if engine == nil {
		return runConsole(ctx, svc, cfg, demoHint)
	}
	ctx, stop := context.WithCancel(ctx)
	program := consoleProgram(ctx, svc, cfg, demoHint)
	engine.OnPass(func() { program.Send(tui.SyncChangedMsg{}) })
	done := make(chan struct{})
	go func() {
		defer close(done)
		engine.Run(ctx)
	}()
	defer func() {
		stop()
		<-done
	}()
	_, err := program.Run()
	return err
}

// errSetAside makes `sync` exit non-zero when the centre refused entries
// (a domain error, so that the catalogue translates it).
var errSetAside = &domain.Error{Key: "cli.sync.set_aside"}

// syncOutcome is the command's result: the pass's error (the centre
// refusing this version says so plainly), or errSetAside.
func syncOutcome(cat *i18n.Catalog, rep client.Report, err error) error {
	switch {
	case errors.Is(err, client.ErrUpdateNeeded):
		return client.ErrUpdateNeeded
	case err != nil:
		return errors.New(cat.T("cli.sync.failed", client.Describe(err)))
	case rep.SetAside > 0:
		return errSetAside
	}
	return nil
}

func printSyncReport(w io.Writer, cat *i18n.Catalog, r client.Report) {
	t := cat.T
	fmt.Fprintln(w, t("cli.sync.pushed", i18n.Count(r.Pushed), i18n.Count(r.Applied), i18n.Count(r.Duplicate),
		i18n.Count(r.SetAside), i18n.Count(r.Deferred), i18n.Count(r.Documents)))
	fmt.Fprintln(w, t("cli.sync.audit", r.AuditThrough))
	if b := r.AuditBreak; b != nil {
		fmt.Fprintln(w, t("cli.sync.audit_broken", b.Seq, domain.Sanitize(b.Reason)))
	}
	fmt.Fprintln(w, t("cli.sync.pulled", i18n.Count(r.Pulled), i18n.Count(r.Held), i18n.Count(r.Adopted)))
	if r.Forgotten > 0 {
		fmt.Fprintln(w, t("cli.sync.forgotten", i18n.Count(r.Forgotten)))
	}
	fmt.Fprintln(w, t("cli.sync.queue", i18n.Count(r.Pending), i18n.Count(r.SetAsideTotal)))
}
