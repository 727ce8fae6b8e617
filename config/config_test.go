package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// isolate runs the test in an empty folder with no GUICHET_* variables and
// no user configuration, so the machine's own files cannot leak in.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	t.Setenv("GUICHET_CONFIG", "")
	for _, s := range settings {
		t.Setenv(EnvName(s.Key), "")
		os.Unsetenv(EnvName(s.Key))
	}
	return dir
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultsWithoutAnyFile(t *testing.T) {
	isolate(t)
	c, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" || c.IdleLock != 5*time.Minute || c.LockoutFailures != 5 ||
		c.LockoutDuration != 15*time.Minute || c.ResultRows != 50 || c.ChildMaxAge != 21 ||
		c.StudentMaxAge != 26 || c.Location.String() != "Africa/Casablanca" || c.DatabasePath != "guichet.db" {
		t.Fatalf("defaults wrong: %+v", c)
	}
}

func TestEnvironmentOverridesFileForNestedKey(t *testing.T) {
	dir := isolate(t)
	write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  idle_lock: 10m\nauth:\n  lockout_failures: 7\n")
	t.Setenv("GUICHET_UI_IDLE_LOCK", "2m")
	c, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.IdleLock != 2*time.Minute {
		t.Errorf("idle lock = %s, want the environment's 2m", c.IdleLock)
	}
	if c.LockoutFailures != 7 {
		t.Errorf("lockout failures = %d, want the file's 7", c.LockoutFailures)
	}
}

func TestFlagOverridesEnvironmentAndFile(t *testing.T) {
	dir := isolate(t)
	write(t, filepath.Join(dir, "guichet.yaml"), "database:\n  path: from-file.db\n")
	t.Setenv("GUICHET_DATABASE_PATH", "from-env.db")
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("db", "", "")
	if err := fs.Parse([]string{"--db", "from-flag.db"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(Options{Flags: map[string]*pflag.Flag{"database.path": fs.Lookup("db")}})
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabasePath != "from-flag.db" {
		t.Fatalf("path = %s, want the flag's", c.DatabasePath)
	}
	// An unset flag does not override.
	fs2 := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs2.String("db", "", "")
	c, err = Load(Options{Flags: map[string]*pflag.Flag{"database.path": fs2.Lookup("db")}})
	if err != nil || c.DatabasePath != "from-env.db" {
		t.Fatalf("path = %s (%v), want the environment's", c.DatabasePath, err)
	}
}

func TestSearchOrder(t *testing.T) {
	dir := isolate(t)
	xdgFile := filepath.Join(dir, "xdg", "guichet", "config.yaml")
	write(t, xdgFile, "ui:\n  result_rows: 11\n")
	c, err := Load(Options{})
	if err != nil || c.File != xdgFile || c.ResultRows != 11 {
		t.Fatalf("XDG file not used: %+v %v", c, err)
	}
	write(t, filepath.Join(dir, "guichet.yaml"), "ui:\n  result_rows: 12\n")
	if c, _ = Load(Options{}); c.ResultRows != 12 {
		t.Fatalf("./guichet.yaml should win over XDG, got %d", c.ResultRows)
	}
	envFile := filepath.Join(dir, "env.yaml")
	write(t, envFile, "ui:\n  result_rows: 13\n")
	t.Setenv("GUICHET_CONFIG", envFile)
	if c, _ = Load(Options{}); c.ResultRows != 13 {
		t.Fatalf("$GUICHET_CONFIG should win, got %d", c.ResultRows)
	}
	flagFile := filepath.Join(dir, "flag.yaml")
	write(t, flagFile, "ui:\n  result_rows: 14\n")
	if c, _ = Load(Options{File: flagFile}); c.ResultRows != 14 {
		t.Fatalf("--config should win, got %d", c.ResultRows)
	}
	if _, err := Load(Options{File: filepath.Join(dir, "missing.yaml")}); err == nil {
		t.Fatal("a named config file that does not exist must be an error")
	}
}

func TestBadValuesNameTheKey(t *testing.T) {
	cases := map[string]string{
		"ui:\n  idle_lock: soon\n":                     "ui.idle_lock",
		"ui:\n  result_rows: -3\n":                     "ui.result_rows",
		"auth:\n  lockout_failures: many\n":            "auth.lockout_failures",
		"auth:\n  lockout_duration: 1ns\n":             "auth.lockout_duration",
		"members:\n  registration_pattern: \"[0-9\"\n": "members.registration_pattern",
		"beneficiaries:\n  child_max_age: 300\n":       "beneficiaries.child_max_age",
		"beneficiaries:\n  student_max_age: 18\n":      "beneficiaries.student_max_age",
		"time:\n  zone: Mars/Olympus\n":                "time.zone",
		"ui:\n  idel_lock: 5m\n":                       "ui.idel_lock",
		"database:\n  path: \"\"\n":                    "database.path",
		"documents:\n  scan_max_mb: 0\n":               "documents.scan_max_mb",
		"documents:\n  scan_max_mb: 101\n":             "documents.scan_max_mb",
		"printing:\n  save_dir: \"\"\n":                "printing.save_dir",
		"printing:\n  command: \"lp\\u0007\"\n":        "printing.command",
	}
	for body, key := range cases {
		dir := isolate(t)
		write(t, filepath.Join(dir, "guichet.yaml"), body)
		_, err := Load(Options{})
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%q: error %v does not name %s", body, err, key)
		}
	}
	dir := isolate(t)
	write(t, filepath.Join(dir, "guichet.yaml"), "ui: [unclosed\n")
	if _, err := Load(Options{}); err == nil || !strings.Contains(err.Error(), "guichet.yaml") {
		t.Errorf("broken YAML: %v", err)
	}
	isolate(t)
	t.Setenv("GUICHET_AUTH_LOCKOUT_DURATION", "forever")
	if _, err := Load(Options{}); err == nil || !strings.Contains(err.Error(), "GUICHET_AUTH_LOCKOUT_DURATION") {
		t.Errorf("bad environment value must name its variable: %v", err)
	}
}

func TestDocumentsAndPrinting(t *testing.T) {
	dir := isolate(t)
	c, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ScanMaxMB != 10 || c.PrintCommand != "" || c.ReceiptDir != "receipts" || c.DocumentsPath != "" {
		t.Fatalf("defaults wrong: %+v", c)
	}
	if got := c.DocumentsDir(filepath.Join("var", "demo", "guichet.db")); got != filepath.Join("var", "demo", "documents") {
		t.Errorf("documents next to the database: %s", got)
	}
	write(t, filepath.Join(dir, "guichet.yaml"), "documents:\n  path: /srv/scans\n  scan_max_mb: 25\nprinting:\n  command: lp -d counter\n")
	t.Setenv("GUICHET_PRINTING_SAVE_DIR", "/tmp/receipts")
	t.Setenv("GUICHET_DOCUMENTS_SCAN_MAX_MB", "3")
	if c, err = Load(Options{}); err != nil {
		t.Fatal(err)
	}
	if c.ScanMaxMB != 3 || c.PrintCommand != "lp -d counter" || c.ReceiptDir != "/tmp/receipts" || c.DocumentsDir("x/g.db") != "/srv/scans" {
		t.Errorf("file and environment not applied: %+v", c)
	}
}
