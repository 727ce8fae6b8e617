package config

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// Every configuration key, fed any value: a refusal is one printable line
// (it is shown to the operator and quotes the value escaped), the same
// value always gives the same configuration, and a key that names a file,
// a folder, a command or an address never takes a control character.
func FuzzConsoleSettings(f *testing.F) {
	fuzzSettingSeeds(f, console.Settings)
	f.Fuzz(func(t *testing.T, key uint8, raw string) {
		checkSetting(t, console.Settings[int(key)%len(console.Settings)], raw)
	})
}

// fuzzSettingSeeds adds each key's default and hostile values.
func fuzzSettingSeeds[C any](f *testing.F, settings []Setting[C]) {
	for i, s := range settings {
		for _, raw := range []string{s.Def, "", " ", "0", "-1", "99999999999999999999", "1h", "-5m", "https://x", "https://a\u0085b", "https://c/\u009b2J", "a\x1b[2Jb", "/tmp/a\nb",
			"\u202eexe.txt", "../../etc/passwd", "$(rm -rf /)", "[0-9]{6})|(.*", "Local", "Africa/../../etc/passwd", "\xff"} {
			f.Add(uint8(i), raw)
		}
	}
}

// plainKeys are the keys whose values are paths, commands, addresses or
// identifiers: they are written to logs, shown, or run.
var plainKeys = []string{"path", "dir", "command", "url", "key_id", "file", "spool", "host", "username", "listen", "tls_"}

func checkSetting[C any](t *testing.T, s Setting[C], raw string) {
	t.Helper()
	var first, second C
	err := s.Apply(&first, raw)
	if err != nil {
		if msg := err.Error(); strings.ContainsFunc(msg, unicode.IsControl) || strings.ContainsAny(msg, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
			t.Fatalf("%s: refusal of %q is not one printable line: %q", s.Key, raw, msg)
		}
		return
	}
	if err := s.Apply(&second, raw); err != nil || !reflect.DeepEqual(first, second) {
		t.Fatalf("%s: the same value %q read twice differs (%v)", s.Key, raw, err)
	}
	for _, k := range plainKeys {
		if strings.Contains(s.Key, k) && strings.ContainsFunc(raw, unicode.IsControl) {
			t.Fatalf("%s accepted control characters: %q", s.Key, raw)
		}
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"lp -d counter", "a\tb", "a\x1b[2J", "\u0085", "é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := PlainText(raw)
		if (err == nil) == strings.ContainsFunc(raw, unicode.IsControl) {
			t.Fatalf("PlainText(%q) = %v", raw, err)
		}
		if err != nil && strings.ContainsFunc(err.Error(), unicode.IsControl) {
			t.Fatalf("refusal is not printable: %q", err)
		}
	})
}
