package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
)

func newDevicesCmd(a *app) *cobra.Command {
	devices := &cobra.Command{Use: "devices", Short: "Manage the consoles allowed to sync"}

	var name, branch string
	add := &cobra.Command{
		Use:   "add",
		Short: "Register a console for a branch and print its token (shown only this once)",
		Long: "devices add registers a console for a branch and prints its token: 256 random bits,\n" +
			"shown only this once (the centre keeps only its SHA-256). Hand it to the console over a\n" +
			"safe channel (`guichet provision --token-file FILE`), then delete your copy.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				token, dev, err := c.AddDevice(ctx, name, branch)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, deviceAddedJSON{dev.ID, dev.Name, dev.Branch, dev.Number, token})
				}
				out := cmd.OutOrStdout()
				fmt.Fprintf(out, "Added device %s (%s), number %d of branch %s.\n", dev.ID, domain.Sanitize(dev.Name), dev.Number, dev.Branch)
				fmt.Fprintln(out, "Its token, shown only this once (keep it safe; whoever holds it syncs as this device):")
				fmt.Fprintln(out, token)
				return nil
			})
		},
	}
	add.Flags().StringVar(&name, "name", "", "what the console is called, e.g. \"Rabat Agdal counter 2\" (required)")
	add.Flags().StringVar(&branch, "branch", "", "branch code the console serves (required)")
	cli.JSONFlag(add)

	list := &cobra.Command{
		Use:   "list",
		Short: "List the devices (never their tokens)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.Devices(ctx)
				if err != nil {
					return err
				}
				return devicesTable.Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)

	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Stop a device's token for good",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.RevokeDevice(ctx, args[0]); err != nil {
					return missing(err, "device", args[0])
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Revoked device %s: its token no longer works.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	devices.AddCommand(add, list, revoke)
	return devices
}

type deviceAddedJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Branch string `json:"branch"`
	Number int    `json:"number"`
	Token  string `json:"token"`
}

type deviceJSON struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Branch    string     `json:"branch"`
	Number    int        `json:"number"`
	CreatedAt time.Time  `json:"created_at"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

var devicesTable = cli.Table[central.DeviceInfo]{
	Header: "ID\tNAME\tBRANCH\tNUMBER\tADDED\tLAST SEEN\tSTATE",
	AsJSON: func(d central.DeviceInfo) any {
		return deviceJSON{d.ID, d.Name, d.Branch, d.Number, d.CreatedAt.UTC(), utc(d.LastSeen), utc(d.RevokedAt)}
	},
	Cells: func(d central.DeviceInfo) []string {
		state := "active"
		if d.RevokedAt != nil {
			state = "revoked " + when(d.RevokedAt)
		}
		return []string{d.ID, d.Name, d.Branch, strconv.Itoa(d.Number), when(&d.CreatedAt), when(d.LastSeen), state}
	},
}
