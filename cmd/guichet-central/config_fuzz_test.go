package main

import (
	"strings"
	"testing"

	"github.com/cnops/guichet/config/configtest"
)

// Every key of the centre's configuration, fed any value: a refusal is one
// printable line, the same value gives the same configuration, and a key
// that names a file, a folder, a command or an address (secrets aside:
// pin.hmac_key, mail.smtp_password) never takes a control character.
func FuzzCentralSettings(f *testing.F) {
	for i, s := range centralSpec.Settings {
		for _, raw := range []string{s.Def, "", " ", "0", "-1", "65536", "99999999999999999999", "1h", "off", ":8443", "[::1]:8443", "host name:1", "a\x1b:1", "\u0085:8443",
			"a@b.ma", "Name <a@b.ma>", "a@b.ma\r\nBcc: x@y", "a\x1b[2Jb", "/tmp/a\nb", "\u202eexe.txt", "postgres://u:p@h/db", "k.1_-", strings.Repeat("k", 33), "\xff"} {
			f.Add(uint8(i), raw)
		}
	}
	plainKeys := []string{"path", "dir", "url", "key_id", "file", "spool", "host", "username", "listen", "tls_", "mail.from"}
	f.Fuzz(func(t *testing.T, key uint8, raw string) {
		configtest.CheckSetting(t, centralSpec.Settings[int(key)%len(centralSpec.Settings)], raw, plainKeys)
	})
}

// A key id is 1 to 32 letters, digits, dots, dashes or underscores.
func FuzzCheckKeyID(f *testing.F) {
	for _, s := range []string{"h1", "b-2026.01_x", "", strings.Repeat("k", 32), strings.Repeat("k", 33), "k 1", "k/../1", "ké"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if err := checkKeyID(raw); err != nil {
			return
		}
		if raw == "" || len(raw) > 32 || strings.ContainsFunc(raw, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
		}) {
			t.Fatalf("key id %q accepted", raw)
		}
	})
}
