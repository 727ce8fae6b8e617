package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
)

// JSONFlag adds --json to a command that prints data.
func JSONFlag(cmd *cobra.Command) { cmd.Flags().Bool("json", false, "print data as JSON") }

// JSONOutput reports whether --json was given.
func JSONOutput(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("json")
	return v
}

// WriteJSON prints v as indented JSON; encoding/json escapes control
// characters, so data cannot reach the terminal raw.
func WriteJSON(cmd *cobra.Command, v any) error {
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// OrDash shows an empty value as a dash, sanitised otherwise.
func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return domain.Sanitize(s)
}
