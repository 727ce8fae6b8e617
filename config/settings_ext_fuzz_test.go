package config_test

import (
	"testing"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/config/configtest"
)

// Every configuration key, fed any value: configtest.CheckSetting.
func FuzzConsoleSettings(f *testing.F) {
	for i, s := range config.Console.Settings {
		for _, raw := range []string{s.Def, "", " ", "0", "-1", "99999999999999999999", "1h", "-5m", "https://x", "https://a\u0085b", "https://c/\u009b2J", "a\x1b[2Jb", "/tmp/a\nb",
			"\u202eexe.txt", "../../etc/passwd", "$(rm -rf /)", "[0-9]{6})|(.*", "Local", "Africa/../../etc/passwd", "\xff"} {
			f.Add(uint8(i), raw)
		}
	}
	f.Fuzz(func(t *testing.T, key uint8, raw string) {
		configtest.CheckSetting(t, config.Console.Settings[int(key)%len(config.Console.Settings)], raw, consolePlainKeys)
	})
}

// consolePlainKeys are the keys whose values are paths, commands, addresses
// or identifiers: they are written to logs, shown, or run.
var consolePlainKeys = []string{"path", "dir", "command", "url", "key_id", "file", "spool", "host", "username", "listen", "tls_"}
