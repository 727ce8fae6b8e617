package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/buildinfo"
)

// --version prints one line: the program, its version, commit and date.
func TestVersionFlag(t *testing.T) {
	isolate(t)
	r := guichet(t, "", "--version")
	want := buildinfo.Get().Line("guichet") + "\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("--version: %+v, want stdout %q", r, want)
	}
	if !regexp.MustCompile(`^guichet \S+ \(commit \S+, built \S+\)\n$`).MatchString(r.stdout) {
		t.Fatalf("--version line %q", r.stdout)
	}
}

// man --dir writes one page for every command a person can run, hidden
// ones aside, each listing its own flags.
func TestManPagesForEveryCommand(t *testing.T) {
	dir := filepath.Join(isolate(t), "man")
	if r := guichet(t, "", "man", "--dir", dir); r.code != 0 {
		t.Fatalf("man: %+v", r)
	}
	root := newRootCmd(i18n.English(), strings.NewReader(""))
	root.InitDefaultCompletionCmd() // cobra adds it when the program runs
	want := map[string]bool{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.IsAvailableCommand() && c != root {
			return
		}
		want[strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"] = true
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("unexpected page %s", e.Name())
		}
		delete(want, e.Name())
	}
	for page := range want {
		t.Errorf("no page %s", page)
	}
	for page, flag := range map[string]string{"guichet.1": `\fB--version\fP`, "guichet-sync.1": `\fB--json\fP`,
		"guichet-completion-bash.1": "bash", "guichet-users-add.1": `\fB--role\fP`} {
		if body := mustRead(t, filepath.Join(dir, page)); !strings.Contains(body, flag) || !strings.HasPrefix(body, ".nh\n.TH") {
			t.Errorf("%s lacks %s or is not a man page:\n%.300s", page, flag, body)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "guichet-man.1")); err == nil {
		t.Error("the hidden man command has a page")
	}
}

// logLines reads a JSON log file, one object per line.
func logLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
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

// findLine is the last line of msg.
func findLine(lines []map[string]any, msg string) map[string]any {
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i]["msg"] == msg {
			return lines[i]
		}
	}
	return nil
}

// The console logs to log.file beside its database, as JSON that only its
// owner can read, and never to the terminal: a headless sync's warnings
// reach stderr as text a person reads, the JSON stays in the file. The
// device token is in neither.
func TestConsoleLogsToAFileBesideItsDatabase(t *testing.T) {
	dir := isolate(t)
	app, srv, home := loopbackCentre(t)
	a, b := filepath.Join(dir, "a", "guichet.db"), filepath.Join(dir, "b", "guichet.db")
	var tokens []string
	for i, db := range []string{a, b} {
		os.MkdirAll(filepath.Dir(db), 0o700)
		tok := tokenFile(t, app, dir, "counter-"+string(rune('a'+i)), home)
		tokens = append(tokens, strings.TrimSpace(mustRead(t, tok)))
		if r := guichet(t, "", "provision", "--db", db, "--central", srv.URL, "--token-file", tok); r.code != 0 {
			t.Fatalf("provision: %+v", r)
		}
	}
	m := firstMember(t, a)
	for _, db := range []string{a, b} {
		if r := as(t, db, "agent", append([]string{"address", "request", m.regno}, goodAddress(m)...)...); r.code != 0 {
			t.Fatalf("request: %+v", r)
		}
	}
	if r := guichet(t, "", "--db", a, "sync"); r.code != 0 {
		t.Fatalf("sync A: %+v", r)
	}
	// B's request for the same member is refused: the engine warns.
	r := guichet(t, "", "--db", b, "sync")
	if r.code != 1 || !strings.Contains(r.stderr, "entry set aside") || strings.Contains(r.stderr, "{") {
		t.Fatalf("B's refused entry must warn on stderr as text: %+v", r)
	}

	path := filepath.Join(filepath.Dir(b), "guichet.log")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v, want 0600", info.Mode().Perm())
	}
	lines := logLines(t, path)
	start := findLine(lines, "guichet starting")
	if start == nil || start["command"] != "guichet sync" || start["version"] != buildinfo.Get().Version {
		t.Fatalf("no start line for sync in %v", lines)
	}
	if l := findLine(lines, "entry set aside"); l == nil || l["level"] != "WARN" {
		t.Fatalf("the set-aside warning is not in the log: %v", lines)
	}
	if findLine(lines, "guichet stopping") == nil {
		t.Error("no stop line")
	}
	for _, tok := range tokens {
		if strings.Contains(mustRead(t, path), tok) || strings.Contains(mustRead(t, filepath.Join(filepath.Dir(a), "guichet.log")), tok) {
			t.Fatal("a device token is in a log file")
		}
	}

	// log.file elsewhere, by the environment; empty: no log.
	elsewhere := filepath.Join(dir, "logs", "console.log")
	t.Setenv("GUICHET_LOG_FILE", elsewhere)
	if r := guichet(t, "", "--db", a, "sync"); r.code != 0 {
		t.Fatalf("sync A: %+v", r)
	}
	if findLine(logLines(t, elsewhere), "guichet starting") == nil {
		t.Fatal("log.file not honoured")
	}
	t.Setenv("GUICHET_LOG_FILE", "") // unset, as the environment's empty variables count
	os.Unsetenv("GUICHET_LOG_FILE")
	none := filepath.Join(dir, "none.yaml")
	os.WriteFile(none, []byte("log:\n  file: \"\"\n"), 0o600)
	before := len(logLines(t, filepath.Join(filepath.Dir(a), "guichet.log")))
	if r := guichet(t, "", "--config", none, "--db", a, "sync"); r.code != 0 {
		t.Fatalf("sync A without a log: %+v", r)
	}
	if after := len(logLines(t, filepath.Join(filepath.Dir(a), "guichet.log"))); after != before {
		t.Fatalf("log.file empty still logged (%d lines, then %d)", before, after)
	}
}
