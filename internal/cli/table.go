package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
)

// Table prints a listing: as a JSON array of asJSON(row) with --json,
// otherwise as aligned columns under header (tab-separated), each cell
// sanitised, since listed values come from a database.
type Table[T any] struct {
	Header string
	AsJSON func(T) any
	Cells  func(T) []string
}

// Print writes rows to the command's standard output.
func (t Table[T]) Print(cmd *cobra.Command, rows []T) error {
	if JSONOutput(cmd) {
		out := make([]any, len(rows))
		for i, r := range rows {
			out[i] = t.AsJSON(r)
		}
		return WriteJSON(cmd, out)
	}
	w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, t.Header)
	for _, r := range rows {
		cells := t.Cells(r)
		for i, c := range cells {
			cells[i] = domain.Sanitize(c)
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	return w.Flush()
}
