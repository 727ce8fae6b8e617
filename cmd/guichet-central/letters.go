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
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/letter"
)

func newLettersCmd(a *app) *cobra.Command {
	letters := &cobra.Command{Use: "letters", Short: "Temporary-PIN letters and e-mails: the centre makes the PINs as they go out"}

	var date, dir string
	export := &cobra.Command{
		Use:   "export --date YYYY-MM-DD",
		Short: "Make the PINs of the day's post reissues and write their letters as one PDF for the print shop",
		Long: "letters export generates the PIN of every post reissue still waiting and applied by the end of\n" +
			"the given day (members' time zone), and writes their letters as one PDF (mode 0600) in --dir\n" +
			"(default letters.dir, or \"letters\" beside the database). The PINs exist only in that PDF:\n" +
			"hand it to the print shop, then delete it. A member no longer active or whose address is no\n" +
			"longer verified gets no letter: the reissue is refused.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if date == "" {
				return cli.UsageError{Msg: "--date YYYY-MM-DD is required"}
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
					fmt.Fprintf(out, "No letter due for %s.\n", day)
				} else {
					fmt.Fprintf(out, "Wrote %d letter(s) for %s, batch %s, to:\n%s\n", batch.Letters, day, batch.ID, batch.Path)
				}
				if batch.Refused > 0 {
					fmt.Fprintf(out, "Refused %d reissue(s), logged above: member no longer active, address no longer verified, or a record the letter cannot carry (the consoles show it after their next pull).\n", batch.Refused)
				}
				return nil
			})
		},
	}
	export.Flags().StringVar(&date, "date", "", "the day whose reissues go out, YYYY-MM-DD (required)")
	export.Flags().StringVar(&dir, "dir", "", "folder of the PDF (overrides letters.dir)")
	cli.JSONFlag(export)

	email := &cobra.Command{
		Use:   "email",
		Short: "Make and e-mail the PINs of the e-mail reissues waiting (SMTP, or the maildir spool)",
		Long: "letters email sends each waiting e-mail reissue its PIN now: by SMTP when mail.smtp_host is set,\n" +
			"otherwise into the maildir at mail.spool (default \"mail-spool\" beside the database). `serve`\n" +
			"does the same every mail.interval. It stops at the first failed send; nothing activates\n" +
			"that did not go out.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withKeyedCentre(cmd, func(ctx context.Context, c *central.App, cfg centralConfig) error {
				m, via := newMailer(cfg)
				sent, err := c.SendEmails(ctx, m, cfg.MailFrom, letter.Sender{PortalURL: cfg.PortalURL})
				if cli.JSONOutput(cmd) && err == nil {
					return cli.WriteJSON(cmd, emailsJSON{Sent: sent, Via: via})
				}
				if sent > 0 || err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "Sent %d e-mail(s) %s.\n", sent, via)
				}
				return err
			})
		},
	}
	cli.JSONFlag(email)

	var by string
	returned := &cobra.Command{
		Use:   "returned REGNO",
		Short: "Record a letter that came back undelivered: the member's address becomes unverified",
		Long: "letters returned marks the member's current address unverified (the consoles show it after\n" +
			"their next pull, and no post or counter PIN goes there until an address change is approved)\n" +
			"and stops the PIN of the member's active post letter.",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			who := by
			if who == "" {
				if u, err := user.Current(); err == nil {
					who = u.Username
				}
			}
			if who == "" {
				return cli.UsageError{Msg: "--by NAME is required (who recorded the returned letter)"}
			}
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.LetterReturned(ctx, args[0], who); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Recorded the returned letter of member %s: the address is now unverified.\n",
					domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	returned.Flags().StringVar(&by, "by", "", "who recorded it, for the access log (default: your login name)")

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
