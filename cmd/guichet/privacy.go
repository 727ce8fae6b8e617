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
				if err := accessTable(a, cfg.Location).Print(cmd, log); err != nil || cli.JSONOutput(cmd) {
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

type accessJSON struct {
	At        string `json:"at"` // RFC 3339, UTC
	DeviceID  string `json:"device_id"`
	Actor     string `json:"actor"`
	Access    string `json:"access"`
	Action    string `json:"action"`
	Reference string `json:"reference,omitempty"`
}

// accessTable lists a member's access log; text times in loc.
func accessTable(a *app, loc *time.Location) cli.Table[service.MemberAccess] {
	return cli.Table[service.MemberAccess]{
		Header: a.cat.T("privacy.access.header"),
		AsJSON: func(m service.MemberAccess) any {
			return accessJSON{m.At.UTC().Format(time.RFC3339Nano), m.DeviceID, m.Actor, string(m.Kind), m.Action, m.Reference}
		},
		Cells: func(m service.MemberAccess) []string {
			return []string{a.cat.DateTime(m.At.In(loc)), m.DeviceID, m.Actor,
				a.cat.T("privacy.access.kind." + string(m.Kind)), cli.OrDash(m.Reference)}
		},
	}
}
