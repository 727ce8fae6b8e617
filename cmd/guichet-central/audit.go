package main

import (
	"context"
	"fmt"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
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
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig, _ *slog.Logger) error {
				all, err := c.ChainBreaks(ctx)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					out := make([]breakJSON, len(all))
					for i, b := range all {
						out[i] = breakJSON{b.DeviceID, b.Seq, b.Reason, b.FoundAt.UTC()}
					}
					if err := cli.WriteJSON(cmd, out); err != nil {
						return err
					}
				} else if len(all) == 0 {
					fmt.Fprintln(cmd.OutOrStdout(), "Every device's audit chain verifies.")
				} else {
					w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
					fmt.Fprintln(w, "DEVICE\tSEQ\tREASON\tFOUND")
					for _, b := range all {
						fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", domain.Sanitize(b.DeviceID), b.Seq, domain.Sanitize(b.Reason), when(&b.FoundAt))
					}
					if err := w.Flush(); err != nil {
						return err
					}
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
