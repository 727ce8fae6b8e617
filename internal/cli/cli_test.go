package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/spf13/cobra"
)

func TestExitCodes(t *testing.T) {
	for err, want := range map[error]int{
		errors.New("disk full"):                               1,
		UsageError{Msg: "--user NAME is required"}:            2,
		fmt.Errorf("flag: %w", UsageError{Msg: "bad"}):        2,
		ChainBroken("the audit chain is broken"):              3,
		fmt.Errorf("verify: %w", ChainBroken("chain broken")): 3,
	} {
		if got := ExitCode(err); got != want {
			t.Errorf("ExitCode(%v) = %d, want %d", err, got, want)
		}
	}
}

// A failure is printed after the command's name, as the caller renders it.
func TestExecutePrintsTheFailure(t *testing.T) {
	root := &cobra.Command{Use: "tool", SilenceErrors: true, SilenceUsage: true,
		RunE: func(*cobra.Command, []string) error { return UsageError{Msg: "raw"} }}
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), root, nil, &out, &errOut, func(err error) string { return "rendered " + err.Error() })
	if code != 2 || errOut.String() != "tool: rendered raw\n" {
		t.Fatalf("code %d, stderr %q", code, errOut.String())
	}
}
