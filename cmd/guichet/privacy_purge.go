package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// newPrivacyPurgeCmd is `guichet privacy purge`: the retention purge of
// delivered data (retention.*), by an admin.
func newPrivacyPurgeCmd(a *app) *cobra.Command {
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "purge",
		Short: t("retention.help.purge"),
		Long:  t("retention.help.purge.long"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			dryRun, _ := cmd.Flags().GetBool("dry-run")
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				rep, err := svc.PurgeRetention(ctx, sess, retentionOf(cfg), dryRun)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, purgeJSONOf(rep))
				}
				printPurge(cmd.OutOrStdout(), a.cat, cfg.Location, rep)
				return nil
			})
		},
	}
	cmd.Flags().Bool("dry-run", false, t("retention.help.dry_run"))
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

func retentionOf(cfg config.Config) service.Retention {
	return service.Retention{AuditDays: cfg.Retention.AuditDays, DocumentsDays: cfg.Retention.DocumentsDays}
}

// purgeJSON is a purge report as --json prints it: times in UTC, absent
// when there is none (a cutoff is absent when the retention keeps all).
type purgeJSON struct {
	DryRun             bool            `json:"dry_run"`
	AuditEntries       int64           `json:"audit_entries"`
	AuditBefore        *time.Time      `json:"audit_before,omitempty"`
	Documents          int             `json:"documents"`
	DocumentBytes      int64           `json:"document_bytes"`
	DocumentsBefore    *time.Time      `json:"documents_before,omitempty"`
	OldestAuditKept    *time.Time      `json:"oldest_audit_kept,omitempty"`
	OldestDocumentKept *time.Time      `json:"oldest_document_kept,omitempty"`
	Checkpoint         *checkpointJSON `json:"checkpoint,omitempty"`
	AuditEntry         int64           `json:"audit_entry,omitempty"` // the entry recording the purge
}

// checkpointJSON is the audit chain's checkpoint (see store.Checkpoint).
type checkpointJSON struct {
	Seq      int64     `json:"seq"`
	Hash     string    `json:"hash"`
	At       time.Time `json:"at"`
	Purged   int64     `json:"purged"`
	By       string    `json:"by"`
	EntrySeq int64     `json:"entry_seq"`
}

func checkpointJSONOf(cp *store.Checkpoint) *checkpointJSON {
	if cp == nil {
		return nil
	}
	return &checkpointJSON{Seq: cp.Seq, Hash: domain.Sanitize(cp.Hash), At: cp.At.UTC(), Purged: cp.Purged,
		By: domain.Sanitize(cp.By), EntrySeq: cp.EntrySeq}
}

func purgeJSONOf(r service.PurgeReport) purgeJSON {
	utc := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		t = t.UTC()
		return &t
	}
	return purgeJSON{DryRun: r.DryRun, AuditEntries: r.AuditEntries, AuditBefore: utc(r.AuditBefore),
		Documents: r.Documents, DocumentBytes: r.DocumentBytes, DocumentsBefore: utc(r.DocumentsBefore),
		OldestAuditKept: utc(r.OldestAuditKept), OldestDocumentKept: utc(r.OldestDocumentKept),
		Checkpoint: checkpointJSONOf(r.Checkpoint), AuditEntry: r.EntrySeq}
}

// printPurge writes a purge report as text, times in loc.
func printPurge(w io.Writer, cat *i18n.Catalog, loc *time.Location, r service.PurgeReport) {
	t := cat.T
	switch {
	case r.DryRun:
		fmt.Fprintln(w, t("cli.retention.dry_run"))
	case r.Nothing():
		fmt.Fprintln(w, t("cli.retention.nothing"))
	default:
		fmt.Fprintln(w, t("cli.retention.purged"))
	}
	if r.AuditBefore.IsZero() {
		fmt.Fprintln(w, t("cli.retention.audit.kept"))
	} else {
		fmt.Fprintln(w, t("cli.retention.audit.due", i18n.Count(r.AuditEntries), domain.Date{Time: r.AuditBefore}))
	}
	if r.DocumentsBefore.IsZero() {
		fmt.Fprintln(w, t("cli.retention.documents.kept"))
	} else {
		fmt.Fprintln(w, t("cli.retention.documents.due", i18n.Count(r.Documents), i18n.Count((r.DocumentBytes+1023)/1024),
			domain.Date{Time: r.DocumentsBefore}))
	}
	if !r.OldestAuditKept.IsZero() {
		fmt.Fprintln(w, t("cli.retention.oldest_audit", r.OldestAuditKept.In(loc)))
	}
	if r.OldestDocumentKept.IsZero() {
		fmt.Fprintln(w, t("cli.retention.no_document"))
	} else {
		fmt.Fprintln(w, t("cli.retention.oldest_document", r.OldestDocumentKept.In(loc)))
	}
	fmt.Fprintln(w, checkpointLine(cat, loc, r.Checkpoint))
	if r.EntrySeq > 0 {
		fmt.Fprintln(w, t("cli.retention.recorded", r.EntrySeq))
	}
}

// checkpointLine tells where the chain starts (the hash shortened: its
// first 16 digits tell it apart).
func checkpointLine(cat *i18n.Catalog, loc *time.Location, cp *store.Checkpoint) string {
	if cp == nil {
		return cat.T("cli.retention.no_checkpoint")
	}
	hash := domain.Sanitize(cp.Hash)
	if len(hash) > 16 {
		hash = hash[:16] + "…"
	}
	return cat.T("cli.retention.checkpoint", cp.Seq, hash, cp.At.In(loc), domain.Sanitize(cp.By))
}

// retentionInterval spaces the automatic purges of a console that stays
// open: the cutoffs move once a day, so trying after every pass would only
// read again what is held back (entries behind a break, copies of
// set-aside requests).
const retentionInterval = time.Hour

// retentionHook is the sync engine's AfterPass when retention.automatic is
// on (nil otherwise): the purge after a successful pass, at most once per
// retentionInterval, the first pass always (so `guichet sync` purges too).
// A failure is logged and fails nothing: the next try comes later.
func retentionHook(db *store.DB, cfg config.Config, log *slog.Logger) func(context.Context) {
	if !cfg.Retention.Automatic {
		return nil
	}
	var last time.Time // passes run one at a time
	return func(ctx context.Context) {
		if !last.IsZero() && time.Since(last) < retentionInterval {
			return
		}
		last = time.Now()
		rep, err := autoPurge(ctx, db, cfg)
		switch {
		case err != nil:
			log.Warn("retention purge failed", "error", err)
		case !rep.Nothing():
			log.Info("retention purge", "audit_entries", rep.AuditEntries, "documents", rep.Documents,
				"audit_entry", rep.EntrySeq)
		}
	}
}

// autoPurge runs the automatic purge on db.
func autoPurge(ctx context.Context, db *store.DB, cfg config.Config) (service.PurgeReport, error) {
	policy, err := policyFrom(cfg, db.Path)
	if err != nil {
		return service.PurgeReport{}, err
	}
	svc, err := service.New(ctx, db, policy)
	if err != nil {
		return service.PurgeReport{}, err
	}
	return svc.PurgeDue(ctx, retentionOf(cfg))
}
