package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/doctor"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func newDoctorCmd(a *app) *cobra.Command {
	var opts doctor.Options
	var minFreeMB int64
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: a.cat.T("cli.help.doctor"),
		Long:  a.cat.T("cli.help.doctor.long"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config(cmd)
			opts.ConfigFile, opts.ConfigErr = cfg.File, err
			opts.DatabasePath = cfg.DatabasePath
			if err != nil { // the other checks still run on --db
				opts.DatabasePath, _ = cmd.Flags().GetString("db")
			} else {
				opts.DocumentsDir = cfg.DocumentsDir(cfg.DatabasePath)
				opts.CentralURL, opts.Location = cfg.CentralURL, cfg.Location
			}
			opts.MinFree = minFreeMB << 20
			rep := doctor.Run(cmd.Context(), opts)
			if cli.JSONOutput(cmd) {
				if err := cli.WriteJSON(cmd, a.doctorJSON(rep)); err != nil {
					return err
				}
			} else if err := a.printDoctor(cmd.OutOrStdout(), rep); err != nil {
				return err
			}
			return doctorOutcome(a.cat, rep)
		},
	}
	cmd.Flags().BoolVar(&opts.Full, "full", false, a.cat.T("cli.flag.doctor_full"))
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", doctor.DefaultTimeout, a.cat.T("cli.flag.doctor_timeout"))
	cmd.Flags().Int64Var(&minFreeMB, "min-free-mb", doctor.DefaultMinFree>>20, a.cat.T("cli.flag.doctor_min_free"))
	cli.JSONFlag(cmd)
	return cmd
}

// doctorOutcome is the exit code's error: 1 on a failure, 4 on warnings
// alone.
func doctorOutcome(cat *i18n.Catalog, rep doctor.Report) error {
	switch rep.Worst() {
	case doctor.Fail:
		return fmt.Errorf("%s", cat.T("doctor.exit.fail"))
	case doctor.Warn:
		return cli.Warnings(cat.T("doctor.exit.warn"))
	}
	return nil
}

// detail renders a finding in the catalogue's language: errors and
// message keys among its arguments are translated first.
func (a *app) detail(f doctor.Finding) string {
	args := make([]any, len(f.Args))
	for i, arg := range f.Args {
		switch v := arg.(type) {
		case error:
			args[i] = a.cat.Error(v)
		case doctor.MessageKey:
			args[i] = a.cat.T(string(v))
		case string:
			args[i] = domain.Sanitize(v)
		default:
			args[i] = v
		}
	}
	return a.cat.T("doctor."+f.Key, args...)
}

func (a *app) printDoctor(w io.Writer, rep doctor.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, a.cat.T("doctor.header"))
	for _, f := range rep.Findings {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.cat.T("doctor.check."+f.Check), a.cat.T("doctor.status."+string(f.Status)),
			strings.ReplaceAll(a.detail(f), "\t", " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fails, warns := 0, 0
	for _, f := range rep.Findings {
		switch f.Status {
		case doctor.Fail:
			fails++
		case doctor.Warn:
			warns++
		}
	}
	var err error
	switch {
	case fails > 0:
		_, err = fmt.Fprintln(w, "\n"+a.cat.T("doctor.summary.fail", fails, warns))
	case warns > 0:
		_, err = fmt.Fprintln(w, "\n"+a.cat.T("doctor.summary.warn", warns))
	default:
		_, err = fmt.Fprintln(w, "\n"+a.cat.T("doctor.summary.ok"))
	}
	return err
}

// doctorJSON is the report as --json prints it.
type doctorJSON struct {
	Status string            `json:"status"` // ok, warn or fail: the worst finding
	At     time.Time         `json:"at"`
	Checks []doctorCheckJSON `json:"checks"`
}

type doctorCheckJSON struct {
	Check  string `json:"check"`
	Status string `json:"status"`
	Key    string `json:"key"` // the detail's message key, stable across languages
	Detail string `json:"detail"`
}

func (a *app) doctorJSON(rep doctor.Report) doctorJSON {
	out := doctorJSON{Status: string(rep.Worst()), At: time.Now().UTC(), Checks: []doctorCheckJSON{}}
	for _, f := range rep.Findings {
		out.Checks = append(out.Checks, doctorCheckJSON{Check: f.Check, Status: string(f.Status),
			Key: "doctor." + f.Key, Detail: a.detail(f)})
	}
	return out
}
