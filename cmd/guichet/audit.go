package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

func newAuditCmd(a *app) *cobra.Command {
	audit := &cobra.Command{Use: "audit", Short: "The device's audit hash chain"}
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check the whole chain; name the first broken entry and exit 3 if there is one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				rep, err := svc.VerifyAudit(ctx, sess)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					out := map[string]any{"intact": rep.Break == nil, "verified_entries": rep.Entries}
					if rep.Break != nil {
						out["broken_seq"], out["reason"] = rep.Break.Seq, rep.Break.Reason
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
				if rep.Break != nil {
					return errChainBroken
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
