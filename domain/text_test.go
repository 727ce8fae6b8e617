package domain

import (
	"strings"
	"testing"
)

func TestSanitizeStripsTerminalControls(t *testing.T) {
	cases := map[string]string{
		"\x1b]0;pwned\x07Alaoui\x1b[31m": "]0;pwnedAlaoui[31m",
		"Ben\u202Eina":                   "Benina",
		"line\nbreak\r":                  "linebreak",
		"\u009b31m":                      "31m", // C1 CSI
		"العلوي":                         "العلوي",
		"Aït Benhaddou":                  "Aït Benhaddou",
		"bad\xffbyte":                    "bad\uFFFDbyte",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanTextRefusesControlsAndLength(t *testing.T) {
	if _, err := CleanText("name", "A\x1b[2Jb", 10); err == nil {
		t.Error("escape sequence accepted")
	}
	if _, err := CleanText("name", "bad\xff", 10); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	if _, err := CleanText("name", strings.Repeat("é", 11), 10); err == nil {
		t.Error("11 runes accepted with a limit of 10")
	}
	if got, err := CleanText("name", "  محمد  ", 10); err != nil || got != "محمد" {
		t.Errorf("Arabic text refused or not trimmed: %q %v", got, err)
	}
	_, err := RequireText("line1", "   ", 10)
	if fe, ok := AsFieldError(err); !ok || fe.Field != "line1" || fe.Key != KeyRequired {
		t.Errorf("blank required field: %v", err)
	}
}
