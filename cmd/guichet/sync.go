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
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/tui"
)

func newSyncCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Run one sync pass with the centre: deliver the outbox, ship the audit chain, pull the feed",
		Long: "sync runs one pass on the configured database and prints what it did. It needs no account:\n" +
			"the device token recorded by `guichet provision` is the credential. It exits with 1 when\n" +
			"anything failed or the centre set an entry aside in this pass (see the Sync screen).",
		Args: cobra.NoArgs,
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
				printSyncReport(cmd.OutOrStdout(), rep)
			}
			return syncOutcome(rep, err)
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
		DocumentsDir: documentsDir, CentralURL: cfg.CentralURL})
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

// errSetAside makes `sync` exit non-zero when the centre refused entries.
var errSetAside = errors.New("the centre set entries aside in this pass: a supervisor sees them on the Sync screen")

// syncOutcome is the command's result: the pass's error (the centre
// refusing this version says so plainly), or errSetAside.
func syncOutcome(rep client.Report, err error) error {
	switch {
	case errors.Is(err, client.ErrUpdateNeeded):
		return client.ErrUpdateNeeded
	case err != nil:
		return fmt.Errorf("sync failed: %s", client.Describe(err))
	case rep.SetAside > 0:
		return errSetAside
	}
	return nil
}

func printSyncReport(w io.Writer, r client.Report) {
	fmt.Fprintf(w, "Pushed %d entries: %d applied, %d duplicate, %d set aside, %d deferred; %d scans uploaded.\n",
		r.Pushed, r.Applied, r.Duplicate, r.SetAside, r.Deferred, r.Documents)
	fmt.Fprintf(w, "Audit chain held by the centre through entry %d.\n", r.AuditThrough)
	if b := r.AuditBreak; b != nil {
		fmt.Fprintf(w, "The centre found this device's audit chain BROKEN at entry %d (%s).\n", b.Seq, domain.Sanitize(b.Reason))
	}
	fmt.Fprintf(w, "Pulled %d items (%d kept aside behind local changes, %d adopted).\n", r.Pulled, r.Held, r.Adopted)
	if r.Forgotten > 0 {
		fmt.Fprintf(w, "Forgot %d members of other branches no change needs any more.\n", r.Forgotten)
	}
	fmt.Fprintf(w, "Queue: %d pending, %d set aside.\n", r.Pending, r.SetAsideTotal)
}
