package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

func newPasswdCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: "Change your own password",
		Long: "passwd changes the password of --user (any role). The new password comes from\n" +
			"--password-stdin (or a no-echo prompt, typed twice); the current one then comes from\n" +
			"GUICHET_PASSWORD (or a no-echo prompt). The new password must differ from the current one.\n" +
			"After a reset it is the one command that works until the password is changed. On a\n" +
			"provisioned console the new password works here at once and reaches the centre at the next sync.",
		Args: cobra.NoArgs,
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
				fmt.Fprintf(cmd.OutOrStdout(), "Password changed for %s.\n", domain.Sanitize(sess.Username))
				return nil
			})
		},
	}
	cmd.Flags().String("user", "", "the account whose password changes (current password from GUICHET_PASSWORD)")
	cmd.Flags().Bool("password-stdin", false, "read the new password from standard input")
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
