package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/config/configtest"
	"github.com/cnops/guichet/domain"
)

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestConfigDefaults(t *testing.T) {
	isolate(t)
	c, err := loadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	want := centralConfig{DatabasePath: "guichet-central.db", DatabaseMaxConns: 16, DatabaseStatementTimeout: 30 * time.Second,
		Listen: "127.0.0.1:8443", MaxInFlight: 64, DocumentMaxMB: 10,
		RegistrationPattern: "[0-9]{6,12}", MetricsListen: "127.0.0.1:9464", LogLevel: slog.LevelInfo, LogFormat: "json",
		LogFile:  config.LogFile{MaxSizeMB: 10, MaxBackups: 5},
		Location: loc, PIN: domain.DefaultPINPolicy(loc), HMACKeyID: "h1", BoxKeyID: "b1",
		PortalURL: "https://portail.cnops.ma", SMTPPort: 587, MailFrom: "ne-pas-repondre@cnops.ma", MailInterval: time.Minute}
	if c.Location.String() != loc.String() || c.PIN.Location != c.Location {
		t.Fatalf("time zone %v, policy's %v, want %v for both", c.Location, c.PIN.Location, loc)
	}
	c.Location, c.PIN.Location = loc, loc // the same zone, loaded twice
	if !reflect.DeepEqual(c, want) {      // a struct holding slices (pin.previous_*_keys)
		t.Fatalf("defaults:\n got %+v\nwant %+v", c, want)
	}
	if c.DocumentsDir() != "documents" || c.LettersFolder() != "letters" || c.MailSpoolDir() != "mail-spool" {
		t.Errorf("documents beside the database: %s", c.DocumentsDir())
	}
	c.DatabasePath = filepath.Join("srv", "centre.db")
	if c.DocumentsDir() != filepath.Join("srv", "documents") {
		t.Errorf("documents beside the database: %s", c.DocumentsDir())
	}
}

func TestConfigSearchOrder(t *testing.T) {
	dir := isolate(t)
	load := func() int {
		t.Helper()
		c, err := loadConfig("", nil)
		if err != nil {
			t.Fatal(err)
		}
		return c.MaxInFlight
	}
	write(t, filepath.Join(dir, "xdg", "guichet", "central.yaml"), "server:\n  max_in_flight: 11\n")
	if got := load(); got != 11 {
		t.Fatalf("$XDG_CONFIG_HOME/guichet/central.yaml not read: %d", got)
	}
	write(t, filepath.Join(dir, "guichet-central.yaml"), "server:\n  max_in_flight: 12\n")
	if got := load(); got != 12 {
		t.Fatalf("./guichet-central.yaml must win over XDG: %d", got)
	}
	envFile := filepath.Join(dir, "env.yaml")
	write(t, envFile, "server:\n  max_in_flight: 13\n")
	t.Setenv("GUICHET_CENTRAL_CONFIG", envFile)
	if got := load(); got != 13 {
		t.Fatalf("$GUICHET_CENTRAL_CONFIG must win: %d", got)
	}
	flagFile := filepath.Join(dir, "flag.yaml")
	write(t, flagFile, "server:\n  max_in_flight: 14\n")
	if c, err := loadConfig(flagFile, nil); err != nil || c.MaxInFlight != 14 || c.File != flagFile {
		t.Fatalf("--config must win: %+v %v", c, err)
	}
	if _, err := loadConfig(filepath.Join(dir, "missing.yaml"), nil); err == nil {
		t.Fatal("a named config file that does not exist must be an error")
	}
}

// Environment overrides the file, --db overrides the environment, through
// a real command.
func TestEnvironmentAndFlagOverrides(t *testing.T) {
	dir := isolate(t)
	write(t, filepath.Join(dir, "guichet-central.yaml"), "database:\n  path: file.db\nlog:\n  level: debug\n")
	t.Setenv("GUICHET_CENTRAL_DATABASE_PATH", filepath.Join(dir, "env.db"))
	if r := centralCmd(t, "", "branches", "list"); r.code != 0 {
		t.Fatalf("branches list: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.db")); err != nil {
		t.Fatal("GUICHET_CENTRAL_DATABASE_PATH must choose the database")
	}
	if r := centralCmd(t, "", "--db", filepath.Join(dir, "flag.db"), "branches", "list"); r.code != 0 {
		t.Fatalf("branches list --db: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "flag.db")); err != nil {
		t.Fatal("--db must win over the environment")
	}
	if _, err := os.Stat(filepath.Join(dir, "file.db")); !os.IsNotExist(err) {
		t.Fatal("the file's database.path must have been overridden")
	}
}

func TestUnknownKeysAndBadValuesAreNamed(t *testing.T) {
	cases := map[string]string{
		"server:\n  lisen: :8443\n":                    "server.lisen",
		"database:\n  path: \"\"\n":                    "database.path",
		"server:\n  listen: localhost\n":               "server.listen",
		"server:\n  listen: \"127.0.0.1:99999\"\n":     "server.listen",
		"server:\n  max_in_flight: 0\n":                "server.max_in_flight",
		"documents:\n  max_mb: 101\n":                  "documents.max_mb",
		"documents:\n  path: \"a\\u0007b\"\n":          "documents.path",
		"members:\n  registration_pattern: \"[0-9\"\n": "members.registration_pattern",
		"log:\n  level: loud\n":                        "log.level",
		"log:\n  format: xml\n":                        "log.format",
		"server:\n  tls_cert: cert.pem\n":              "server.tls_key",
	}
	for body, key := range cases {
		dir := isolate(t)
		write(t, filepath.Join(dir, "guichet-central.yaml"), body)
		r := centralCmd(t, "", "devices", "list")
		if r.code != 1 || !strings.Contains(r.stderr, key) {
			t.Errorf("%q: %+v does not name %s", body, r, key)
		}
		if _, err := os.Stat(filepath.Join(dir, "guichet-central.db")); !os.IsNotExist(err) {
			t.Errorf("%q: a bad configuration must stop before the database is created", body)
		}
	}
	isolate(t)
	t.Setenv("GUICHET_CENTRAL_SERVER_MAX_IN_FLIGHT", "lots")
	if r := centralCmd(t, "", "devices", "list"); r.code != 1 || !strings.Contains(r.stderr, "GUICHET_CENTRAL_SERVER_MAX_IN_FLIGHT") {
		t.Errorf("a bad environment value must name its variable: %+v", r)
	}
	isolate(t)
	if r := centralCmd(t, "", "serve", "--tls-cert", "cert.pem"); r.code != 1 || !strings.Contains(r.stderr, "both") {
		t.Errorf("--tls-cert without --tls-key: %+v", r)
	}
}

// The example file documents every key with its default, and nothing else.
func TestExampleFileDocumentsEveryKeyWithDefaults(t *testing.T) {
	example, err := filepath.Abs("../../guichet-central.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	isolate(t)
	configtest.CheckExample(t, centralSpec, example)
}
