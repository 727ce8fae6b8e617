// Command guichet is the counter console of the CNOPS mutual societies: the
// Bubble Tea console by default, and headless subcommands for accounts,
// lookups, audit and the demo. It wires config, store, service and tui; it
// holds no business rule.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Morocco's offset changes around Ramadan: never trust the host's zone files

	"github.com/cnops/guichet/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cat := i18n.English()
	if err := newRootCmd(cat, os.Stdin).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "guichet:", cat.Error(err))
		stop()
		os.Exit(exitCode(err))
	}
}
