package main

import (
	"bufio"
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/internal/clidoc"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/tui"
)

func newRootCmd(cat *i18n.Catalog, stdin io.Reader) *cobra.Command {
	a := &app{cat: cat, stdin: bufio.NewReader(stdin)}
	root := &cobra.Command{
		Use:           "guichet",
		Short:         cat.T("cli.help.root"),
		Long:          cat.T("cli.help.root.long"),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cli.NoArgs(cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withService(cmd, func(ctx context.Context, svc *service.Service, cfg config.Config) error {
				return runConsoleWithSync(ctx, svc, cfg, a.engine, nil)
			})
		},
	}
	root.PersistentFlags().StringVar(&a.configFile, "config", "", cat.T("cli.flag.config"))
	root.PersistentFlags().String("db", "", cat.T("cli.flag.db"))
	root.AddCommand(newInitCmd(a), newUsersCmd(a), newPasswdCmd(a), newBranchesCmd(a), newAuditCmd(a),
		newMembersCmd(a), newAddressCmd(a), newPinCmd(a), newDemoCmd(a),
		newSyncCmd(a), newProvisionCmd(a), newDoctorCmd(a), newBackupCmd(a), newRestoreCmd(a),
		newPrivacyCmd(a))
	// --version, man pages, completion, and help in cat's language
	clidoc.Setup(root, cat, func(c *i18n.Catalog) *cobra.Command { return newRootCmd(c, stdin) })
	return root
}

// runConsole starts the full-screen console until the user quits.
func runConsole(ctx context.Context, svc *service.Service, cfg config.Config, demoHint []string) error {
	_, err := consoleProgram(ctx, svc, cfg, demoHint).Run()
	return err
}

// consoleProgram is the full-screen console, not yet started.
func consoleProgram(ctx context.Context, svc *service.Service, cfg config.Config, demoHint []string) *tea.Program {
	model := tui.New(ctx, tui.Deps{
		Service:  svc,
		Catalog:  i18n.New(cfg.Language),
		IdleLock: cfg.IdleLock,
		DemoHint: demoHint,
		Theme:    tui.Theme(cfg.Theme),
		Keys:     cfg.Keys,
	})
	return tea.NewProgram(model, tea.WithContext(ctx))
}

// actingFlags adds --user and --password-stdin to a headless command
// (their usages are catalogue keys, translated by clidoc.Setup).
func actingFlags(cmd *cobra.Command) {
	cmd.Flags().String("user", "", "cli.flag.user")
	cmd.Flags().Bool("password-stdin", false, "cli.flag.password_stdin")
}
