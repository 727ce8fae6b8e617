package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os/user"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/mail"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/letter"
)

func newLettersCmd(a *app) *cobra.Command {
	t := a.cat.T
	letters := &cobra.Command{Use: "letters", Short: t("cli.central.help.letters")}

	var date, dir string
	export := &cobra.Command{
		Use:   "export --date YYYY-MM-DD",
		Short: t("cli.central.help.letters.export"),
		Long:  t("cli.central.help.letters.export.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if date == "" {
				return cli.UsageError{Msg: t("cli.usage.required", "--date YYYY-MM-DD")}
			}
			day, err := domain.ParseDate("date", date)
			if err != nil {
				return err
			}
			return a.withKeyedCentre(cmd, func(ctx context.Context, c *central.App, cfg centralConfig) error {
				folder := dir
				if folder == "" {
					folder = cfg.LettersFolder()
				}
				batch, err := c.ExportLetters(ctx, day, folder, letter.Sender{PortalURL: cfg.PortalURL})
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, batchJSON{day.String(), batch.ID, batch.Path, batch.Letters, batch.Refused})
				}
				out := cmd.OutOrStdout()
				if batch.Letters == 0 {
					fmt.Fprintln(out, t("cli.central.letters.none", day))
				} else {
					fmt.Fprintln(out, t("cli.central.letters.wrote", i18n.Count(batch.Letters), day, batch.ID))
					fmt.Fprintln(out, batch.Path)
				}
				if batch.Refused > 0 {
					fmt.Fprintln(out, t("cli.central.letters.refused", i18n.Count(batch.Refused)))
				}
				return nil
			})
		},
	}
	export.Flags().StringVar(&date, "date", "", t("cli.central.flag.letters_date"))
	export.Flags().StringVar(&dir, "dir", "", t("cli.central.flag.letters_dir"))
	cli.JSONFlag(export)

	email := &cobra.Command{
		Use:   "email",
		Short: t("cli.central.help.letters.email"),
		Long:  t("cli.central.help.letters.email.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withKeyedCentre(cmd, func(ctx context.Context, c *central.App, cfg centralConfig) error {
				m, via := newMailer(cfg)
				sent, err := c.SendEmails(ctx, m, cfg.MailFrom, letter.Sender{PortalURL: cfg.PortalURL})
				if cli.JSONOutput(cmd) && err == nil {
					return cli.WriteJSON(cmd, emailsJSON{Sent: sent, Via: via})
				}
				if sent > 0 || err == nil {
					fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.letters.sent", i18n.Count(sent), mailVia(a.cat, cfg)))
				}
				return err
			})
		},
	}
	cli.JSONFlag(email)

	var by string
	returned := &cobra.Command{
		Use:   "returned REGNO",
		Short: t("cli.central.help.letters.returned"),
		Long:  t("cli.central.help.letters.returned.long"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			who := by
			if who == "" {
				if u, err := user.Current(); err == nil {
					who = u.Username
				}
			}
			if who == "" {
				return cli.UsageError{Msg: t("cli.central.usage.returned_by")}
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.LetterReturned(ctx, args[0], who); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.central.letters.returned", domain.Sanitize(args[0])))
				return nil
			})
		},
	}
	returned.Flags().StringVar(&by, "by", "", t("cli.central.flag.returned_by"))

	letters.AddCommand(export, email, returned)
	return letters
}

type batchJSON struct {
	Date    string `json:"date"`
	Batch   string `json:"batch"`
	Path    string `json:"path,omitempty"`
	Letters int    `json:"letters"`
	Refused int    `json:"refused"`
}

type emailsJSON struct {
	Sent int    `json:"sent"`
	Via  string `json:"via"`
}

// newMailer is how the centre sends e-mails: SMTP when a host is set,
// otherwise the maildir spool. via says which, for the operator.
func newMailer(cfg centralConfig) (mail.Mailer, string) {
	if cfg.SMTPHost != "" {
		return mail.SMTP{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword},
			"by SMTP through " + net.JoinHostPort(cfg.SMTPHost, strconv.Itoa(cfg.SMTPPort))
	}
	return mail.Maildir{Dir: cfg.MailSpoolDir()}, "into the maildir " + cfg.MailSpoolDir()
}

// mailVia says how e-mails go out, in cat's language (newMailer's own
// words stay English for the log and the JSON).
func mailVia(cat *i18n.Catalog, cfg centralConfig) string {
	if cfg.SMTPHost != "" {
		return cat.T("cli.central.letters.via_smtp", net.JoinHostPort(cfg.SMTPHost, strconv.Itoa(cfg.SMTPPort)))
	}
	return cat.T("cli.central.letters.via_maildir", cfg.MailSpoolDir())
}

// startMailer sends the waiting PIN e-mails now and then every
// cfg.MailInterval until ctx ends, in the background; the channel closes
// once it has stopped (wait for it before closing the app). A failed run
// is logged and retried at the next tick; a centre without its PIN keys
// logs it once and stops.
func startMailer(ctx context.Context, app *central.App, cfg centralConfig, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	m, via := newMailer(cfg)
	sender := letter.Sender{PortalURL: cfg.PortalURL}
	interval := cfg.MailInterval
	if interval <= 0 {
		interval = time.Minute
	}
	log.Info("PIN e-mails are sent "+via, "every", interval.String())
	go func() {
		defer close(done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			sent, err := app.SendEmails(ctx, m, cfg.MailFrom, sender)
			switch {
			case errors.Is(err, domain.ErrPINNoKey):
				log.Error("PIN e-mails stopped: the centre has no PIN keys")
				return
			case err != nil && ctx.Err() == nil:
				log.Warn("PIN e-mails: a send failed; retrying at the next tick", "sent", sent, "error", domain.Sanitize(err.Error()))
			case sent > 0:
				log.Info("PIN e-mails sent", "sent", sent)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return done
}
