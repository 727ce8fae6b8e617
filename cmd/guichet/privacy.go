package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

// newPrivacyCmd groups the data-protection duties (Law 09-08).
func newPrivacyCmd(a *app) *cobra.Command {
	privacy := &cobra.Command{Use: "privacy", Short: "privacy.help", Args: cli.NoArgs(a.cat)}
	privacy.AddCommand(newAccessLogCmd(a), newPrivacyPurgeCmd(a))
	return privacy
}

func newAccessLogCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "access-log REGNO",
		Short: "privacy.help.access_log",
		Long:  "privacy.help.access_log.long",
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				log, err := svc.AccessLog(ctx, sess, args[0])
				if err != nil {
					return err
				}
				stamp := func(t time.Time) string { return a.cat.DateTime(t.In(cfg.Location)) }
				if err := cli.AccessTable(a.cat, stamp).Print(cmd, log); err != nil || cli.JSONOutput(cmd) {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("privacy.access.count", i18n.Count(len(log))))
				return err
			})
		},
	}
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}
