package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

func newUsersCmd(a *app) *cobra.Command {
	users := &cobra.Command{
		Use:   "users",
		Short: "Manage this console's accounts (admins; supervisors may unlock)",
		Long: "users manages the accounts of a standalone console (admins only). Once the console is\n" +
			"provisioned, the centre owns its accounts: add, disable and reset-password then say so, while\n" +
			"list and unlock (lockout counters live on each device) still work.",
	}

	var nu service.NewUser
	add := &cobra.Command{
		Use:   "add USERNAME",
		Short: "Create an account; its password comes from --password-stdin or a prompt",
		Long: "users add creates an account. The new account's password comes from --password-stdin\n" +
			"(or a no-echo prompt); the acting admin's password then comes from GUICHET_PASSWORD.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, false, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				if err := svc.MayManageUsers(ctx, sess); err != nil {
					return err // before asking for a password that would be refused
				}
				var err error
				if nu.Password, err = a.newPassword(cmd); err != nil {
					return err
				}
				nu.Username = args[0]
				if err := svc.AddUser(ctx, sess, nu); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Added %s (%s).\n", args[0], nu.Role)
				return nil
			})
		},
	}
	add.Flags().StringVar(&nu.DisplayName, "name", "", "display name (required)")
	add.Flags().StringVar(&nu.Role, "role", "agent", "agent, supervisor or admin")
	add.Flags().StringVar(&nu.Branch, "branch", "", "branch code (agents and supervisors)")
	actingFlags(add)

	list := &cobra.Command{
		Use:   "list",
		Short: "List the accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				users, err := svc.ListUsers(ctx, sess)
				if err != nil {
					return err
				}
				return usersTable.Print(cmd, users)
			})
		},
	}
	actingFlags(list)
	cli.JSONFlag(list)
	users.AddCommand(add, list, newUsersDisableCmd(a), newUsersUnlockCmd(a), newUsersResetPasswordCmd(a))
	return users
}

func newUsersDisableCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "disable USERNAME",
		Short: "Disable an account (admin; not your own)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				if err := svc.DisableUser(ctx, sess, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Disabled %s.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	actingFlags(cmd)
	return cmd
}

func newUsersUnlockCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "unlock USERNAME",
		Short: "Clear an account's failed sign-ins on this device (supervisor or admin)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				if err := svc.UnlockUser(ctx, sess, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Unlocked %s on this device.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	actingFlags(cmd)
	return cmd
}

func newUsersResetPasswordCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reset-password USERNAME",
		Short: "Give an account a new password that its owner must change at the next sign-in",
		Long: "users reset-password sets a new password for USERNAME, read from --password-stdin (or a\n" +
			"no-echo prompt); the acting admin's password then comes from GUICHET_PASSWORD. The owner\n" +
			"must choose another one at the next sign-in (guichet passwd, or the console asks).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, false, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				if err := svc.MayManageUsers(ctx, sess); err != nil {
					return err
				}
				pw, err := a.newPassword(cmd)
				if err != nil {
					return err
				}
				if err := svc.ResetPassword(ctx, sess, args[0], pw); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Reset the password of %s: they must change it at their next sign-in.\n",
					domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	cmd.Flags().String("user", "", "act as this admin (password from GUICHET_PASSWORD)")
	cmd.Flags().Bool("password-stdin", false, "read the new password from standard input")
	return cmd
}

type userJSON struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Branch      string `json:"branch"`
	Disabled    bool   `json:"disabled"`
	Locked      bool   `json:"locked"`
	MustChange  bool   `json:"must_change_password"`
}

var usersTable = cli.Table[service.UserView]{
	Header: "USERNAME\tNAME\tROLE\tBRANCH\tSTATE",
	AsJSON: func(u service.UserView) any {
		return userJSON{u.Username, u.DisplayName, string(u.Role), u.Branch, u.Disabled, u.Locked, u.MustChangePassword}
	},
	Cells: func(u service.UserView) []string {
		state := "active"
		switch {
		case u.Disabled:
			state = "disabled"
		case u.Locked:
			state = "locked"
		case u.MustChangePassword:
			state = "must change password"
		}
		return []string{u.Username, u.DisplayName, string(u.Role), cli.OrDash(u.Branch), state}
	},
}
