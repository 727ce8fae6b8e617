package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/internal/clidoc"
	"github.com/cnops/guichet/internal/logfile"
)

// app is what every command shares: the global flags, standard input and
// the catalogue its help and messages speak (see commandLanguage).
type app struct {
	cat        *i18n.Catalog
	configFile string
	stdin      *bufio.Reader
}

// exactArgs and noArgs check positional arguments, a usage error if wrong
// (cli.Execute writes cobra's refusal in the catalogue's language).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return cli.UsageError{Msg: err.Error()}
		}
		return nil
	}
}

func noArgs(cmd *cobra.Command, args []string) error { return exactArgs(0)(cmd, args) }

func newRootCmd(cat *i18n.Catalog, stdin io.Reader) *cobra.Command {
	a := &app{cat: cat, stdin: bufio.NewReader(stdin)}
	root := &cobra.Command{
		Use:           "guichet-central",
		Short:         cat.T("cli.central.help.root"),
		Long:          cat.T("cli.central.help.root.long"),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.PersistentFlags().StringVar(&a.configFile, "config", "", cat.T("cli.central.flag.config"))
	root.PersistentFlags().String("db", "", cat.T("cli.central.flag.db"))
	root.AddCommand(newServeCmd(a), newDevicesCmd(a), newUsersCmd(a), newBranchesCmd(a), newAuditCmd(a), newDemoCmd(a),
		newPortalClientsCmd(a), newKeysCmd(a), newLettersCmd(a), newBackupCmd(a), newRestoreCmd(a),
		newPrivacyCmd(a))
	// --version, man pages, completion, and help in cat's language
	clidoc.Setup(root, cat, func(c *i18n.Catalog) *cobra.Command { return newRootCmd(c, stdin) })
	return root
}

// config loads the configuration with the flags of cmd that override keys.
func (a *app) config(cmd *cobra.Command) (centralConfig, error) {
	flags := map[string]*pflag.Flag{"database.path": cmd.Flags().Lookup("db")}
	for key, name := range map[string]string{"server.listen": "listen", "server.tls_cert": "tls-cert", "server.tls_key": "tls-key"} {
		if f := cmd.Flags().Lookup(name); f != nil {
			flags[key] = f
		}
	}
	return loadConfig(a.configFile, flags)
}

// newLogger builds the structured logger in the configured format (json
// or text), secrets redacted (see logfile.New).
func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	return logfile.New(w, level, format == "text")
}

// withCentre loads the configuration, opens (creating if needed) the
// centre's database and runs an administration command's fn with the
// application, closed after. The command prints its own report: the
// centre's log, on stderr, shows only warnings and errors (an info line
// such as "device added" would only repeat the report).
func (a *app) withCentre(cmd *cobra.Command, fn func(ctx context.Context, c *central.App, cfg centralConfig) error) error {
	return a.runCentre(cmd, slog.LevelWarn, withoutKeys, func(ctx context.Context, c *central.App, cfg centralConfig, _ *slog.Logger) error {
		return fn(ctx, c, cfg)
	})
}

// withKeyedCentre is withCentre for a command that makes or checks PINs:
// it loads the PIN keys first (loadPINKeys) and refuses to run without
// them, before the database is opened.
func (a *app) withKeyedCentre(cmd *cobra.Command, fn func(ctx context.Context, c *central.App, cfg centralConfig) error) error {
	return a.runCentre(cmd, slog.LevelWarn, withKeys, func(ctx context.Context, c *central.App, cfg centralConfig, _ *slog.Logger) error {
		return fn(ctx, c, cfg)
	})
}

// Whether runCentre loads the PIN keys.
const (
	withoutKeys = false
	withKeys    = true
)

// runCentre is withCentre for any command: its log shows what log.level
// asks, but nothing below least; with keys it loads the PIN keys first.
func (a *app) runCentre(cmd *cobra.Command, least slog.Level, keys bool, fn func(ctx context.Context, c *central.App, cfg centralConfig, log *slog.Logger) error) error {
	cfg, err := a.config(cmd)
	if err != nil {
		return err
	}
	rule, err := domain.NewRegNoRule(cfg.RegistrationPattern)
	if err != nil {
		return fmt.Errorf("configuration key members.registration_pattern: %w", err)
	}
	opts := central.Options{
		DocumentsDir:     cfg.DocumentsDir(),
		MaxDocumentBytes: int64(cfg.DocumentMaxMB) << 20,
		PIN:              cfg.PIN,
		RegNo:            rule,
	}
	if keys {
		ring, err := loadPINKeys(cfg)
		if err != nil {
			return err
		}
		opts.PINKeys, opts.BoxKey, opts.PreviousBoxKeys = ring.HMAC, ring.Box, ring.PreviousBox
	}
	log, closeLog, err := commandLogger(cmd, cfg, max(cfg.LogLevel, least))
	if err != nil {
		return err
	}
	defer closeLog()
	opts.Logger = log
	st, err := openStorage(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	c := central.New(st, opts)
	defer c.Close()
	return fn(cmd.Context(), c, cfg, log)
}

// missing names what an administration command found no trace of (the
// centre says only "not found"): notFound is a catalogue key taking id.
func (a *app) missing(err error, notFound, id string) error {
	if errors.Is(err, central.ErrNotFound) || errors.Is(err, domain.ErrUserNotFound) {
		return errors.New(a.cat.T(notFound, domain.Sanitize(id)))
	}
	return err
}

// newPassword reads a password being set: from --password-stdin, or typed
// twice at a no-echo prompt.
func (a *app) newPassword(cmd *cobra.Command) (string, error) {
	if fromStdin, _ := cmd.Flags().GetBool("password-stdin"); fromStdin {
		line, err := a.stdin.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", cli.UsageError{Msg: a.cat.T("cli.usage.no_password_stdin")}
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	if !term.IsTerminal(os.Stdin.Fd()) {
		return "", cli.UsageError{Msg: a.cat.T("cli.usage.new_password_source")}
	}
	first, err := promptSecret(cmd, a.cat.T("cli.prompt.new_password")+" ")
	if err != nil {
		return "", err
	}
	again, err := promptSecret(cmd, a.cat.T("cli.prompt.new_password_again")+" ")
	if err != nil {
		return "", err
	}
	if first != again {
		return "", cli.UsageError{Msg: a.cat.T("cli.usage.passwords_differ")}
	}
	return first, nil
}

func promptSecret(cmd *cobra.Command, prompt string) (string, error) {
	fmt.Fprint(cmd.ErrOrStderr(), prompt)
	b, err := term.ReadPassword(os.Stdin.Fd())
	fmt.Fprintln(cmd.ErrOrStderr())
	return string(b), err
}
