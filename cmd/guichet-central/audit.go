package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/internal/cli"
)

// errChainBroken makes `audit breaks` exit with 3 once it has listed them.
var errChainBroken error = cli.ChainBroken("some device's audit chain is broken")

func newAuditCmd(a *app) *cobra.Command {
	audit := &cobra.Command{Use: "audit", Short: "The devices' audit chains as the centre verified them"}
	breaks := &cobra.Command{
		Use:   "breaks",
		Short: "List where a device's audit chain failed to verify (exit code 3 when any did)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.ChainBreaks(ctx)
				if err != nil {
					return err
				}
				if len(all) == 0 && !cli.JSONOutput(cmd) {
					fmt.Fprintln(cmd.OutOrStdout(), "Every device's audit chain verifies.")
				} else if err := breaksTable.Print(cmd, all); err != nil {
					return err
				}
				if len(all) > 0 {
					return errChainBroken
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

var breaksTable = cli.Table[central.ChainBreak]{
	Header: "DEVICE\tSEQ\tREASON\tFOUND",
	AsJSON: func(b central.ChainBreak) any { return breakJSON{b.DeviceID, b.Seq, b.Reason, b.FoundAt.UTC()} },
	Cells: func(b central.ChainBreak) []string {
		return []string{b.DeviceID, strconv.FormatInt(b.Seq, 10), b.Reason, when(&b.FoundAt)}
	},
}
