// Package cli owns what Guichet's two commands (the console and the
// centre) share on the command line: the exit codes (0 success, 1 failure,
// 2 a mistake in how the command was called, 3 an audit chain found
// broken, 4 a check passed with warnings), how a failure is printed, and
// the --json output.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
)

// UsageError marks a mistake in how a command was called (exit code 2).
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// ChainBroken makes a command exit with 3 once it has printed its report
// of a broken audit chain.
type ChainBroken string

func (e ChainBroken) Error() string { return string(e) }

// Warnings makes a check command (doctor) exit with 4 once it has printed
// a report whose findings are warnings only: a code of its own, so that a
// script never takes it for a usage error.
type Warnings string

func (e Warnings) Error() string { return string(e) }

// ExitCode is the process exit code for a command's error.
func ExitCode(err error) int {
	var u UsageError
	var c ChainBroken
	var w Warnings
	switch {
	case errors.As(err, &u):
		return 2
	case errors.As(err, &c):
		return 3
	case errors.As(err, &w):
		return 4
	}
	return 1
}

// Main runs a command line on the process's arguments and standard
// streams, cancelled by an interrupt or SIGTERM, and exits with its code.
func Main(run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Execute runs root with args and returns the exit code; a failure is
// printed on stderr after the command's name, in cat's language (naming
// the field or the reason).
func Execute(ctx context.Context, root *cobra.Command, args []string, stdout, stderr io.Writer, cat *i18n.Catalog) int {
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		err = cobraUsage(cat, err)
		fmt.Fprintln(stderr, root.Name()+":", cat.Error(err))
		return ExitCode(err)
	}
	return 0
}
