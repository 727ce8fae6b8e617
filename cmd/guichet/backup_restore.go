package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/store"
)

func newRestoreCmd(a *app) *cobra.Command {
	var from string
	var force bool
	cmd := &cobra.Command{
		Use:   "restore --from FILE [--force]",
		Short: a.cat.T("cli.help.restore"),
		Long:  a.cat.T("cli.help.restore.long"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return cli.UsageError{Msg: a.cat.T("cli.usage.required", "--from FILE")}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if _, err := store.Inspect(ctx, from); err != nil {
				return err
			}
			target, err := filepath.Abs(cfg.DatabasePath)
			if err != nil {
				return err
			}
			docs := cfg.DocumentsDir(target)
			var before *dbSummary // the database replaced, when readable
			aside, unreadable := "", ""
			if _, err := os.Lstat(target); err == nil {
				if !force {
					return errors.New(a.cat.T("cli.restore.exists", target))
				}
				s, err := summarize(ctx, target, "")
				if err == nil {
					before = &s
				} else {
					unreadable = oneLineError(a.cat.Error(err))
				}
				if aside, err = moveAside(ctx, target); err != nil {
					return err
				}
			}
			c, err := store.Restore(ctx, from, target)
			if err != nil {
				if aside != "" {
					err = errors.Join(err, moveBack(aside, target))
				}
				return err
			}
			after, err := summarize(ctx, target, docs)
			if err != nil {
				return err
			}
			rep := restoreReport{From: c.Path, Copy: c, Aside: aside, Pending: after.queue.Pending,
				SetAside: after.queue.SetAside, MissingScans: after.queue.MissingScans, DeviceID: after.deviceID}
			rep.Database = target
			if src, err := filepath.Abs(from); err == nil {
				rep.From = src
			}
			if before != nil {
				rep.compare(*before, after)
			}
			rep.ReplacedUnreadable = unreadable
			if cli.JSONOutput(cmd) {
				return cli.WriteJSON(cmd, rep)
			}
			a.printRestore(cmd.OutOrStdout(), rep, after, docs, cfg.Location)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", a.cat.T("cli.flag.restore_from"))
	cmd.Flags().BoolVar(&force, "force", false, a.cat.T("cli.flag.restore_force"))
	cli.JSONFlag(cmd)
	return cmd
}

// restoreReport is what restore found, as --json prints it.
type restoreReport struct {
	Database string `json:"database"`
	From     string `json:"from"`
	store.Copy
	Aside        string `json:"moved_aside,omitempty"`
	DeviceID     string `json:"device_id"`
	Pending      int    `json:"pending"`
	SetAside     int    `json:"set_aside"`
	MissingScans int    `json:"missing_scans"`
	// Lost counts the undelivered entries of the database moved aside
	// that the backup does not have: they will not be sent.
	Lost int `json:"undelivered_not_in_backup"`
	// AuditForkAt is the entry at which the centre will see this device's
	// chain differ (0: it will not), when the replaced database had
	// shipped further than the backup holds.
	AuditForkAt int64 `json:"audit_break_expected_at,omitempty"`
	CentreHolds int64 `json:"centre_holds_audit_through,omitempty"`
	// OtherDevice is the replaced database's device, when not the backup's.
	OtherDevice string `json:"replaced_other_device,omitempty"`
	// ReplacedUnreadable says why the replaced database could not be
	// compared (damaged, most often: the reason for the restore).
	ReplacedUnreadable string `json:"replaced_unreadable,omitempty"`
}

// compare fills what the replaced database tells of the restore.
func (r *restoreReport) compare(before, after dbSummary) {
	for id := range before.queue.Unsettled {
		if !after.all[id] {
			r.Lost++
		}
	}
	if before.auditShipped > after.auditLast {
		r.CentreHolds, r.AuditForkAt = before.auditShipped, after.auditLast+1
	}
	if before.deviceID != "" && before.deviceID != after.deviceID {
		r.OtherDevice = before.deviceID
	}
}

func (a *app) printRestore(w io.Writer, r restoreReport, after dbSummary, docs string, loc *time.Location) {
	t := a.cat.T
	fmt.Fprintln(w, t("restore.done", r.From, r.Database))
	fmt.Fprintln(w, t("backup.sum", r.SHA256))
	fmt.Fprintln(w, t("backup.detail", i18n.Count(r.Bytes), r.SchemaVersion))
	if r.Aside != "" {
		fmt.Fprintln(w, t("restore.aside", r.Aside))
	}
	if r.SchemaVersion < r.LatestVersion {
		fmt.Fprintln(w, t("restore.migrate", r.SchemaVersion, r.LatestVersion))
	}
	fmt.Fprintln(w, t("restore.device", cli.OrDash(after.deviceID), cli.OrDash(after.branch), after.lastGoodSync.In(loc)))
	fmt.Fprintln(w, t("restore.queue", i18n.Count(r.Pending), i18n.Count(r.SetAside)))
	if r.Pending > 0 {
		fmt.Fprintln(w, t("restore.resend"))
	}
	if r.MissingScans > 0 {
		fmt.Fprintln(w, t("restore.missing_scans", i18n.Count(r.MissingScans), docs))
	}
	if r.ReplacedUnreadable != "" {
		fmt.Fprintln(w, t("restore.unreadable", r.ReplacedUnreadable))
	}
	if r.Lost > 0 {
		fmt.Fprintln(w, t("restore.lost", i18n.Count(r.Lost), r.Aside))
	}
	if r.AuditForkAt > 0 {
		fmt.Fprintln(w, t("restore.audit", r.CentreHolds, r.AuditForkAt-1, r.AuditForkAt))
	}
	if r.OtherDevice != "" {
		fmt.Fprintln(w, t("restore.other_device", cli.OrDash(after.deviceID), cli.OrDash(r.OtherDevice)))
	}
}

// oneLineError keeps the first line of an error's text (integrity_check
// findings run long).
func oneLineError(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// moveAside renames the database at target to a new name beside it:
// PATH.before-restore-TIMESTAMP, numbered when a restore in the same
// second took that name.
func moveAside(ctx context.Context, target string) (string, error) {
	suffix := ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	for n := 2; ; n++ {
		aside, err := store.MoveAside(ctx, target, suffix)
		if !errors.Is(err, store.ErrExists) || n > 100 {
			return aside, err
		}
		suffix = fmt.Sprintf(".before-restore-%s-%d", time.Now().UTC().Format("20060102T150405Z"), n)
	}
}

// moveBack undoes MoveAside after a failed restore: the database and its
// journals return to target (nothing else took the name: the restore
// links into place only when it succeeds).
func moveBack(aside, target string) error {
	var errs []error
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Rename(aside+s, target+s); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
