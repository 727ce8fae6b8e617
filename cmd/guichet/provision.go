package main

import (
	progressbar "charm.land/bubbles/v2/progress"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
)

func newProvisionCmd(a *app) *cobra.Command {
	var central, tokenFile string
	t := a.cat.T
	cmd := &cobra.Command{
		Use:     "provision --central URL --token-file FILE",
		Short:   t("cli.help.provision"),
		Long:    t("cli.help.provision.long"),
		Example: t("cli.help.provision.example"),
		Args:    cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if central == "" || tokenFile == "" {
				return cli.UsageError{Msg: t("cli.usage.provision")}
			}
			if _, err := client.ParseCentralURL(central); err != nil {
				return cli.UsageError{Msg: err.Error()}
			}
			token, err := readTokenFile(a.cat, tokenFile)
			if err != nil {
				return err
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			db, err := store.Open(cmd.Context(), cfg.DatabasePath, store.MayCreate)
			if err != nil {
				return err
			}
			defer db.Close()
			progress, done := pullProgress(a.cat, cmd.ErrOrStderr())
			dev, rep, err := client.Provision(cmd.Context(), db, central, token, client.Options{
				Timeout: cfg.SyncTimeout, DocumentsDir: cfg.DocumentsDir(db.Path)}, progress)
			done()
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), t("cli.provision.done", db.Path, dev.Number, dev.ID,
				domain.Sanitize(dev.Branch), domain.Sanitize(central), i18n.Count(rep.Pulled)))
			return nil
		},
	}
	cmd.Flags().StringVar(&central, "central", "", t("cli.flag.central"))
	cmd.Flags().StringVar(&tokenFile, "token-file", "", t("cli.flag.token_file"))
	return cmd
}

// maxTokenFile bounds what is read of a token file.
const maxTokenFile = 4 << 10

// readTokenFile reads a device token: from a regular file that others
// cannot read (a token grants the branch's data), trimmed and checked.
func readTokenFile(cat *i18n.Catalog, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", errors.New(cat.T("cli.token.not_regular", path))
	}
	if st.Mode().Perm()&0o004 != 0 {
		return "", errors.New(cat.T("cli.token.readable", path))
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return "", err
	}
	if len(raw) > maxTokenFile {
		return "", errors.New(cat.T("cli.token.too_large", path))
	}
	token := strings.TrimSpace(string(raw))
	if err := client.CheckToken(token); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return token, nil
}

// pullProgress tells how far the first pull has come: a progress bar
// redrawn in place on a terminal, a line per tenth of the feed otherwise.
// done ends it.
func pullProgress(cat *i18n.Catalog, w io.Writer) (progress func(client.PullProgress), done func()) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(f.Fd())
	}
	bar := progressbar.New(progressbar.WithWidth(40))
	shown, tenth := false, -1
	progress = func(p client.PullProgress) {
		switch f := p.Fraction(); {
		case tty:
			fmt.Fprint(w, "\r"+cat.T("cli.provision.pulling", bar.ViewAs(f), i18n.Count(p.Pulled)))
			shown = true
		case int(f*10) > tenth:
			tenth = int(f * 10)
			fmt.Fprintln(w, cat.T("cli.provision.pulled", i18n.Count(p.Pulled), int(f*100)))
		}
	}
	return progress, func() {
		if shown {
			fmt.Fprintln(w)
		}
	}
}
