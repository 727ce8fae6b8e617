package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

type pair struct{ Name, Note string }

var pairs = Table[pair]{
	Header: "NAME\tNOTE",
	AsJSON: func(p pair) any { return map[string]string{"name": p.Name} },
	Cells:  func(p pair) []string { return []string{p.Name, p.Note} },
}

func printed(t *testing.T, json bool, rows []pair) string {
	t.Helper()
	cmd := &cobra.Command{}
	JSONFlag(cmd)
	if json {
		cmd.Flags().Set("json", "true")
	}
	var out bytes.Buffer
	cmd.SetOut(&out)
	if err := pairs.Print(cmd, rows); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestTableAlignsAndSanitisesCells(t *testing.T) {
	got := printed(t, false, []pair{{"alaoui", "ok"}, {"evil\x1b]0;owned\x07", "x"}})
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("an escape sequence reached the output: %q", got)
	}
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME") || strings.Index(lines[1], "ok") != strings.Index(lines[0], "NOTE") {
		t.Errorf("not a table under its header:\n%s", got)
	}
}

func TestTableAsJSONIsAnArrayEvenEmpty(t *testing.T) {
	if got := strings.TrimSpace(printed(t, true, nil)); got != "[]" {
		t.Errorf("no rows as JSON: %q", got)
	}
	if got := printed(t, true, []pair{{"a", "b"}}); !strings.Contains(got, `"name": "a"`) || strings.Contains(got, "NOTE") {
		t.Errorf("rows as JSON: %s", got)
	}
}
