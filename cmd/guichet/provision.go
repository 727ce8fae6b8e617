package main

import (
	progressbar "charm.land/bubbles/v2/progress"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
)

func newProvisionCmd(a *app) *cobra.Command {
	var central, tokenFile string
	cmd := &cobra.Command{
		Use:   "provision --central URL --token-file FILE",
		Short: "Link a new database to the centre with a device token and pull its branch's data",
		Long: "provision creates the database (mode 0600) and links it to the centre: it records the\n" +
			"centre's address, the device token (made by `guichet-central devices add`, read from a file\n" +
			"that only its owner may read), the device's id, branch and number, and the centre's key for\n" +
			"sealed PINs; then it pulls the whole scope (branches, accounts, members, requests). It needs\n" +
			"no account. An interrupted provisioning is resumed by running the same command again; any\n" +
			"other database in use is refused.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if central == "" || tokenFile == "" {
				return cli.UsageError{Msg: "--central URL and --token-file FILE are required"}
			}
			if _, err := client.ParseCentralURL(central); err != nil {
				return cli.UsageError{Msg: err.Error()}
			}
			token, err := readTokenFile(tokenFile)
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
			progress, done := pullProgress(cmd.ErrOrStderr())
			dev, rep, err := client.Provision(cmd.Context(), db, central, token, client.Options{
				Timeout: cfg.SyncTimeout, DocumentsDir: cfg.DocumentsDir(db.Path)}, progress)
			done()
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Provisioned %s as device %d (%s) of branch %s from %s: %d items pulled.\n",
				db.Path, dev.Number, dev.ID, domain.Sanitize(dev.Branch), central, rep.Pulled)
			return nil
		},
	}
	cmd.Flags().StringVar(&central, "central", "", "the centre's address, e.g. https://centre.example:8443")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the device token (mode 0600)")
	return cmd
}

// maxTokenFile bounds what is read of a token file.
const maxTokenFile = 4 << 10

// readTokenFile reads a device token: from a regular file that others
// cannot read (a token grants the branch's data), trimmed and checked.
func readTokenFile(path string) (string, error) {
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
		return "", fmt.Errorf("%s: not a regular file", path)
	}
	if st.Mode().Perm()&0o004 != 0 {
		return "", fmt.Errorf("%s: readable by anyone: the token grants the branch's data (chmod 600 %s)", path, path)
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return "", err
	}
	if len(raw) > maxTokenFile {
		return "", fmt.Errorf("%s: too large for a device token", path)
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
func pullProgress(w io.Writer) (progress func(client.PullProgress), done func()) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(f.Fd())
	}
	bar := progressbar.New(progressbar.WithWidth(40))
	shown, tenth := false, -1
	progress = func(p client.PullProgress) {
		switch f := p.Fraction(); {
		case tty:
			fmt.Fprintf(w, "\rPulling the branch from the centre %s %d items", bar.ViewAs(f), p.Pulled)
			shown = true
		case int(f*10) > tenth:
			tenth = int(f * 10)
			fmt.Fprintf(w, "Pulled %d items from the centre (%d %%).\n", p.Pulled, int(f*100))
		}
	}
	return progress, func() {
		if shown {
			fmt.Fprintln(w)
		}
	}
}
