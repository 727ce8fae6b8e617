package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

func newUsersCmd(a *app) *cobra.Command {
	t := a.cat.T
	users := &cobra.Command{
		Use:   "users",
		Short: t("cli.help.users"),
		Long:  t("cli.help.users.long"),
	}

	var nu service.NewUser
	add := &cobra.Command{
		Use:   "add USERNAME",
		Short: t("cli.help.users.add"),
		Long:  t("cli.help.users.add.long"),
		Args:  cli.ExactArgs(a.cat, 1),
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
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.users.added", domain.Sanitize(args[0]), domain.Sanitize(nu.Role)))
				return nil
			})
		},
	}
	add.Flags().StringVar(&nu.DisplayName, "name", "", t("cli.flag.user_name"))
	add.Flags().StringVar(&nu.Role, "role", "agent", t("cli.flag.user_role"))
	add.Flags().StringVar(&nu.Branch, "branch", "", t("cli.flag.user_branch"))
	actingFlags(add)

	list := &cobra.Command{
		Use:   "list",
		Short: t("cli.help.users.list"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				users, err := svc.ListUsers(ctx, sess)
				if err != nil {
					return err
				}
				return usersTable(a.cat).Print(cmd, users)
			})
		},
	}
	actingFlags(list)
	cli.JSONFlag(list)
	users.AddCommand(add, list, newUsersDisableCmd(a), newUsersUnlockCmd(a), newUsersResetPasswordCmd(a))
	return users
}

func newUsersDisableCmd(a *app) *cobra.Command {
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "disable USERNAME",
		Short: t("cli.help.users.disable"),
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				if err := svc.DisableUser(ctx, sess, args[0]); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.users.disabled", domain.Sanitize(args[0])))
				return nil
			})
		},
	}
	actingFlags(cmd)
	return cmd
}

func newUsersUnlockCmd(a *app) *cobra.Command {
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "unlock USERNAME",
		Short: t("cli.help.users.unlock"),
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				if err := svc.UnlockUser(ctx, sess, args[0]); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.users.unlocked", domain.Sanitize(args[0])))
				return nil
			})
		},
	}
	actingFlags(cmd)
	return cmd
}

func newUsersResetPasswordCmd(a *app) *cobra.Command {
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "reset-password USERNAME",
		Short: t("cli.help.users.reset_password"),
		Long:  t("cli.help.users.reset_password.long"),
		Args:  cli.ExactArgs(a.cat, 1),
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
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.users.reset", domain.Sanitize(args[0])))
				return nil
			})
		},
	}
	cmd.Flags().String("user", "", t("cli.flag.admin_user"))
	cmd.Flags().Bool("password-stdin", false, t("cli.flag.new_password_stdin"))
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

// usersTable lists accounts in cat's language; a role is shown as --role
// takes it, and JSON keeps its fixed words.
func usersTable(cat *i18n.Catalog) cli.Table[service.UserView] {
	return cli.Table[service.UserView]{
		Header: cat.T("cli.users.header"),
		AsJSON: func(u service.UserView) any {
			return userJSON{u.Username, u.DisplayName, string(u.Role), u.Branch, u.Disabled, u.Locked, u.MustChangePassword}
		},
		Cells: func(u service.UserView) []string {
			state := cat.T("cli.users.state.active")
			switch {
			case u.Disabled:
				state = cat.T("cli.users.state.disabled")
			case u.Locked:
				state = cat.T("cli.users.state.locked")
			case u.MustChangePassword:
				state = cat.T("cli.users.state.must_change")
			}
			return []string{u.Username, u.DisplayName, string(u.Role), cli.OrDash(u.Branch), state}
		},
	}
}
