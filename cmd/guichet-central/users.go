package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func newUsersCmd(a *app) *cobra.Command {
	t := a.cat.T
	users := &cobra.Command{
		Use:   "users",
		Short: t("cli.central.help.users"),
	}

	var nu central.NewUser
	var role string
	add := &cobra.Command{
		Use:   "add USERNAME",
		Short: t("cli.central.help.users.add"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := a.newPassword(cmd)
			if err != nil {
				return err
			}
			nu.Username, nu.Role, nu.Password = args[0], domain.Role(role), pw
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.AddUser(ctx, nu); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.users.added", domain.Sanitize(args[0]), domain.Sanitize(role), cli.OrDash(nu.Branch)))
				return nil
			})
		},
	}
	add.Flags().StringVar(&nu.DisplayName, "display-name", "", t("cli.central.flag.display_name"))
	add.Flags().StringVar(&role, "role", "agent", t("cli.flag.user_role"))
	add.Flags().StringVar(&nu.Branch, "branch", "", t("cli.central.flag.user_branch"))
	passwordFlag(add)

	list := &cobra.Command{
		Use:   "list",
		Short: t("cli.central.help.users.list"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.Users(ctx)
				if err != nil {
					return err
				}
				return usersTable(a.cat).Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)

	disable := &cobra.Command{
		Use:   "disable USERNAME",
		Short: t("cli.central.help.users.disable"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.DisableUser(ctx, args[0]); err != nil {
					return a.missing(err, "cli.central.users.not_found", args[0])
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.users.disabled", domain.Sanitize(args[0])))
				return nil
			})
		},
	}

	reset := &cobra.Command{
		Use:   "reset-password USERNAME",
		Short: t("cli.central.help.users.reset_password"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := a.newPassword(cmd)
			if err != nil {
				return err
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.ResetPassword(ctx, args[0], pw); err != nil {
					return a.missing(err, "cli.central.users.not_found", args[0])
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.users.reset", domain.Sanitize(args[0])))
				return nil
			})
		},
	}
	passwordFlag(reset)
	users.AddCommand(add, list, disable, reset)
	return users
}

// passwordFlag adds --password-stdin (its usage a catalogue key, which
// clidoc.Setup translates).
func passwordFlag(cmd *cobra.Command) {
	cmd.Flags().Bool("password-stdin", false, "cli.flag.new_password_stdin")
}

type userJSON struct {
	Username           string    `json:"username"`
	DisplayName        string    `json:"display_name"`
	Role               string    `json:"role"`
	Branch             string    `json:"branch,omitempty"`
	Disabled           bool      `json:"disabled"`
	MustChangePassword bool      `json:"must_change_password"`
	CreatedAt          time.Time `json:"created_at"`
}

// usersTable lists accounts in cat's language; a role is shown as --role
// takes it.
func usersTable(cat *i18n.Catalog) cli.Table[central.UserInfo] {
	return cli.Table[central.UserInfo]{
		Header: cat.T("cli.users.header"),
		AsJSON: func(u central.UserInfo) any {
			return userJSON{u.Username, u.DisplayName, string(u.Role), u.Branch, u.Disabled, u.MustChangePassword, u.CreatedAt.UTC()}
		},
		Cells: func(u central.UserInfo) []string {
			state := cat.T("cli.users.state.active")
			switch {
			case u.Disabled:
				state = cat.T("cli.users.state.disabled")
			case u.MustChangePassword:
				state = cat.T("cli.users.state.must_change")
			}
			return []string{u.Username, u.DisplayName, string(u.Role), cli.OrDash(u.Branch), state}
		},
	}
}
