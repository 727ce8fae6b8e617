package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
)

type result struct {
	code           int
	stdout, stderr string
}

// centralCmd runs one command line in process, as the binary would.
func centralCmd(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// isolate runs the test in an empty folder with no GUICHET_CENTRAL_*
// variables and no user configuration.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	// English unless a test asks for French: the locale decides when
	// ui.language is unset.
	for _, k := range append([]string{centralSpec.EnvPrefix + "_CONFIG", "LC_ALL", "LC_MESSAGES", "LANG"}, settingEnvNames()...) {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return dir
}

func settingEnvNames() []string {
	var out []string
	for _, s := range centralSpec.Settings {
		out = append(out, centralSpec.EnvName(s.Key))
	}
	return out
}

// openCentre opens the database a command used, to check what it did.
func openCentre(t *testing.T, path string) *central.App {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	app := central.New(st, central.Options{})
	t.Cleanup(func() { app.Close() })
	return app
}

// withBranch is a fresh centre database holding branch RAB01.
func withBranch(t *testing.T) string {
	t.Helper()
	db := filepath.Join(isolate(t), "centre.db")
	if r := centralCmd(t, "", "--db", db, "branches", "add", "RAB01", "--name", "Rabat Agdal", "--city", "Rabat",
		"--region", "Rabat-Salé-Kénitra"); r.code != 0 {
		t.Fatalf("branches add: %+v", r)
	}
	return db
}

func TestDevicesAddListRevoke(t *testing.T) {
	db := withBranch(t)
	r := centralCmd(t, "", "--db", db, "devices", "add", "--name", "Rabat counter 1", "--branch", "RAB01")
	if r.code != 0 || !strings.Contains(r.stdout, "shown only this once") {
		t.Fatalf("devices add: %+v", r)
	}
	if r.stderr != "" {
		t.Errorf("an admin command's report is its output; no info log beside it: %q", r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	if len(token) != 43 { // 32 bytes, base64url without padding
		t.Fatalf("the last line must be the token, got %q", token)
	}
	var added deviceAddedJSON
	r = centralCmd(t, "", "--db", db, "devices", "add", "--name", "Rabat counter 2", "--branch", "RAB01", "--json")
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &added) != nil || added.Number != 2 || len(added.Token) != 43 || added.Token == token {
		t.Fatalf("devices add --json: %+v", r)
	}

	app := openCentre(t, db)
	dev, err := app.DeviceByToken(context.Background(), token)
	if err != nil || dev.Branch != "RAB01" || dev.Number != 1 || !strings.Contains(lines[0], dev.ID) {
		t.Fatalf("the printed token must authenticate the printed device: %+v %v", dev, err)
	}
	app.Close()

	r = centralCmd(t, "", "--db", db, "devices", "list")
	if r.code != 0 || !strings.Contains(r.stdout, dev.ID) || !strings.Contains(r.stdout, "Rabat counter 2") {
		t.Fatalf("devices list: %+v", r)
	}
	var listed []deviceJSON
	rj := centralCmd(t, "", "--db", db, "devices", "list", "--json")
	if rj.code != 0 || json.Unmarshal([]byte(rj.stdout), &listed) != nil || len(listed) != 2 || listed[0].RevokedAt != nil {
		t.Fatalf("devices list --json: %+v", rj)
	}
	for _, out := range []string{r.stdout, rj.stdout} {
		if strings.Contains(out, token) || strings.Contains(out, added.Token) {
			t.Fatal("a list must never show a token")
		}
	}

	if r := centralCmd(t, "", "--db", db, "devices", "revoke", dev.ID); r.code != 0 {
		t.Fatalf("devices revoke: %+v", r)
	}
	app = openCentre(t, db)
	if _, err := app.DeviceByToken(context.Background(), token); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("a revoked token must stop working: %v", err)
	}
	if _, err := app.DeviceByToken(context.Background(), added.Token); err != nil {
		t.Fatalf("the other device's token must go on working: %v", err)
	}
	app.Close()
	if r := centralCmd(t, "", "--db", db, "devices", "list"); !strings.Contains(r.stdout, "revoked") {
		t.Errorf("the list must show the revocation: %s", r.stdout)
	}

	if r := centralCmd(t, "", "--db", db, "devices", "revoke", "nonexistent\x1b[2J"); r.code != 1 || r.stderr != "guichet-central: no device nonexistent[2J\n" {
		t.Errorf("revoking an unknown device must name it, sanitised: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "devices", "add", "--name", "x", "--branch", "ZZZ99"); r.code != 1 || r.stdout != "" {
		t.Errorf("a device of an unknown branch: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "devices", "revoke"); r.code != 2 {
		t.Errorf("revoke without an id is a usage error: %+v", r)
	}
}

func TestUsersAddListDisableReset(t *testing.T) {
	db := withBranch(t)
	add := func(stdin string, args ...string) result {
		return centralCmd(t, stdin, append([]string{"--db", db, "users", "add"}, args...)...)
	}
	if r := add("agent-password-1\n", "amina", "--role", "agent", "--branch", "RAB01", "--display-name", "Amina Berrada", "--password-stdin"); r.code != 0 {
		t.Fatalf("users add: %+v", r)
	}
	if r := add("short\n", "karim", "--role", "supervisor", "--branch", "RAB01", "--display-name", "Karim", "--password-stdin"); r.code != 1 || !strings.Contains(strings.ToLower(r.stderr), "password") {
		t.Errorf("a short password must be refused naming the field: %+v", r)
	}
	if r := add("long-enough-pass\n", "karim", "--role", "chief", "--branch", "RAB01", "--display-name", "Karim", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "Role") {
		t.Errorf("a bad role must be refused naming the field: %+v", r)
	}
	if r := add("", "karim", "--role", "agent", "--branch", "RAB01", "--display-name", "Karim"); r.code != 2 {
		t.Errorf("no password and no terminal is a usage error: %+v", r)
	}
	if r := add("agent-password-1\n", "amina", "--role", "agent", "--branch", "RAB01", "--display-name", "Again", "--password-stdin"); r.code != 1 {
		t.Errorf("a second amina: %+v", r)
	}

	list := func() map[string]userJSON {
		t.Helper()
		r := centralCmd(t, "", "--db", db, "users", "list", "--json")
		var users []userJSON
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &users) != nil {
			t.Fatalf("users list: %+v", r)
		}
		if strings.Contains(r.stdout, "argon2") {
			t.Fatal("a list must never show a password hash")
		}
		out := map[string]userJSON{}
		for _, u := range users {
			out[u.Username] = u
		}
		return out
	}
	if u := list()["amina"]; u.Role != "agent" || u.Branch != "RAB01" || u.Disabled || u.MustChangePassword || u.DisplayName != "Amina Berrada" {
		t.Fatalf("amina: %+v", u)
	}
	if r := centralCmd(t, "new-password-22\n", "--db", db, "users", "reset-password", "amina", "--password-stdin"); r.code != 0 {
		t.Fatalf("reset-password: %+v", r)
	}
	if u := list()["amina"]; !u.MustChangePassword {
		t.Fatalf("after a reset the user must change the password: %+v", u)
	}
	if r := centralCmd(t, "", "--db", db, "users", "disable", "amina"); r.code != 0 {
		t.Fatalf("disable: %+v", r)
	}
	if u := list()["amina"]; !u.Disabled {
		t.Fatalf("amina must be disabled: %+v", u)
	}
	if r := centralCmd(t, "", "--db", db, "users", "list"); r.code != 0 || !strings.Contains(r.stdout, "disabled") {
		t.Errorf("users list: %+v", r)
	}
	if r := centralCmd(t, "new-password-22\n", "--db", db, "users", "reset-password", "nobody", "--password-stdin"); r.code != 1 || r.stderr != "guichet-central: no account nobody\n" {
		t.Errorf("resetting an unknown user must name it: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "users", "disable", "nobody"); r.code != 1 || r.stderr != "guichet-central: no account nobody\n" {
		t.Errorf("disabling an unknown user must name it: %+v", r)
	}
}

func TestBranchesAndAuditBreaks(t *testing.T) {
	db := withBranch(t)
	if r := centralCmd(t, "", "--db", db, "branches", "add", "RAB01", "--name", "Again", "--city", "Rabat", "--region", "R"); r.code != 1 {
		t.Errorf("a second RAB01: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "branches", "add", "CAS01", "--city", "Casablanca", "--region", "Casablanca-Settat"); r.code != 1 {
		t.Errorf("a branch without a name: %+v", r)
	}
	r := centralCmd(t, "", "--db", db, "branches", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "RAB01") || !strings.Contains(r.stdout, "Rabat Agdal") || strings.Contains(r.stdout, "CAS01") {
		t.Fatalf("branches list: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "audit", "breaks"); r.code != 0 || !strings.Contains(r.stdout, "verifies") {
		t.Errorf("audit breaks on a sound centre: %+v", r)
	}
}

func TestDemoSeedFillsAnEmptyCentreOnly(t *testing.T) {
	db := filepath.Join(isolate(t), "demo-centre.db")
	if r := centralCmd(t, "", "--db", db, "demo", "seed", "--members", "30"); r.code != 0 || !strings.Contains(r.stdout, "30 members") {
		t.Fatalf("demo seed: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "users", "list"); r.code != 0 || !strings.Contains(r.stdout, "agent") || !strings.Contains(r.stdout, "supervisor") {
		t.Errorf("the demo accounts: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "demo", "seed", "--members", "30"); r.code != 1 || !strings.Contains(r.stderr, "already has members") {
		t.Errorf("a second seed must be refused: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "demo", "seed", "--members", "0"); r.code != 2 {
		t.Errorf("--members 0: %+v", r)
	}
}

// syncBuffer is an output written by the server's goroutines while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
