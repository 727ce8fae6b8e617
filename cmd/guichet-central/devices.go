package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func newDevicesCmd(a *app) *cobra.Command {
	t := a.cat.T
	devices := &cobra.Command{Use: "devices", Short: t("cli.central.help.devices")}

	var name, branch string
	add := &cobra.Command{
		Use:     "add",
		Short:   t("cli.central.help.devices.add"),
		Long:    t("cli.central.help.devices.add.long"),
		Example: t("cli.central.help.devices.add.example"),
		Args:    noArgs,
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
				fmt.Fprintln(out, t("cli.central.devices.added", dev.ID, domain.Sanitize(dev.Name), dev.Number, domain.Sanitize(dev.Branch)))
				fmt.Fprintln(out, t("cli.central.devices.token"))
				fmt.Fprintln(out, token)
				return nil
			})
		},
	}
	add.Flags().StringVar(&name, "name", "", t("cli.central.flag.device_name"))
	add.Flags().StringVar(&branch, "branch", "", t("cli.central.flag.device_branch"))
	cli.JSONFlag(add)

	list := &cobra.Command{
		Use:   "list",
		Short: t("cli.central.help.devices.list"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.Devices(ctx)
				if err != nil {
					return err
				}
				return devicesTable(a.cat).Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)

	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: t("cli.central.help.devices.revoke"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.RevokeDevice(ctx, args[0]); err != nil {
					return a.missing(err, "cli.central.devices.not_found", args[0])
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.devices.revoked", domain.Sanitize(args[0])))
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

// devicesTable lists devices under a header in cat's language.
func devicesTable(cat *i18n.Catalog) cli.Table[central.DeviceInfo] {
	return cli.Table[central.DeviceInfo]{
		Header: cat.T("cli.central.devices.header"),
		AsJSON: func(d central.DeviceInfo) any {
			return deviceJSON{d.ID, d.Name, d.Branch, d.Number, d.CreatedAt.UTC(), utc(d.LastSeen), utc(d.RevokedAt)}
		},
		Cells: func(d central.DeviceInfo) []string {
			state := cat.T("cli.central.state.active")
			if d.RevokedAt != nil {
				state = cat.T("cli.central.state.revoked", when(d.RevokedAt))
			}
			return []string{d.ID, d.Name, d.Branch, strconv.Itoa(d.Number), when(&d.CreatedAt), when(d.LastSeen), state}
		},
	}
}
