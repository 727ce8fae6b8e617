package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/doctor"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/store"
)

func newBackupCmd(a *app) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "backup --to FILE",
		Short: a.cat.T("cli.help.backup"),
		Long:  a.cat.T("cli.help.backup.long"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				return cli.UsageError{Msg: a.cat.T("cli.usage.required", "--to FILE")}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			c, err := store.Backup(cmd.Context(), cfg.DatabasePath, to)
			if errors.Is(err, store.ErrExists) {
				return errors.New(a.cat.T("cli.backup.exists", to))
			}
			if err != nil {
				return err
			}
			src, _ := filepath.Abs(cfg.DatabasePath)
			sum, _ := summarize(cmd.Context(), c.Path, "")
			if cli.JSONOutput(cmd) {
				return cli.WriteJSON(cmd, backupJSON{Database: src, Copy: c, Pending: sum.queue.Pending, SetAside: sum.queue.SetAside})
			}
			w, t := cmd.OutOrStdout(), a.cat.T
			fmt.Fprintln(w, t("backup.done", src, c.Path))
			fmt.Fprintln(w, t("backup.sum", c.SHA256))
			fmt.Fprintln(w, t("backup.detail", i18n.Count(c.Bytes), c.SchemaVersion))
			fmt.Fprintln(w, t("backup.queue", i18n.Count(sum.queue.Pending), i18n.Count(sum.queue.SetAside)))
			if docs := cfg.DocumentsDir(src); hasFiles(docs) {
				fmt.Fprintln(w, t("backup.scans", docs))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", a.cat.T("cli.flag.backup_to"))
	cli.JSONFlag(cmd)
	return cmd
}

// backupJSON is what backup prints with --json.
type backupJSON struct {
	Database string `json:"database"`
	store.Copy
	Pending  int `json:"pending"`
	SetAside int `json:"set_aside"`
}

func hasFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) > 0
}

// dbSummary is what restore reads of a database: whose it is, what its
// outbox holds and how far its audit chain goes.
type dbSummary struct {
	deviceID, branch string
	lastGoodSync     time.Time
	auditShipped     int64 // what the centre held when this copy was made
	auditLast        int64 // the chain's last entry
	queue            doctor.Queue
	all              map[string]bool // every outbox entry's id
}

// summarize reads a database without writing to it (documentsDir ""
// skips the scans).
func summarize(ctx context.Context, path, documentsDir string) (dbSummary, error) {
	db, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return dbSummary{}, err
	}
	defer db.Close()
	var s dbSummary
	meta := map[string]string{}
	for _, k := range []string{store.MetaDeviceID, store.MetaBranch, store.MetaLastGoodSync, store.MetaAuditShipped} {
		if meta[k], err = db.Meta(ctx, k); err != nil {
			return s, err
		}
	}
	s.deviceID, s.branch = meta[store.MetaDeviceID], meta[store.MetaBranch]
	s.lastGoodSync, _ = time.Parse(time.RFC3339Nano, meta[store.MetaLastGoodSync])
	s.auditShipped, _ = strconv.ParseInt(meta[store.MetaAuditShipped], 10, 64)
	if s.queue, err = doctor.ReadQueue(ctx, db, documentsDir); err != nil {
		return s, err
	}
	entries, err := db.Outbox(ctx)
	if err != nil {
		return s, err
	}
	s.all = make(map[string]bool, len(entries))
	for _, e := range entries {
		s.all[e.ID] = true
	}
	err = db.EachAudit(ctx, func(e domain.AuditEntry) error { s.auditLast = e.Seq; return nil })
	return s, err
}
