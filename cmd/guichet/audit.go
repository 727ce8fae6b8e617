package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/service"
)

func newAuditCmd(a *app) *cobra.Command {
	audit := &cobra.Command{Use: "audit", Short: "The device's audit hash chain"}
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check the whole chain; name the first broken entry and exit 3 if there is one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withService(cmd, func(ctx context.Context, svc *service.Service, _ config.Config) error {
				sess, err := a.signIn(cmd, svc, true)
				if err != nil {
					return err
				}
				rep, err := svc.VerifyAudit(ctx, sess)
				if err != nil {
					return err
				}
				if jsonOutput(cmd) {
					out := map[string]any{"intact": rep.Break == nil, "verified_entries": rep.Entries}
					if rep.Break != nil {
						out["broken_seq"], out["reason"] = rep.Break.Seq, rep.Break.Reason
					}
					if err := writeJSON(cmd, out); err != nil {
						return err
					}
				} else if rep.Break == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "Audit chain intact: %d entries verified.\n", rep.Entries)
				} else {
					fmt.Fprintf(cmd.OutOrStdout(), "Audit chain BROKEN at entry %d (%s); the %d entries before it verify.\n",
						rep.Break.Seq, reasonText(rep.Break.Reason), rep.Entries)
				}
				if rep.Break != nil {
					return errChainBroken
				}
				return nil
			})
		},
	}
	actingFlags(verify)
	jsonFlag(verify)
	audit.AddCommand(verify)
	return audit
}

func reasonText(reason string) string {
	switch reason {
	case "sequence":
		return "an entry is missing or out of order"
	case "previous_hash":
		return "it does not link to the entry before"
	default:
		return "its content was changed after it was written"
	}
}
