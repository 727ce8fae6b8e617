package mail

import (
	"strings"
	"testing"
	"unicode"
)

// An envelope address goes into SMTP commands (MAIL FROM, RCPT TO) and a
// maildir: what passes is one plain address, with nothing that could end
// a command line or open another.
func FuzzCheckEnvelope(f *testing.F) {
	for _, s := range []string{"ne-pas-repondre@cnops.ma", "a.b+c@d.example", "Name <a@b.ma>", "a@b.ma\r\nRCPT TO:<x@y>", "a@b.ma\nDATA",
		"<a@b.ma>", `"a b"@c.ma`, `"a\"b"@c.ma`, "a@[127.0.0.1]", "a@b.ma (comment)", "é@b.ma", "a@b.ma ", "", "@", "a@b@c"} {
		f.Add(s, "member@example.ma")
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		if err := checkEnvelope(from, []string{to}, []byte("x")); err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("refusal spans lines: %q", err)
			}
			return
		}
		for _, a := range []string{from, to} {
			if strings.ContainsFunc(a, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) ||
				strings.ContainsAny(a, "<>") || strings.Count(a, "@") < 1 {
				t.Fatalf("envelope address %q accepted", a)
			}
		}
	})
}
