package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
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

// A failure is printed after the command's name, in the catalogue's
// language: a domain refusal translated, cobra's own refusals too.
func TestExecutePrintsTheFailure(t *testing.T) {
	root := &cobra.Command{Use: "tool", SilenceErrors: true, SilenceUsage: true,
		RunE: func(*cobra.Command, []string) error { return domain.ErrForbidden }}
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), root, nil, &out, &errOut, i18n.French())
	if code != 1 || errOut.String() != "tool: Votre rôle ne permet pas cette opération.\n" {
		t.Fatalf("code %d, stderr %q", code, errOut.String())
	}
	root.AddCommand(&cobra.Command{Use: "sub", Run: func(*cobra.Command, []string) {}})
	root.RunE = nil
	errOut.Reset()
	code = Execute(context.Background(), root, []string{"nosuch"}, &out, &errOut, i18n.English())
	if code != 2 || errOut.String() != "tool: unknown command \"nosuch\" for \"tool\"\n" {
		t.Fatalf("unknown command: code %d, stderr %q", code, errOut.String())
	}
}
