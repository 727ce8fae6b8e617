package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
)

func newUsersCmd(a *app) *cobra.Command {
	users := &cobra.Command{
		Use:   "users",
		Short: "Manage the accounts (the devices of each account's branch receive them)",
	}

	var nu central.NewUser
	var role string
	add := &cobra.Command{
		Use:   "add USERNAME",
		Short: "Create an account; its password comes from --password-stdin or a no-echo prompt",
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
				fmt.Fprintf(cmd.OutOrStdout(), "Added %s (%s, branch %s).\n", domain.Sanitize(args[0]), role, cli.OrDash(nu.Branch))
				return nil
			})
		},
	}
	add.Flags().StringVar(&nu.DisplayName, "display-name", "", "the person's name as screens show it (required)")
	add.Flags().StringVar(&role, "role", "agent", "agent, supervisor or admin")
	add.Flags().StringVar(&nu.Branch, "branch", "", "branch code (required for agents and supervisors)")
	passwordFlag(add)

	list := &cobra.Command{
		Use:   "list",
		Short: "List the accounts (never their password hashes)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.Users(ctx)
				if err != nil {
					return err
				}
				return usersTable.Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)

	disable := &cobra.Command{
		Use:   "disable USERNAME",
		Short: "Disable an account; its devices stop it on their next pull",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.DisableUser(ctx, args[0]); err != nil {
					return missing(err, "account", args[0])
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Disabled %s.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}

	reset := &cobra.Command{
		Use:   "reset-password USERNAME",
		Short: "Set a new password (from --password-stdin or a prompt) that must be changed at the next sign-in",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := a.newPassword(cmd)
			if err != nil {
				return err
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.ResetPassword(ctx, args[0], pw); err != nil {
					return missing(err, "account", args[0])
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Reset the password of %s; it must be changed at the next sign-in.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	passwordFlag(reset)
	users.AddCommand(add, list, disable, reset)
	return users
}

func passwordFlag(cmd *cobra.Command) {
	cmd.Flags().Bool("password-stdin", false, "read the new password from standard input")
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

var usersTable = cli.Table[central.UserInfo]{
	Header: "USERNAME\tNAME\tROLE\tBRANCH\tSTATE",
	AsJSON: func(u central.UserInfo) any {
		return userJSON{u.Username, u.DisplayName, string(u.Role), u.Branch, u.Disabled, u.MustChangePassword, u.CreatedAt.UTC()}
	},
	Cells: func(u central.UserInfo) []string {
		state := "active"
		switch {
		case u.Disabled:
			state = "disabled"
		case u.MustChangePassword:
			state = "must change password"
		}
		return []string{u.Username, u.DisplayName, string(u.Role), cli.OrDash(u.Branch), state}
	},
}
