package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
)

// JSONFlag adds --json to a command that prints data. Its usage is a
// catalogue key, which clidoc.Setup translates.
func JSONFlag(cmd *cobra.Command) { cmd.Flags().Bool("json", false, "cli.flag.json") }

// JSONOutput reports whether --json was given.
func JSONOutput(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("json")
	return v
}

// WriteJSON prints v as indented JSON. encoding/json escapes the C0
// controls but writes DEL, the C1 controls (U+009B is a CSI to many
// terminals) and bidi controls as they are: those are escaped here too,
// so data cannot reach the terminal raw and still decodes the same.
func WriteJSON(cmd *cobra.Command, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	var out strings.Builder
	for _, r := range buf.String() {
		if r != '\n' && domain.Sanitize(string(r)) == "" {
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	_, err := io.WriteString(cmd.OutOrStdout(), out.String())
	return err
}

// OrDash shows an empty value as a dash, sanitised otherwise.
func OrDash(s string) string {
	if s = domain.Sanitize(s); s == "" { // nothing printable left is empty too
		return "—"
	}
	return s
}
