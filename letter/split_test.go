package letter

import (
	"slices"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"lp", []string{"lp"}},
		{"lp -d counter", []string{"lp", "-d", "counter"}},
		{"  lp\t-d   counter \n", []string{"lp", "-d", "counter"}},
		{`lp -d "Salle 2" -t 'Reçu'`, []string{"lp", "-d", "Salle 2", "-t", "Reçu"}},
		{`lp -o "a"'b'c`, []string{"lp", "-o", "abc"}},
		{`lp ""`, []string{"lp", ""}},
		{`lp ''`, []string{"lp", ""}},
		{`"/opt/My Printer/print" x`, []string{"/opt/My Printer/print", "x"}},
		{`echo 'a "b" \c'`, []string{"echo", `a "b" \c`}},
		{`echo "a 'b' \"c\" \\ \$ \x"`, []string{"echo", `a 'b' "c" \ $ \x`}},
		{`echo a\ b \'q\'`, []string{"echo", "a b", "'q'"}},
		{"echo a\\\nb", []string{"echo", "ab"}},
		{`lp $HOME ~ * ; rm -rf / | x > y`, []string{"lp", "$HOME", "~", "*", ";", "rm", "-rf", "/", "|", "x", ">", "y"}},
	} {
		got, err := splitCommand(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("splitCommand(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "   ", "\t\n", `""`, `'' x`, `lp "unterminated`, `lp 'unterminated`, `lp \`} {
		if got, err := splitCommand(bad); err == nil {
			t.Errorf("splitCommand(%q) = %q, want an error", bad, got)
		}
	}
}
