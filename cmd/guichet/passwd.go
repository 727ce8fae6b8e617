package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

func newPasswdCmd(a *app) *cobra.Command {
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: t("cli.help.passwd"),
		Long:  t("cli.help.passwd.long"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			user, current, err := a.acting(cmd, false)
			if err != nil {
				return err
			}
			return a.withService(cmd, func(ctx context.Context, svc *service.Service, _ config.Config) error {
				sess, err := svc.SignIn(ctx, user, current)
				if err != nil {
					return err
				}
				next, err := a.newPassword(cmd)
				if err != nil {
					return err
				}
				if _, err := svc.ChangePassword(ctx, sess, current, next); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.passwd.done", domain.Sanitize(sess.Username)))
				return nil
			})
		},
	}
	cmd.Flags().String("user", "", t("cli.flag.passwd_user"))
	cmd.Flags().Bool("password-stdin", false, t("cli.flag.new_password_stdin"))
	return cmd
}

// passwordChangeDue replaces domain.ErrPasswordChange from a headless
// command with the way out: `guichet passwd`.
type passwordChangeDue struct{ text string }

func (e passwordChangeDue) Error() string { return e.text }

// withPasswdHint turns a refusal because the password must change into a
// message naming the command that changes it.
func (a *app) withPasswdHint(err error, user string) error {
	if errors.Is(err, domain.ErrPasswordChange) {
		return passwordChangeDue{a.cat.T("cli.passwd.required", domain.Sanitize(user))}
	}
	return err
}
