package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/buildinfo"
)

// --version prints one line: the program, its version, commit and date.
func TestVersionFlag(t *testing.T) {
	isolate(t)
	r := centralCmd(t, "", "--version")
	want := buildinfo.Get().Line("guichet-central") + "\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("--version: %+v, want stdout %q", r, want)
	}
	if !regexp.MustCompile(`^guichet-central \S+ \(commit \S+, built \S+\)\n$`).MatchString(r.stdout) {
		t.Fatalf("--version line %q", r.stdout)
	}
}

// man --dir writes one page for every command an operator can run.
func TestManPagesForEveryCommand(t *testing.T) {
	dir := filepath.Join(isolate(t), "man")
	if r := centralCmd(t, "", "man", "--dir", dir); r.code != 0 {
		t.Fatalf("man: %+v", r)
	}
	root := newRootCmd(i18n.English(), strings.NewReader(""))
	root.InitDefaultCompletionCmd() // cobra adds it when the program runs
	var want []string
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c != root && !c.IsAvailableCommand() {
			return
		}
		want = append(want, strings.ReplaceAll(c.CommandPath(), " ", "-")+".1")
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("pages %v\nwant %v", got, want)
	}
	serve, err := os.ReadFile(filepath.Join(dir, "guichet-central-serve.1"))
	if err != nil || !strings.Contains(string(serve), `\fB--tls-cert\fP`) || !strings.Contains(string(serve), `\fB--config\fP`) {
		t.Fatalf("serve's page lacks its flags and the inherited ones: %v\n%s", err, serve)
	}
}

func readLog(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l map[string]any
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

func hasMsg(lines []map[string]any, msg string) map[string]any {
	for _, l := range lines {
		if l["msg"] == msg {
			return l
		}
	}
	return nil
}

// With log.file, serve logs there (0600, JSON, starting with its build)
// and nothing on stderr; an administration command still reports on
// stderr and never creates the file, which belongs to the service's user.
func TestServeLogsToLogFile(t *testing.T) {
	dir := isolate(t)
	pinKeysEnv(t)
	logPath := filepath.Join(dir, "log", "central.log")
	t.Setenv("GUICHET_CENTRAL_LOG_FILE", logPath)
	t.Setenv("GUICHET_CENTRAL_SERVER_METRICS_LISTEN", "off")
	db := filepath.Join(dir, "central.db")

	if r := centralCmd(t, "", "--db", db, "devices", "list"); r.code != 0 {
		t.Fatalf("devices list: %+v", r)
	}
	if _, err := os.Stat(logPath); err == nil {
		t.Fatal("an administration command created the service's log file")
	}

	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--db", db, "serve", "--listen", "127.0.0.1:0"}, strings.NewReader(""), &out, &errOut)
	}()
	var lines []map[string]any
	for deadline := time.Now().Add(10 * time.Second); hasMsg(lines, "guichet-central listening") == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no listening line in %s; stderr %q", logPath, errOut.String())
		}
		lines = readLog(t, logPath)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited with %d: %s", code, errOut.String())
	}
	if errOut.String() != "" {
		t.Errorf("serve wrote to stderr with log.file set: %q", errOut.String())
	}
	start := hasMsg(readLog(t, logPath), "guichet-central starting")
	if start == nil || start["version"] != buildinfo.Get().Version || start["commit"] != buildinfo.Get().Commit {
		t.Errorf("no start line with the build: %v", start)
	}
	if info, err := os.Stat(logPath); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o600) {
		t.Errorf("log file: %v %v, want mode 0600", info, err)
	}
}

// The packaged service's files: /etc/guichet/central.yaml loads as the
// centre reads it, and /etc/default/guichet-central names only variables
// the centre knows (a typo there would be ignored silently).
func TestPackagedConfigurationLoads(t *testing.T) {
	packaging, err := filepath.Abs("../../packaging")
	if err != nil {
		t.Fatal(err)
	}
	isolate(t)
	cfg, err := loadConfig(filepath.Join(packaging, "central.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabasePath != "/var/lib/guichet-central/central.db" || cfg.DocumentsDir() != "/var/lib/guichet-central/documents" {
		t.Errorf("the service's data is not in its state folder: %s, %s", cfg.DatabasePath, cfg.DocumentsDir())
	}
	raw, err := os.ReadFile(filepath.Join(packaging, "guichet-central.default"))
	if err != nil {
		t.Fatal(err)
	}
	known := settingEnvNames()
	assignment := regexp.MustCompile(`^#?([A-Z0-9_]+)=`)
	var named []string
	for line := range strings.Lines(string(raw)) {
		if m := assignment.FindStringSubmatch(line); m != nil {
			named = append(named, m[1])
			if !slices.Contains(known, m[1]) {
				t.Errorf("guichet-central.default names %s, which the centre does not read", m[1])
			}
		}
	}
	// The key files are named in central.yaml, which `systemctl reload`
	// reads again (a key rotation), not in the environment, which it does
	// not: there they would override the rotated keys.
	if cfg.HMACKeyFile != "/var/lib/guichet-central/keys/hmac.key" || cfg.BoxKeyFile != "/var/lib/guichet-central/keys/box.key" {
		t.Errorf("central.yaml names the key files %q and %q", cfg.HMACKeyFile, cfg.BoxKeyFile)
	}
	for _, name := range named {
		if strings.HasPrefix(name, "GUICHET_CENTRAL_PIN_") && strings.Contains(name, "KEY") {
			t.Errorf("guichet-central.default sets %s: a reload would not see a rotation", name)
		}
	}
}
