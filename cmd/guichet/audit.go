package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

func newAuditCmd(a *app) *cobra.Command {
	t := a.cat.T
	audit := &cobra.Command{Use: "audit", Short: t("cli.help.audit")}
	verify := &cobra.Command{
		Use:   "verify",
		Short: t("cli.help.audit.verify"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				rep, err := svc.VerifyAudit(ctx, sess)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					out := map[string]any{"intact": rep.Break == nil, "verified_entries": rep.Entries}
					if rep.Break != nil {
						out["broken_seq"], out["reason"] = rep.Break.Seq, rep.Break.Reason
					}
					if rep.Checkpoint != nil { // verified from there: earlier entries were purged
						out["checkpoint"] = checkpointJSONOf(rep.Checkpoint)
					}
					if err := cli.WriteJSON(cmd, out); err != nil {
						return err
					}
				} else if rep.Break == nil {
					fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("cli.audit.intact", i18n.Count(rep.Entries)))
				} else {
					fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("cli.audit.broken", rep.Break.Seq,
						a.cat.T("cli.audit.reason."+rep.Break.Reason), i18n.Count(rep.Entries)))
				}
				if cp := rep.Checkpoint; cp != nil && !cli.JSONOutput(cmd) {
					fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("cli.audit.checkpoint", cp.Seq, cp.At.In(cfg.Location), domain.Sanitize(cp.By)))
				}
				if rep.Break != nil {
					return cli.ChainBroken(t("cli.audit.exit_broken"))
				}
				return nil
			})
		},
	}
	actingFlags(verify)
	cli.JSONFlag(verify)
	audit.AddCommand(verify)
	return audit
}
