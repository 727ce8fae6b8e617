package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

func newInitCmd(a *app) *cobra.Command {
	var username, name string
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "init",
		Short: t("cli.help.init"),
		Long:  t("cli.help.init.long"),
		Args:  cli.NoArgs(a.cat),
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
			fmt.Fprintln(cmd.OutOrStdout(), t("cli.init.done", db.Path, domain.Sanitize(username)))
			return nil
		},
	}
	cmd.Flags().StringVar(&username, "username", "admin", t("cli.flag.init_username"))
	cmd.Flags().StringVar(&name, "name", "Administrator", t("cli.flag.init_name"))
	cmd.Flags().Bool("password-stdin", false, t("cli.flag.new_password_stdin"))
	return cmd
}
