// Command guichet-central is the reference centre that Guichet consoles
// sync with: `serve` runs the sync protocol over HTTP(S), and the other
// commands manage its devices, accounts and branches. It wires the
// configuration, central's application on SQLite and sync/server's
// handler; it holds no business rule.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Morocco's offset changes around Ramadan: never trust the host's zone files

	"github.com/cnops/guichet/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code: 0, 1
// for a failure, 2 for a mistake in how the command was called. Errors are
// printed in English, naming the field or the reason.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "guichet-central:", i18n.English().Error(err))
		return exitCode(err)
	}
	return 0
}
