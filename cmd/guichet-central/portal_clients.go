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
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func newPortalClientsCmd(a *app) *cobra.Command {
	t := a.cat.T
	clients := &cobra.Command{Use: "portal-clients", Short: t("cli.central.help.portal_clients")}

	var tokenFile string
	add := &cobra.Command{
		Use:   "add NAME",
		Short: t("cli.central.help.portal_clients.add"),
		Long:  t("cli.central.help.portal_clients.add.long"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The token file is created first, so a token is never made
			// that could not be written.
			var out *os.File
			if tokenFile != "" {
				f, err := os.OpenFile(tokenFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
				if err != nil {
					return fmt.Errorf("%s: %w", t("cli.central.portal.token_file"), err)
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
						return errors.Join(fmt.Errorf("%s: %w", t("cli.central.portal.token_file"), err), c.RevokePortalClient(ctx, args[0]))
					}
					if err := out.Close(); err != nil {
						return errors.Join(fmt.Errorf("%s: %w", t("cli.central.portal.token_file"), err), c.RevokePortalClient(ctx, args[0]))
					}
					fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.portal.added_file", domain.Sanitize(args[0]), tokenFile))
					return nil
				}
				w := cmd.OutOrStdout()
				fmt.Fprintln(w, t("cli.central.portal.added", domain.Sanitize(args[0])))
				fmt.Fprintln(w, t("cli.central.portal.token"))
				fmt.Fprintln(w, token)
				return nil
			})
			if err != nil && out != nil {
				os.Remove(tokenFile) // nothing worth keeping in it
			}
			return err
		},
	}
	add.Flags().StringVar(&tokenFile, "token-file", "", t("cli.central.flag.portal_token_file"))

	list := &cobra.Command{
		Use:   "list",
		Short: t("cli.central.help.portal_clients.list"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.PortalClients(ctx)
				if err != nil {
					return err
				}
				return portalClientsTable(a.cat).Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)

	revoke := &cobra.Command{
		Use:   "revoke NAME",
		Short: t("cli.central.help.portal_clients.revoke"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.RevokePortalClient(ctx, args[0]); err != nil {
					return a.missing(err, "cli.central.portal.not_found", args[0])
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.portal.revoked", domain.Sanitize(args[0])))
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

// portalClientsTable lists portal clients under a header in cat's language.
func portalClientsTable(cat *i18n.Catalog) cli.Table[central.PortalClient] {
	return cli.Table[central.PortalClient]{
		Header: cat.T("cli.central.portal.header"),
		AsJSON: func(c central.PortalClient) any { return portalClientJSON{c.Name, c.CreatedAt.UTC(), utc(c.RevokedAt)} },
		Cells: func(c central.PortalClient) []string {
			state := cat.T("cli.central.state.active")
			if c.RevokedAt != nil {
				state = cat.T("cli.central.state.revoked", when(c.RevokedAt))
			}
			return []string{c.Name, when(&c.CreatedAt), state}
		},
	}
}
