package main

import (
	"context"
	"encoding/csv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

// exportHeader is the CSV export's first row. The CIN is never exported.
var exportHeader = []string{"reference", "registration_number", "member", "state", "requested_by", "requested_at",
	"decided_by", "decided_at", "reason", "line1", "line2", "quarter", "postal_code", "city", "province"}

func newAddressExportCmd(a *app) *cobra.Command {
	var from, to, format string
	t := a.cat.T
	cmd := &cobra.Command{
		Use:   "export --from YYYY-MM-DD --to YYYY-MM-DD [--format csv]",
		Short: t("cli.help.address.export"),
		Long:  t("cli.help.address.export.long", strings.Join(exportHeader, ",")),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "csv" {
				return cli.UsageError{Msg: t("cli.usage.format_csv")}
			}
			if from == "" || to == "" {
				return cli.UsageError{Msg: t("cli.usage.export_days")}
			}
			fromDay, err := time.Parse(time.DateOnly, from)
			if err != nil {
				return cli.UsageError{Msg: t("cli.usage.day", "--from")}
			}
			toDay, err := time.Parse(time.DateOnly, to)
			if err != nil {
				return cli.UsageError{Msg: t("cli.usage.day", "--to")}
			}
			if toDay.Before(fromDay) {
				return cli.UsageError{Msg: t("cli.usage.to_before_from")}
			}
			return a.asUserCfg(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error {
				loc := cfg.Location
				start := time.Date(fromDay.Year(), fromDay.Month(), fromDay.Day(), 0, 0, 0, 0, loc)
				end := time.Date(toDay.Year(), toDay.Month(), toDay.Day()+1, 0, 0, 0, 0, loc)
				reqs, err := svc.DecidedRequests(ctx, sess, start, end)
				if err != nil {
					return err
				}
				w := csv.NewWriter(cmd.OutOrStdout())
				w.Write(exportHeader)
				for _, r := range reqs {
					ad := r.Address
					row := []string{r.Ref, r.RegNo, r.MemberName, string(r.State), r.RequestedBy,
						jsonTime(r.RequestedAt, loc), r.DecidedBy, jsonTime(r.DecidedAt, loc), r.DecisionReason,
						ad.Line1, ad.Line2, ad.Quarter, ad.PostalCode, ad.City, ad.Province}
					for i := range row {
						row[i] = csvCell(domain.Sanitize(row[i]))
					}
					w.Write(row)
				}
				w.Flush()
				return w.Error()
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", t("cli.flag.export_from"))
	cmd.Flags().StringVar(&to, "to", "", t("cli.flag.export_to"))
	cmd.Flags().StringVar(&format, "format", "csv", t("cli.flag.export_format"))
	actingFlags(cmd)
	return cmd
}

// csvCell keeps a spreadsheet from taking data for a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
