package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
)

// app is what every command shares: the flags and the catalogue.
type app struct {
	cat        *i18n.Catalog
	configFile string
	stdin      *bufio.Reader
	engine     *client.Engine // the sync engine open built (nil on a standalone console)
	closeLog   func()         // ends the log file open opened (see consoleLog)
}

func (a *app) config(cmd *cobra.Command) (config.Config, error) {
	c, err := config.Load(config.Options{
		File:  a.configFile,
		Flags: map[string]*pflag.Flag{"database.path": cmd.Flags().Lookup("db")},
	})
	if err == nil {
		a.cat.Use(c.Language) // ui.language, or the locale's when unset
	}
	return c, err
}

// policyFrom is the service's policy for the database at dbPath, whose
// document store and receipts sit beside it unless configured elsewhere.
func policyFrom(c config.Config, dbPath string) (service.Policy, error) {
	rule, err := domain.NewRegNoRule(c.RegistrationPattern)
	if err != nil {
		return service.Policy{}, err
	}
	// A configured key replaces the one recorded at provisioning.
	var pinKey pin.BoxKey
	if c.PINKeyID != "" && c.PINPublicKey != "" {
		public, err := pin.PublicKey(c.PINPublicKey)
		if err != nil {
			return service.Policy{}, fmt.Errorf("configuration key pin.public_key: %w", err)
		}
		pinKey = pin.BoxKey{ID: c.PINKeyID, Public: public}
	}
	return service.Policy{
		RegNo:        rule,
		Lockout:      domain.LockoutPolicy{MaxFailures: c.LockoutFailures, Duration: c.LockoutDuration},
		AgeRules:     domain.AgeRules{ChildMaxAge: c.ChildMaxAge, StudentMaxAge: c.StudentMaxAge},
		ResultRows:   c.ResultRows,
		Location:     c.Location,
		ScanMaxBytes: int64(c.ScanMaxMB) << 20,
		DocumentsDir: c.DocumentsDir(dbPath),
		PrintCommand: c.PrintCommand,
		ReceiptDir:   besideDatabase(dbPath, c.ReceiptDir),
		PIN:          c.PIN,
		PINKey:       pinKey,
		PortalURL:    c.PortalURL,
	}, nil
}

// besideDatabase resolves a relative folder against the database's own, so
// that member documents stay with the data whatever the working directory.
func besideDatabase(dbPath, dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(filepath.Dir(dbPath), dir)
}

// open loads the configuration and opens the database and the service.
func (a *app) open(cmd *cobra.Command) (*service.Service, *store.DB, config.Config, error) {
	cfg, err := a.config(cmd)
	if err != nil {
		return nil, nil, cfg, err
	}
	policy, err := policyFrom(cfg, cfg.DatabasePath)
	if err != nil {
		return nil, nil, cfg, err
	}
	db, err := store.Open(cmd.Context(), cfg.DatabasePath, store.MustExist)
	if err != nil {
		return nil, nil, cfg, err
	}
	var opts []service.Option
	logger, closeLog, err := consoleLog(cmd, cfg, db.Path)
	if err != nil {
		db.Close()
		return nil, nil, cfg, err
	}
	a.closeLog = closeLog
	if a.engine, err = syncEngine(cmd.Context(), db, cfg, policy.DocumentsDir, logger); err != nil {
		db.Close()
		return nil, nil, cfg, err
	}
	if a.engine != nil {
		opts = append(opts, service.WithSyncer(a.engine))
	}
	svc, err := service.New(cmd.Context(), db, policy, opts...)
	if err != nil {
		db.Close()
		return nil, nil, cfg, err
	}
	return svc, db, cfg, nil
}

// signIn authenticates a headless command's --user (see acting).
func (a *app) signIn(cmd *cobra.Command, svc *service.Service, stdinIsActing bool) (service.Session, error) {
	user, pw, err := a.acting(cmd, stdinIsActing)
	if err != nil {
		return service.Session{}, err
	}
	return svc.SignIn(cmd.Context(), user, pw)
}

// acting reads --user and that user's password: from --password-stdin when
// standard input carries it (stdinIsActing; otherwise it carries a new
// password the command sets), else GUICHET_PASSWORD or, on a terminal, a
// prompt.
func (a *app) acting(cmd *cobra.Command, stdinIsActing bool) (user, pw string, err error) {
	if user, _ = cmd.Flags().GetString("user"); user == "" {
		return "", "", cli.UsageError{Msg: a.cat.T("cli.usage.user_required")}
	}
	switch {
	case stdinIsActing && passwordStdin(cmd):
		pw, err = a.readLine()
	case os.Getenv("GUICHET_PASSWORD") != "":
		pw = os.Getenv("GUICHET_PASSWORD")
	case term.IsTerminal(os.Stdin.Fd()):
		pw, err = promptSecret(a.cat.T("cli.prompt.password_for", user) + " ")
	case stdinIsActing:
		err = cli.UsageError{Msg: a.cat.T("cli.usage.no_password")}
	default:
		err = cli.UsageError{Msg: a.cat.T("cli.usage.no_password_env")}
	}
	return user, pw, err
}

// newPassword reads a password being set: from --password-stdin, or typed
// twice at a no-echo prompt.
func (a *app) newPassword(cmd *cobra.Command) (string, error) {
	if passwordStdin(cmd) {
		return a.readLine()
	}
	if !term.IsTerminal(os.Stdin.Fd()) {
		return "", cli.UsageError{Msg: a.cat.T("cli.usage.new_password_source")}
	}
	first, err := promptSecret(a.cat.T("cli.prompt.new_password") + " ")
	if err != nil {
		return "", err
	}
	again, err := promptSecret(a.cat.T("cli.prompt.new_password_again") + " ")
	if err != nil {
		return "", err
	}
	if first != again {
		return "", cli.UsageError{Msg: a.cat.T("cli.usage.passwords_differ")}
	}
	return first, nil
}

func passwordStdin(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("password-stdin")
	return v
}

func (a *app) readLine() (string, error) {
	line, err := a.stdin.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", cli.UsageError{Msg: a.cat.T("cli.usage.no_password_stdin")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func promptSecret(prompt string) (string, error) {
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(os.Stdin.Fd())
	fmt.Fprintln(os.Stderr)
	return string(b), err
}

// asUser opens the service, signs --user in and runs fn as that user.
// stdinIsActing says whether --password-stdin carries the acting user's
// password (otherwise it carries a new password the command sets).
func (a *app) asUser(cmd *cobra.Command, stdinIsActing bool, fn func(ctx context.Context, svc *service.Service, sess service.Session) error) error {
	return a.asUserCfg(cmd, stdinIsActing, func(ctx context.Context, svc *service.Service, sess service.Session, _ config.Config) error {
		return fn(ctx, svc, sess)
	})
}

// asUserCfg is asUser with the configuration at hand (time zone, printing).
func (a *app) asUserCfg(cmd *cobra.Command, stdinIsActing bool, fn func(ctx context.Context, svc *service.Service, sess service.Session, cfg config.Config) error) error {
	return a.withService(cmd, func(ctx context.Context, svc *service.Service, cfg config.Config) error {
		sess, err := a.signIn(cmd, svc, stdinIsActing)
		if err != nil {
			return err
		}
		return a.withPasswdHint(fn(ctx, svc, sess, cfg), sess.Username)
	})
}

// withService runs fn with an opened service and closes the database after.
func (a *app) withService(cmd *cobra.Command, fn func(ctx context.Context, svc *service.Service, cfg config.Config) error) error {
	svc, db, cfg, err := a.open(cmd)
	if a.closeLog != nil {
		defer a.closeLog()
	}
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(cmd.Context(), svc, cfg)
}
