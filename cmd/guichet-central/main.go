// Command guichet-central is the reference centre that Guichet consoles
// sync with: `serve` runs the sync protocol over HTTP(S), and the other
// commands manage its devices, accounts and branches. It wires the
// configuration, central's application on SQLite and sync/server's
// handler; it holds no business rule.
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
// cli.ExitCode). Help, reports and errors speak ui.language, or the
// locale's language (see commandLanguage); errors name the field or the
// reason.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cat := i18n.New(commandLanguage(args))
	return cli.Execute(ctx, newRootCmd(cat, stdin), args, stdout, stderr, cat)
}
