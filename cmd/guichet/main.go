// Command guichet is the counter console of the CNOPS mutual societies: the
// Bubble Tea console by default, and headless subcommands for accounts,
// lookups, audit and the demo. It wires config, store, service and tui; it
// holds no business rule.
package main

import (
	"context"
	"io"
	_ "time/tzdata" // Morocco's offset changes around Ramadan: never trust the host's zone files

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func main() { cli.Main(run) }

// run executes one command line and returns the process exit code (see
// cli.ExitCode); errors are printed translated, naming the field or the
// reason.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cat := i18n.New(commandLanguage(args)) // ui.language, or the locale's (see commandLanguage)
	return cli.Execute(ctx, newRootCmd(cat, stdin), args, stdout, stderr, cat)
}
