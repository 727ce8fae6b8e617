package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

func newPinCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pin",
		Short: a.cat.T("cli.help.pin"),
	}
	cmd.AddCommand(newPinReissueCmd(a), newPinHistoryCmd(a))
	return cmd
}

func newPinReissueCmd(a *app) *cobra.Command {
	var channel, saveTo string
	var override overrideFlags
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "reissue REGNO --channel post|counter|email",
		Short: t("cli.help.pin.reissue"),
		Long:  t("cli.help.pin.reissue.long"),
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("channel") {
				return cli.UsageError{Msg: t("cli.usage.channel")}
			}
			consent, err := override.consent(a.cat)
			if err != nil {
				return err
			}
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				member, err := resolveMember(ctx, svc, sess, args[0])
				if err != nil {
					return err
				}
				res, err := svc.ReissuePIN(ctx, sess, service.PINReissueInput{MemberID: member.ID,
					Channel: domain.PINChannel(channel), Override: consent, SaveTo: saveTo})
				var void *service.PINLetterVoidError
				if errors.As(err, &void) {
					return errors.New(a.cat.T(service.KeyPINLetterVoid) + " " + a.cat.Error(void.Refusal))
				}
				if err != nil {
					return err
				}
				if consent != nil && res.Override == nil {
					fmt.Fprintln(cmd.ErrOrStderr(), a.cat.T("cli.pin.override_unused"))
				}
				out := toPINReissueJSON(member.RegNo, res, cfg.Location)
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, out)
				}
				a.printReissue(cmd.OutOrStdout(), member.RegNo, domain.Sanitize(member.FamilyName+" "+member.GivenName), res)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&channel, "channel", "", t("cli.flag.channel"))
	override.add(cmd, t("cli.flag.override_by.cooling_off"), t("cli.flag.override_reason.cooling_off"))
	f.StringVar(&saveTo, "save", "", t("cli.flag.save"))
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

// printReissue tells the agent what happened, never the PIN.
func (a *app) printReissue(w io.Writer, regno, name string, res service.PINReissueResult) {
	t, is := a.cat.T, res.Issue
	switch {
	case res.SavedTo != "":
		fmt.Fprintln(w, t("cli.pin.saved", regno, name, domain.Sanitize(res.SavedTo), is.ExpiresOn))
	case res.Printed:
		fmt.Fprintln(w, t("cli.pin.printed", regno, name, is.ExpiresOn))
	default:
		fmt.Fprintln(w, t("cli.pin.queued", regno, name, t("pin.channel."+string(is.Channel))))
	}
	if o := res.Override; o != nil {
		fmt.Fprintln(w, t("cli.pin.override", domain.Sanitize(o.By), domain.Sanitize(o.Reason)))
	}
	fmt.Fprintln(w, t("cli.pin.issue", is.ID))
}

func newPinHistoryCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "history REGNO",
		Short: a.cat.T("cli.help.pin.history"),
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				member, err := resolveMember(ctx, svc, sess, args[0])
				if err != nil {
					return err
				}
				ov, err := svc.PINOverview(ctx, sess, member.ID)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, a.toPINOverviewJSON(ov, cfg.Location))
				}
				return a.printPINOverview(cmd.OutOrStdout(), ov, cfg.Location)
			})
		},
	}
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

// printPINOverview shows the channels open now, the limit, the cooling-off
// and the history, newest first.
func (a *app) printPINOverview(w io.Writer, ov service.PINOverview, loc *time.Location) error {
	t, s := a.cat.T, domain.Sanitize
	fmt.Fprintln(w, t("cli.pin.title", s(ov.RegNo), s(ov.Name)))
	for _, c := range ov.Channels {
		verdict := t("cli.pin.open", ov.ExpiresOn)
		if c.Refusal != nil {
			verdict = a.cat.Error(c.Refusal)
		}
		fmt.Fprintf(w, "  %-8s %s\n", t("pin.channel."+string(c.Channel)), verdict)
	}
	fmt.Fprintln(w, t("cli.pin.limit", ov.Recent, ov.Max))
	if ov.NeedsOverride {
		fmt.Fprintln(w, t("cli.pin.cooling_off", a.cat.DateTime(ov.CoolingOffUntil.In(loc))))
	}
	fmt.Fprintln(w)
	if len(ov.History) == 0 {
		_, err := fmt.Fprintln(w, t("cli.pin.no_history"))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, t("cli.pin.header"))
	for _, h := range ov.History {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.cat.DateTime(h.RequestedAt.In(loc)),
			t("pin.channel."+string(h.Channel)), a.pinStateText(h), s(h.RequestedBy), a.cat.Date(h.ExpiresOn.Time),
			a.pinNote(h))
	}
	return tw.Flush()
}

// pinStateText is a history row's state, "expired" for an active PIN past
// its last day.
func (a *app) pinStateText(h service.PINHistoryRow) string {
	if h.Expired {
		return a.cat.T("pin.state.expired")
	}
	return a.cat.T("pin.state." + string(h.State))
}

// pinNote is why a reissue was refused, or who overrode the cooling-off.
func (a *app) pinNote(h service.PINHistoryRow) string {
	switch {
	case h.Refusal != "":
		return a.pinRefusalText(h.Refusal)
	case h.Override != nil:
		return a.cat.T("cli.pin.override_note", domain.Sanitize(h.Override.By))
	}
	return ""
}

func dateOrEmpty(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// pinRefusalText words a refusal key from the history: the centre sends
// the key alone, so a message that needs arguments has a short form
// (pin.refusal.<key>).
func (a *app) pinRefusalText(key string) string {
	switch {
	case a.cat.Has("pin.refusal." + key):
		return a.cat.T("pin.refusal." + key)
	case a.cat.Has(key) && !strings.Contains(a.cat.T(key), "%"):
		return a.cat.T(key)
	}
	return a.cat.T("cli.pin.refused_by_centre", domain.Sanitize(key))
}
