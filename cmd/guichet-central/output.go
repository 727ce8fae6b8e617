package main

import (
	"encoding/json"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
)

func jsonFlag(cmd *cobra.Command) { cmd.Flags().Bool("json", false, "print data as JSON") }

func jsonOutput(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("json")
	return v
}

// writeJSON prints v as indented JSON; encoding/json escapes control
// characters, so data cannot reach the terminal raw.
func writeJSON(cmd *cobra.Command, v any) error {
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// orDash shows an empty value as a dash, sanitised otherwise.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return domain.Sanitize(s)
}

// when shows a time in UTC to the minute, or a dash.
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04Z")
}
