package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

func newAddressCmd(a *app) *cobra.Command {
	address := &cobra.Command{
		Use:   "address",
		Short: a.cat.T("cli.help.address"),
	}
	address.AddCommand(newAddressRequestCmd(a), newAddressDecisionCmd(a, "approve"),
		newAddressDecisionCmd(a, "reject"), newAddressDecisionCmd(a, "cancel"),
		newAddressListCmd(a), newAddressShowCmd(a), newAddressExportCmd(a))
	return address
}

// resolveMember finds the one member an identifier names.
func resolveMember(ctx context.Context, svc *service.Service, sess service.Session, q string) (service.MemberSummary, error) {
	found, err := svc.Lookup(ctx, sess, q)
	if err != nil {
		return service.MemberSummary{}, err
	}
	switch distinct := distinctMembers(found.Matches); len(distinct) {
	case 0:
		return service.MemberSummary{}, domain.ErrMemberNotFound
	case 1:
		return distinct[0], nil
	default:
		return service.MemberSummary{}, errAmbiguous
	}
}

func newAddressRequestCmd(a *app) *cobra.Command {
	var in requestInput
	var fromJSON string
	var override overrideFlags
	var confirm, noReceipt bool
	t := a.cat.T
	cmd := &cobra.Command{
		Use:     "request REGNO",
		Short:   t("cli.help.address.request"),
		Long:    t("cli.help.address.request.long"),
		Example: t("cli.help.address.request.example"),
		Args:    cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if fromJSON != "" {
				for _, n := range requestFlagNames {
					if cmd.Flags().Changed(n) {
						return cli.UsageError{Msg: t("cli.usage.from_json_replaces", "--"+n)}
					}
				}
			}
			consent, err := override.consent(a.cat)
			if err != nil {
				return err
			}
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				input := in
				if fromJSON != "" {
					var err error
					if input, err = a.readRequestJSON(fromJSON); err != nil {
						return err
					}
				}
				member, err := resolveMember(ctx, svc, sess, args[0])
				if err != nil {
					return err
				}
				change := input.changeInput(member.ID)
				change.ConfirmWarnings, change.Exception = confirm, consent
				req, warnings, err := svc.RequestAddressChange(ctx, sess, change)
				if errors.Is(err, domain.ErrUnconfirmedWarning) {
					return a.unconfirmed(warnings)
				}
				if err != nil {
					return err
				}
				return a.afterRequest(cmd, ctx, svc, sess, cfg, req, warnings, consent != nil, noReceipt)
			})
		},
	}
	addRequestFlags(cmd, a.cat, &in)
	f := cmd.Flags()
	f.StringVar(&fromJSON, "from-json", "", t("cli.flag.from_json"))
	f.BoolVar(&confirm, "confirm-warnings", false, t("cli.flag.confirm_warnings"))
	override.add(cmd, t("cli.flag.override_by.exception"), t("cli.flag.override_reason.exception"))
	f.BoolVar(&noReceipt, "no-receipt", false, t("cli.flag.no_receipt"))
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

// unconfirmed refuses a request whose warnings were not confirmed, naming
// each warning.
func (a *app) unconfirmed(warnings []domain.Warning) error {
	msgs := make([]string, len(warnings))
	for i, w := range warnings {
		msgs[i] = a.warningText(w)
	}
	return &domain.Error{Key: domain.KeyUnconfirmedWarning,
		Args: []any{strings.Join(msgs, "; ") + ". " + a.cat.T("cli.request.confirm_hint")}}
}

func (a *app) warningText(w domain.Warning) string {
	return a.cat.Error(domain.NewFieldError(w.Field, w.Key, w.Args...))
}

// afterRequest reports a recorded request and produces its receipt. The
// request is stored by then: a receipt that fails says so, naming the
// reference.
func (a *app) afterRequest(cmd *cobra.Command, ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config,
	req store.AddressRequest, warnings []domain.Warning, consentGiven, noReceipt bool) error {
	out := toRequestJSON(req, cfg.Location)
	for _, w := range warnings {
		out.Warnings = append(out.Warnings, warningJSON{Field: w.Field, Key: w.Key, Message: a.warningText(w)})
	}
	w, t := cmd.OutOrStdout(), a.cat.T
	text := !cli.JSONOutput(cmd)
	if text {
		fmt.Fprintln(w, t("cli.request.recorded", req.Ref, req.RegNo, domain.Sanitize(req.MemberName)))
		for _, wj := range out.Warnings {
			fmt.Fprintln(w, t("cli.request.warning_confirmed", domain.Sanitize(wj.Message)))
		}
		if req.Exception != nil {
			fmt.Fprintln(w, t("cli.request.exception", domain.Sanitize(req.Exception.GrantedBy), domain.Sanitize(req.Exception.Reason)))
		}
	}
	if consentGiven && req.Exception == nil {
		fmt.Fprintln(cmd.ErrOrStderr(), t("cli.request.override_unused"))
	}
	var receiptErr error
	if !noReceipt {
		d, err := svc.DeliverReceipt(ctx, sess, req.Ref)
		delivered := receiptJSON{PrintedWith: d.PrintedWith, SavedTo: d.SavedTo}
		if d.PrintError != nil {
			delivered.Error = d.PrintError.Error()
		}
		out.Receipt = &delivered
		switch {
		case err != nil:
			delivered.Error = err.Error()
			receiptErr = errors.New(t("cli.receipt.failed", req.Ref, err))
		case d.PrintError != nil:
			fmt.Fprintln(cmd.ErrOrStderr(), t("cli.receipt.print_failed", domain.Sanitize(delivered.Error), d.SavedTo))
		case text && d.PrintedWith != "":
			fmt.Fprintln(w, t("cli.receipt.printed", domain.Sanitize(d.PrintedWith)))
		case text:
			fmt.Fprintln(w, t("cli.receipt.saved", domain.Sanitize(d.SavedTo)))
		}
	}
	if !text {
		if err := cli.WriteJSON(cmd, out); err != nil {
			return err
		}
	}
	return receiptErr
}

// newAddressDecisionCmd builds approve, reject and cancel.
func newAddressDecisionCmd(a *app, verb string) *cobra.Command {
	var reason string
	short := map[string]string{
		"approve": a.cat.T("cli.help.address.approve"),
		"reject":  a.cat.T("cli.help.address.reject"),
		"cancel":  a.cat.T("cli.help.address.cancel"),
	}[verb]
	cmd := &cobra.Command{
		Use:   verb + " REF",
		Short: short,
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if verb == "reject" && !cmd.Flags().Changed("reason") {
				return cli.UsageError{Msg: a.cat.T("cli.usage.reject_reason")}
			}
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				var req store.AddressRequest
				var err error
				switch verb {
				case "approve":
					req, err = svc.ApproveAddressChange(ctx, sess, args[0])
				case "reject":
					req, err = svc.RejectAddressChange(ctx, sess, args[0], reason)
				default:
					req, err = svc.CancelAddressChange(ctx, sess, args[0])
				}
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, toRequestJSON(req, cfg.Location))
				}
				switch verb {
				case "approve":
					fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("cli.request.approved", req.Ref, req.RegNo, req.BaseVersion+1))
				case "reject":
					fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("cli.request.rejected", req.Ref, req.RegNo))
				default:
					fmt.Fprintln(cmd.OutOrStdout(), a.cat.T("cli.request.cancelled", req.Ref, req.RegNo))
				}
				return nil
			})
		},
	}
	if verb == "reject" {
		cmd.Flags().StringVar(&reason, "reason", "", a.cat.T("cli.flag.reject_reason"))
	}
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

var requestStates = []domain.RequestState{domain.RequestPending, domain.RequestApproved, domain.RequestRejected, domain.RequestCancelled}

func newAddressListCmd(a *app) *cobra.Command {
	var state, memberQuery string
	var mine bool
	var limit int
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "list",
		Short: t("cli.help.address.list"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 || limit > maxListLimit {
				return cli.UsageError{Msg: t("cli.usage.list_limit", i18n.Count(maxListLimit))}
			}
			filter := service.RequestFilter{Limit: limit}
			if state != "" {
				for _, s := range requestStates {
					if string(s) == state {
						filter.State = s
					}
				}
				if filter.State == "" {
					return cli.UsageError{Msg: t("cli.usage.state")}
				}
			}
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				if memberQuery != "" {
					m, err := resolveMember(ctx, svc, sess, memberQuery)
					if err != nil {
						return err
					}
					filter.MemberID = m.ID
				}
				if mine {
					filter.RequestedBy = sess.Username
				}
				reqs, err := svc.AddressRequests(ctx, sess, filter)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					out := make([]requestJSON, len(reqs))
					for i, r := range reqs {
						out[i] = toRequestJSON(r, cfg.Location)
					}
					return cli.WriteJSON(cmd, out)
				}
				return a.printRequests(cmd.OutOrStdout(), reqs, cfg.Location)
			})
		},
	}
	cmd.Flags().StringVar(&state, "state", "", t("cli.flag.state"))
	cmd.Flags().StringVar(&memberQuery, "member", "", t("cli.flag.member"))
	cmd.Flags().BoolVar(&mine, "mine", false, t("cli.flag.mine"))
	cmd.Flags().IntVar(&limit, "limit", 0, t("cli.flag.list_limit", i18n.Count(maxListLimit)))
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

// maxListLimit bounds `address list --limit`.
const maxListLimit = 100000

func (a *app) printRequests(w io.Writer, reqs []store.AddressRequest, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, a.cat.T("cli.requests.header"))
	s := domain.Sanitize
	for _, r := range reqs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s(r.Ref), a.cat.T("state."+string(r.State)), s(r.RegNo),
			s(r.MemberName), s(r.RequestedBy), a.cat.DateTime(r.RequestedAt.In(loc)),
			s(strings.TrimSpace(r.Address.PostalCode+" "+r.Address.City)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, a.cat.T("cli.requests.count", i18n.Count(len(reqs))))
	return err
}

func newAddressShowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show REF",
		Short: a.cat.T("cli.help.address.show"),
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				d, err := svc.AddressRequest(ctx, sess, args[0])
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, toRequestDetailJSON(d, cfg.Location))
				}
				a.printRequestDetail(cmd.OutOrStdout(), d, cfg.Location)
				return nil
			})
		},
	}
	actingFlags(cmd)
	cli.JSONFlag(cmd)
	return cmd
}

// printRequestDetail writes a request as text: the two addresses side by
// side (differences marked with *), the evidence and the history. The
// Arabic lines get their own lines, as terminals mix directions badly.
func (a *app) printRequestDetail(w io.Writer, d service.RequestDetail, loc *time.Location) {
	r, s, t := d.Request, domain.Sanitize, a.cat.T
	fmt.Fprintln(w, t("cli.request.title", s(r.Ref), t("state."+string(r.State))))
	fmt.Fprintln(w, t("cli.request.member", s(r.RegNo), s(r.MemberName), r.BaseVersion, d.MemberVersion))
	fmt.Fprintln(w, t("cli.request.requested", s(r.RequestedBy), a.cat.DateTime(r.RequestedAt.In(loc)), s(r.Branch)))
	if r.State != domain.RequestPending {
		fmt.Fprintln(w, t("cli.request.decided", t("state."+string(r.State)), s(r.DecidedBy), a.cat.DateTime(r.DecidedAt.In(loc))))
	}
	if r.DecisionReason == service.ReasonVersionConflict {
		fmt.Fprintln(w, t("cli.request.reason", t("cli.request.closed_by_conflict")))
	} else if r.DecisionReason != "" {
		fmt.Fprintln(w, t("cli.request.reason", s(r.DecisionReason)))
	}

	fmt.Fprintln(w)
	var cur domain.AddressInput
	if d.CurrentAddress != nil {
		cur = d.CurrentAddress.Input()
	}
	curTitle := t("cli.request.current")
	if d.CurrentAddress == nil {
		curTitle += " (" + t("cli.none") + ")"
	} else if d.CurrentAddress.Verified {
		curTitle += " (" + t("cli.address.verified") + ")"
	} else {
		curTitle += " (" + t("cli.address.unverified") + ")"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\t%s\t%s\n", curTitle, t("cli.request.requested_address"))
	n := r.Address
	for _, row := range []struct{ key, old, new string }{
		{"line1", cur.Line1, n.Line1}, {"line2", cur.Line2, n.Line2}, {"quarter", cur.Quarter, n.Quarter},
		{"postal_code", cur.PostalCode, n.PostalCode}, {"city", cur.City, n.City}, {"province", cur.Province, n.Province},
	} {
		mark := " "
		if row.old != row.new {
			mark = "*"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\n", mark, t("cli.address.field."+row.key), cli.OrDash(row.old), cli.OrDash(row.new))
	}
	tw.Flush()
	if cur.LineAr != "" || n.LineAr != "" {
		mark := " "
		if cur.LineAr != n.LineAr {
			mark = "*"
		}
		fmt.Fprintf(w, "%s %s\n", mark, t("cli.request.line_ar_current", cli.OrDash(cur.LineAr)))
		fmt.Fprintf(w, "%s %s\n", mark, t("cli.request.line_ar_requested", cli.OrDash(n.LineAr)))
	}

	fmt.Fprintln(w, "\n"+t("cli.request.evidence"))
	e := r.Evidence
	check := func(ok bool, label string) {
		box := "[ ]"
		if ok {
			box = "[x]"
		}
		fmt.Fprintf(w, "  %s %s\n", box, label)
	}
	check(e.RegistrationCardCopy, t("cli.evidence.registration_card_copy"))
	check(e.CINCopy, t("cli.evidence.cin_copy"))
	check(e.SignedForm, t("cli.evidence.signed_form", cli.OrDash(e.FormNumber)))
	for _, sc := range e.Scans {
		fmt.Fprintln(w, "  "+t("cli.evidence.scan", s(sc.MediaType), i18n.Count(sc.Size), s(sc.SHA256)))
	}
	if x := r.Exception; x != nil {
		missing := make([]string, len(x.Missing))
		for i, m := range x.Missing {
			missing[i] = t("cli.evidence." + m)
		}
		fmt.Fprintln(w, "  "+t("cli.request.exception_detail", s(x.GrantedBy), s(x.Reason), strings.Join(missing, ", ")))
	}

	fmt.Fprintln(w, "\n"+t("cli.request.history"))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, h := range d.History {
		action := s(h.Action)
		if key := "cli.history." + h.Action; a.cat.Has(key) {
			action = t(key)
		}
		var detail struct{ Refusal string }
		if h.Action == domain.AuditChangeRefused && json.Unmarshal([]byte(h.Detail), &detail) == nil && a.cat.Has(detail.Refusal) {
			action += ": " + t(detail.Refusal)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.cat.DateTime(h.At.In(loc)), s(h.Actor), action)
	}
	tw.Flush()
}
