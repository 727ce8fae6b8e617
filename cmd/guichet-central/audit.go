package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func newAuditCmd(a *app) *cobra.Command {
	t := a.cat.T
	audit := &cobra.Command{Use: "audit", Short: t("cli.central.help.audit")}
	breaks := &cobra.Command{
		Use:   "breaks",
		Short: t("cli.central.help.audit.breaks"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.ChainBreaks(ctx)
				if err != nil {
					return err
				}
				if len(all) == 0 && !cli.JSONOutput(cmd) {
					fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.audit.intact"))
				} else if err := breaksTable(a.cat).Print(cmd, all); err != nil {
					return err
				}
				if len(all) > 0 {
					// exit code 3 once they are listed
					return cli.ChainBroken(t("cli.central.audit.broken"))
				}
				return nil
			})
		},
	}
	cli.JSONFlag(breaks)
	audit.AddCommand(breaks)
	return audit
}

type breakJSON struct {
	DeviceID string    `json:"device_id"`
	Seq      int64     `json:"seq"`
	Reason   string    `json:"reason"`
	FoundAt  time.Time `json:"found_at"`
}

// breaksTable lists chain breaks under a header in cat's language, each
// reason named as the console's audit verify names it.
func breaksTable(cat *i18n.Catalog) cli.Table[central.ChainBreak] {
	return cli.Table[central.ChainBreak]{
		Header: cat.T("cli.central.audit.header"),
		AsJSON: func(b central.ChainBreak) any { return breakJSON{b.DeviceID, b.Seq, b.Reason, b.FoundAt.UTC()} },
		Cells: func(b central.ChainBreak) []string {
			reason := b.Reason
			if cat.Has("cli.audit.reason." + reason) {
				reason = cat.T("cli.audit.reason." + reason)
			}
			return []string{b.DeviceID, strconv.FormatInt(b.Seq, 10), reason, when(&b.FoundAt)}
		},
	}
}
