package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

// A listing prints rows from a database: whatever the cells hold, the
// output is the header and one line per row, without a control character
// other than the line ends; as JSON, it holds none either and reads back.
func FuzzTablePrint(f *testing.F) {
	for _, s := range []string{"alaoui", "evil\x1b]0;owned\x07", "a\nb", "a\tb", "\u009b2J", "a\u202eb", "\xff", ""} {
		f.Add(s, "ok")
	}
	f.Fuzz(func(t *testing.T, name, note string) {
		out := printed(t, false, []pair{{name, note}, {note, name}})
		if strings.Count(out, "\n") != 3 || !strings.HasSuffix(out, "\n") {
			t.Fatalf("two rows printed on other than three lines: %q", out)
		}
		if strings.ContainsFunc(out, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
			t.Fatalf("control characters printed: %q", out)
		}
		js := printed(t, true, []pair{{name, note}})
		if strings.ContainsFunc(js, func(r rune) bool { return r != '\n' && domain.Sanitize(string(r)) == "" }) {
			t.Fatalf("control characters in the JSON listing: %q", js)
		}
		var back []map[string]string
		if err := json.Unmarshal([]byte(js), &back); err != nil || len(back) != 1 || utf8.ValidString(name) && back[0]["name"] != name {
			t.Fatalf("the JSON listing %q does not read back as %q (%v)", js, name, err)
		}
		if dash := OrDash(name); dash == "" || strings.ContainsFunc(dash, unicode.IsControl) {
			t.Fatalf("OrDash(%q) = %q", name, dash)
		}
	})
}
