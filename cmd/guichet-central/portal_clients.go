package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
)

func newPortalClientsCmd(a *app) *cobra.Command {
	clients := &cobra.Command{Use: "portal-clients", Short: "Manage the callers of POST /v1/pin/verify (the fund's portal)"}

	var tokenFile string
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Allow a portal client and print its token (shown only this once), or write it with --token-file",
		Long: "portal-clients add allows a caller of POST /v1/pin/verify and gives it a token: 256\n" +
			"random bits, shown only this once (the centre keeps only its SHA-256). With --token-file\n" +
			"the token goes to that new file (mode 0600) instead of the screen. A device's token does\n" +
			"not open the verification, nor a portal client's token the devices' operations.",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The token file is created first, so a token is never made
			// that could not be written.
			var out *os.File
			if tokenFile != "" {
				f, err := os.OpenFile(tokenFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
				if err != nil {
					return fmt.Errorf("token file: %w", err)
				}
				out = f
				defer f.Close()
			}
			err := a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				token, err := c.AddPortalClient(ctx, args[0])
				if err != nil {
					return err
				}
				if out != nil {
					if _, err := fmt.Fprintln(out, token); err != nil {
						return errors.Join(fmt.Errorf("token file: %w", err), c.RevokePortalClient(ctx, args[0]))
					}
					if err := out.Close(); err != nil {
						return errors.Join(fmt.Errorf("token file: %w", err), c.RevokePortalClient(ctx, args[0]))
					}
					fmt.Fprintf(cmd.OutOrStdout(), "Added portal client %s; its token is in %s (mode 0600).\n", args[0], tokenFile)
					return nil
				}
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "Added portal client %s.\n", args[0])
				fmt.Fprintln(w, "Its token, shown only this once (keep it safe; whoever holds it can check PINs):")
				fmt.Fprintln(w, token)
				return nil
			})
			if err != nil && out != nil {
				os.Remove(tokenFile) // nothing worth keeping in it
			}
			return err
		},
	}
	add.Flags().StringVar(&tokenFile, "token-file", "", "write the token to this new file (mode 0600) instead of printing it")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the portal clients (never their tokens)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.PortalClients(ctx)
				if err != nil {
					return err
				}
				return portalClientsTable.Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)

	revoke := &cobra.Command{
		Use:   "revoke NAME",
		Short: "Stop a portal client's token for good",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.RevokePortalClient(ctx, args[0]); err != nil {
					return missing(err, "active portal client", args[0])
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Revoked portal client %s: its token no longer works.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	clients.AddCommand(add, list, revoke)
	return clients
}

type portalClientJSON struct {
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

var portalClientsTable = cli.Table[central.PortalClient]{
	Header: "NAME\tADDED\tSTATE",
	AsJSON: func(c central.PortalClient) any { return portalClientJSON{c.Name, c.CreatedAt.UTC(), utc(c.RevokedAt)} },
	Cells: func(c central.PortalClient) []string {
		state := "active"
		if c.RevokedAt != nil {
			state = "revoked " + when(c.RevokedAt)
		}
		return []string{c.Name, when(&c.CreatedAt), state}
	},
}
