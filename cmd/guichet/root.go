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
		Use:   "guichet",
		Short: "Counter console of the CNOPS mutual societies",
		Long: "Guichet looks members up, shows their file and records counter work, offline first.\n" +
			"Without a subcommand it starts the console on the configured database.",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withService(cmd, func(ctx context.Context, svc *service.Service, cfg config.Config) error {
				return runConsoleWithSync(ctx, svc, cfg, a.engine, nil)
			})
		},
	}
	root.PersistentFlags().StringVar(&a.configFile, "config", "", "configuration file (default: see config.example.yaml)")
	root.PersistentFlags().String("db", "", "database file (overrides database.path)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cli.UsageError{Msg: err.Error()} })
	root.AddCommand(newInitCmd(a), newUsersCmd(a), newPasswdCmd(a), newBranchesCmd(a), newAuditCmd(a),
		newMembersCmd(a), newAddressCmd(a), newPinCmd(a), newDemoCmd(a),
		newSyncCmd(a), newProvisionCmd(a), newDoctorCmd(a), newBackupCmd(a), newRestoreCmd(a))
	clidoc.Setup(root) // --version, man pages, completion
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
	})
	return tea.NewProgram(model, tea.WithContext(ctx))
}

// actingFlags adds --user and --password-stdin to a headless command.
func actingFlags(cmd *cobra.Command) {
	cmd.Flags().String("user", "", "act as this user (password from --password-stdin or GUICHET_PASSWORD)")
	cmd.Flags().Bool("password-stdin", false, "read the password from standard input")
}
