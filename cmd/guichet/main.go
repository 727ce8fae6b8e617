// Command guichet is the counter console of the CNOPS mutual societies: the
// Bubble Tea console by default, and headless subcommands for accounts,
// lookups, audit and the demo. It wires config, store, service and tui; it
// holds no business rule.
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

// run executes one command line and returns the process exit code; errors
// are printed translated, naming the field or the reason.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cat := i18n.English()
	root := newRootCmd(cat, stdin)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "guichet:", cat.Error(err))
		return exitCode(err)
	}
	return 0
}
