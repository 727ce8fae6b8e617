package main

import (
	"context"
	"fmt"
	"os/user"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

// newPrivacyCmd groups the centre's data-protection duties (Law 09-08).
func newPrivacyCmd(a *app) *cobra.Command {
	privacy := &cobra.Command{Use: "privacy", Short: a.cat.T("privacy.help.centre"), Args: noArgs}
	var by string
	accessLog := &cobra.Command{
		Use:   "access-log REGNO",
		Short: a.cat.T("privacy.help.centre.access_log"),
		Long:  a.cat.T("privacy.help.centre.access_log.long"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			who := by
			if who == "" {
				if u, err := user.Current(); err == nil {
					who = u.Username
				}
			}
			if who == "" {
				return cli.UsageError{Msg: a.cat.T("privacy.centre.by_required")}
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				log, err := c.MemberAccessLog(ctx, args[0], who)
				if err != nil {
					return err
				}
				stamp := func(t time.Time) string { return when(&t) }
				if err := cli.AccessTable(a.cat, stamp).Print(cmd, log); err != nil || cli.JSONOutput(cmd) {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("privacy.access.count", i18n.Count(len(log))))
				return err
			})
		},
	}
	accessLog.Flags().StringVar(&by, "by", "", a.cat.T("privacy.help.centre.by"))
	cli.JSONFlag(accessLog)
	privacy.AddCommand(accessLog)
	return privacy
}
