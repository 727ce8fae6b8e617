package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type result struct {
	code           int
	stdout, stderr string
}

// guichet runs one command line in process, as the binary would.
func guichet(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// isolate keeps the machine's configuration and GUICHET_* variables out.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	for _, k := range []string{"GUICHET_CONFIG", "GUICHET_PASSWORD", "GUICHET_DATABASE_PATH", "GUICHET_UI_IDLE_LOCK",
		"GUICHET_UI_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} { // English unless a test asks for French
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return dir
}

// seeded returns a small demo database and one of its registration numbers
// and CINs.
func seeded(t *testing.T) (db, regno, cin string) {
	t.Helper()
	db = filepath.Join(isolate(t), "demo.db")
	if r := guichet(t, "", "demo", "seed", "--db", db, "--members", "40", "--seed", "7"); r.code != 0 {
		t.Fatalf("demo seed: %+v", r)
	}
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow(`SELECT regno, cin FROM members ORDER BY id LIMIT 1`).Scan(&regno, &cin); err != nil {
		t.Fatal(err)
	}
	return db, regno, cin
}

func TestInitUsersAndBranchesHeadless(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "g.db")
	if r := guichet(t, "short\n", "--db", db, "init", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "Password") {
		t.Fatalf("short admin password: %+v", r)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatal("a refused init must not create the database")
	}
	if r := guichet(t, "admin-password-1\n", "--db", db, "init", "--password-stdin"); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	if r := guichet(t, "admin-password-1\n", "--db", db, "init", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "already has accounts") {
		t.Fatalf("second init: %+v", r)
	}
	t.Setenv("GUICHET_PASSWORD", "admin-password-1")
	if r := guichet(t, "", "--db", db, "branches", "add", "RAB01", "--name", "Rabat Agdal", "--city", "Rabat",
		"--region", "Rabat-Salé-Kénitra", "--user", "admin"); r.code != 0 {
		t.Fatalf("branches add: %+v", r)
	}
	if r := guichet(t, "agent-password-1\n", "--db", db, "users", "add", "amina", "--name", "Amina", "--role", "chief",
		"--branch", "RAB01", "--user", "admin", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "Role:") {
		t.Fatalf("bad role must name the field: %+v", r)
	}
	if r := guichet(t, "agent-password-1\n", "--db", db, "users", "add", "amina", "--name", "Amina", "--role", "agent",
		"--branch", "RAB01", "--user", "admin", "--password-stdin"); r.code != 0 {
		t.Fatalf("users add: %+v", r)
	}
	r := guichet(t, "", "--db", db, "users", "list", "--json", "--user", "admin")
	var users []userJSON
	if err := json.Unmarshal([]byte(r.stdout), &users); err != nil || len(users) != 2 || users[1].Username != "amina" || users[1].Branch != "RAB01" {
		t.Fatalf("users list: %+v %v", r, err)
	}
	// The agent may not manage accounts.
	t.Setenv("GUICHET_PASSWORD", "agent-password-1")
	if r := guichet(t, "", "--db", db, "users", "list", "--user", "amina"); r.code != 1 || !strings.Contains(r.stderr, "role does not allow") {
		t.Fatalf("agent listing users: %+v", r)
	}
	if r := guichet(t, "", "--db", db, "users", "list", "--user", "amina", "--password-stdin"); r.code != 2 {
		t.Fatalf("no password on stdin: %+v", r)
	}
	// When standard input carries the new password, the acting one can
	// only come from GUICHET_PASSWORD, and the message says so.
	t.Setenv("GUICHET_PASSWORD", "")
	if r := guichet(t, "agent-password-2\n", "--db", db, "passwd", "--user", "amina", "--password-stdin"); r.code != 2 ||
		!strings.Contains(r.stderr, "set GUICHET_PASSWORD") {
		t.Fatalf("passwd without the current password: %+v", r)
	}
	if r := guichet(t, "", "--db", db, "users", "list", "--user", "amina"); r.code != 2 || !strings.Contains(r.stderr, "--password-stdin or GUICHET_PASSWORD") {
		t.Fatalf("users list without a password: %+v", r)
	}
}

func TestMembersShowJSONAndBadInput(t *testing.T) {
	db, regno, cin := seeded(t)
	t.Setenv("GUICHET_PASSWORD", "demo-agent-pass")
	for _, q := range []string{regno, strings.ToLower(cin)} {
		r := guichet(t, "", "--db", db, "members", "show", q, "--json", "--user", "agent")
		var m memberJSON
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &m) != nil || m.RegistrationNumber != regno || m.CIN != cin {
			t.Fatalf("members show %s: %+v", q, r)
		}
		if m.Address == nil || m.Address.PostalCode == "" || m.Society["name"] == "" {
			t.Errorf("file incomplete: %+v", m)
		}
	}
	for _, bad := range []string{"A1234567", "robert'); DROP TABLE members;--", "\x1b[31m"} {
		r := guichet(t, "", "--db", db, "members", "show", bad, "--user", "agent")
		if r.code != 1 || !strings.Contains(r.stderr, "Lookup:") || strings.ContainsRune(r.stderr, '\x1b') {
			t.Errorf("members show %q: %+v", bad, r)
		}
	}
	if r := guichet(t, "", "--db", db, "members", "show", "Z999999", "--user", "agent"); r.code != 1 || !strings.Contains(r.stderr, "No such member") {
		t.Errorf("unknown member: %+v", r)
	}
	t.Setenv("GUICHET_PASSWORD", "demo-admin-pass")
	if r := guichet(t, "", "--db", db, "members", "show", regno, "--user", "admin"); r.code != 1 || strings.Contains(r.stdout, regno) {
		t.Errorf("an admin must not see member files: %+v", r)
	}
}

func TestEscapeSequencesFromTheDatabaseNeverReachTheTerminal(t *testing.T) {
	db, regno, _ := seeded(t)
	raw, _ := sql.Open("sqlite", "file:"+db)
	if _, err := raw.Exec(`UPDATE members SET family_name = ? WHERE regno = ?`, "\x1b]0;pwned\x07Alaoui\x1b[2J", regno); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	t.Setenv("GUICHET_PASSWORD", "demo-agent-pass")
	for _, extra := range [][]string{nil, {"--json"}} {
		r := guichet(t, "", append([]string{"--db", db, "members", "show", regno, "--user", "agent"}, extra...)...)
		if r.code != 0 || strings.ContainsAny(r.stdout, "\x1b\x07") || !strings.Contains(r.stdout, "Alaoui") {
			t.Errorf("output %v: %q", extra, r.stdout)
		}
	}
}

func TestAuditVerifyExitsNonZeroAndNamesTheEntry(t *testing.T) {
	db, regno, _ := seeded(t)
	t.Setenv("GUICHET_PASSWORD", "demo-agent-pass")
	guichet(t, "", "--db", db, "members", "show", regno, "--user", "agent")
	t.Setenv("GUICHET_PASSWORD", "demo-super-pass")
	if r := guichet(t, "", "--db", db, "audit", "verify", "--user", "supervisor"); r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Fatalf("intact chain: %+v", r)
	}
	raw, _ := sql.Open("sqlite", "file:"+db)
	raw.Exec(`UPDATE audit SET subject = '000000000' WHERE action = 'member.view'`)
	var seq int
	raw.QueryRow(`SELECT seq FROM audit WHERE action = 'member.view'`).Scan(&seq)
	raw.Close()
	r := guichet(t, "", "--db", db, "audit", "verify", "--json", "--user", "supervisor")
	var rep map[string]any
	if r.code != 3 || json.Unmarshal([]byte(r.stdout), &rep) != nil || rep["broken_seq"] != float64(seq) || rep["intact"] != false {
		t.Fatalf("tampered chain: %+v (entry %d)", r, seq)
	}
}

func TestDatabaseAndConfigurationProblemsAreNamed(t *testing.T) {
	dir := isolate(t)
	t.Setenv("GUICHET_PASSWORD", "whatever-password")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--db", filepath.Join(dir, "missing.db"), "members", "show", "123456789", "--user", "a"}, "no database"},
		{[]string{"--db", filepath.Join(dir, "no", "dir", "g.db"), "init", "--password-stdin"}, "folder does not exist"},
		{[]string{"--db", filepath.Join(dir, "text.db"), "audit", "verify", "--user", "a"}, "not a SQLite database"},
	}
	os.WriteFile(filepath.Join(dir, "text.db"), []byte("plain text, not a database at all....."), 0o600)
	for _, c := range cases {
		r := guichet(t, "long-enough-password\n", c.args...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: %+v, want %q", c.args, r, c.want)
		}
	}
	t.Setenv("GUICHET_UI_IDLE_LOCK", "soon")
	if r := guichet(t, "", "--db", filepath.Join(dir, "x.db"), "branches", "list"); r.code != 1 || !strings.Contains(r.stderr, "ui.idle_lock") {
		t.Errorf("bad configuration: %+v", r)
	}
}

func TestDemoSeedRefusesARealDatabase(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "real.db")
	if r := guichet(t, "admin-password-1\n", "--db", db, "init", "--password-stdin"); r.code != 0 {
		t.Fatal(r)
	}
	if r := guichet(t, "", "demo", "seed", "--db", db, "--members", "10"); r.code != 1 || !strings.Contains(r.stderr, "not a demo database") {
		t.Fatalf("demo seed on a real database: %+v", r)
	}
}
