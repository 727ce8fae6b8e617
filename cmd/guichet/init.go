package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

func newInitCmd(a *app) *cobra.Command {
	var username, name string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create the database, give this device its id and create the first admin",
		Long: "init creates the database file (mode 0600) if needed, gives the device its id and creates\n" +
			"the first admin account. The password comes from --password-stdin or a no-echo prompt.\n" +
			"It refuses a database that already has accounts.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			pw, err := a.newPassword(cmd)
			if err != nil {
				return err
			}
			admin := service.NewUser{Username: username, DisplayName: name, Role: "admin", Password: pw}
			if err := admin.Check(); err != nil {
				return err
			}
			db, err := store.Open(cmd.Context(), cfg.DatabasePath, store.MayCreate)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := service.Initialise(cmd.Context(), db, admin, time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Initialised %s with admin %s.\n", db.Path, username)
			return nil
		},
	}
	cmd.Flags().StringVar(&username, "username", "admin", "the first admin's username")
	cmd.Flags().StringVar(&name, "name", "Administrator", "the first admin's display name")
	cmd.Flags().Bool("password-stdin", false, "read the new password from standard input")
	return cmd
}
