package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

func newUsersCmd(a *app) *cobra.Command {
	users := &cobra.Command{Use: "users", Short: "Manage this console's accounts (admin only)"}

	var nu service.NewUser
	add := &cobra.Command{
		Use:   "add USERNAME",
		Short: "Create an account; its password comes from --password-stdin or a prompt",
		Long: "users add creates an account. The new account's password comes from --password-stdin\n" +
			"(or a no-echo prompt); the acting admin's password then comes from GUICHET_PASSWORD.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, false, func(ctx context.Context, svc *service.Service, sess service.Session) error {
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
				if jsonOutput(cmd) {
					out := make([]userJSON, len(users))
					for i, u := range users {
						out[i] = userJSON{u.Username, u.DisplayName, string(u.Role), u.Branch, u.Disabled, u.Locked}
					}
					return writeJSON(cmd, out)
				}
				w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(w, "USERNAME\tNAME\tROLE\tBRANCH\tSTATE")
				for _, u := range users {
					state := "active"
					if u.Disabled {
						state = "disabled"
					} else if u.Locked {
						state = "locked"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", domain.Sanitize(u.Username), domain.Sanitize(u.DisplayName),
						u.Role, orDash(u.Branch), state)
				}
				return w.Flush()
			})
		},
	}
	actingFlags(list)
	jsonFlag(list)
	users.AddCommand(add, list)
	return users
}

type userJSON struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Branch      string `json:"branch"`
	Disabled    bool   `json:"disabled"`
	Locked      bool   `json:"locked"`
}
