package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

const (
	cliAdminPW = "admin-password-1"
	cliAgentPW = "agent-password-1"
	cliSuperPW = "super-password-1"
)

// accountsDB is a standalone database with the admin "admin", the agent
// "amina" and the supervisor "sara" of branch RAB01.
func accountsDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(isolate(t), "g.db")
	if r := guichet(t, cliAdminPW+"\n", "--db", db, "init", "--password-stdin"); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	t.Setenv("GUICHET_PASSWORD", cliAdminPW)
	if r := guichet(t, "", "--db", db, "branches", "add", "RAB01", "--name", "Rabat Agdal", "--city", "Rabat",
		"--region", "Rabat-Salé-Kénitra", "--user", "admin"); r.code != 0 {
		t.Fatalf("branches add: %+v", r)
	}
	for _, u := range [][3]string{{"amina", "agent", cliAgentPW}, {"sara", "supervisor", cliSuperPW}} {
		if r := guichet(t, u[2]+"\n", "--db", db, "users", "add", u[0], "--name", u[0], "--role", u[1],
			"--branch", "RAB01", "--user", "admin", "--password-stdin"); r.code != 0 {
			t.Fatalf("users add %s: %+v", u[0], r)
		}
	}
	return db
}

// runAs runs a command as user with password pw in GUICHET_PASSWORD.
func runAs(t *testing.T, db, user, pw, stdin string, args ...string) result {
	t.Helper()
	t.Setenv("GUICHET_PASSWORD", pw)
	return guichet(t, stdin, append(append([]string{"--db", db}, args...), "--user", user)...)
}

func expectFailure(t *testing.T, what string, r result, code int, stderr string) {
	t.Helper()
	if r.code != code || !strings.Contains(r.stderr, stderr) {
		t.Errorf("%s: got %+v, want exit %d and %q", what, r, code, stderr)
	}
}

func TestUsersDisable(t *testing.T) {
	db := accountsDB(t)
	expectFailure(t, "agent disabling", runAs(t, db, "amina", cliAgentPW, "", "users", "disable", "sara"), 1, "role does not allow")
	expectFailure(t, "unknown account", runAs(t, db, "admin", cliAdminPW, "", "users", "disable", "nobody"), 1, "No such account")
	expectFailure(t, "own account", runAs(t, db, "admin", cliAdminPW, "", "users", "disable", "admin"), 1, "cannot disable your own")
	r := runAs(t, db, "admin", cliAdminPW, "", "users", "disable", "amina")
	if r.code != 0 || !strings.Contains(r.stdout, "Disabled amina.") {
		t.Fatalf("disable: %+v", r)
	}
	expectFailure(t, "disabled agent", runAs(t, db, "amina", cliAgentPW, "", "passwd"), 1, "disabled")
	if r := runAs(t, db, "admin", cliAdminPW, "", "users", "list"); !strings.Contains(r.stdout, "disabled") {
		t.Errorf("list: %+v", r)
	}
}

func TestUsersLockoutThenUnlock(t *testing.T) {
	db := accountsDB(t)
	for i := 0; i < 5; i++ {
		runAs(t, db, "amina", "wrong-password", "", "users", "unlock", "sara")
	}
	expectFailure(t, "locked", runAs(t, db, "amina", cliAgentPW, "", "users", "unlock", "sara"), 1, "locked")
	if r := runAs(t, db, "admin", cliAdminPW, "", "users", "list"); !strings.Contains(r.stdout, "locked") {
		t.Errorf("list: %+v", r)
	}
	expectFailure(t, "unknown account", runAs(t, db, "sara", cliSuperPW, "", "users", "unlock", "nobody"), 1, "No such account")
	r := runAs(t, db, "sara", cliSuperPW, "", "users", "unlock", "amina")
	if r.code != 0 || !strings.Contains(r.stdout, "Unlocked amina") {
		t.Fatalf("supervisor unlock: %+v", r)
	}
	// Signed in again, the agent may not unlock anyone.
	expectFailure(t, "agent unlocking", runAs(t, db, "amina", cliAgentPW, "", "users", "unlock", "sara"), 1, "role does not allow")
}

func TestUsersResetPasswordThenPasswd(t *testing.T) {
	db := accountsDB(t)
	const temporary, chosen = "temporary-pass-1", "chosen-password-1"
	expectFailure(t, "agent resetting", runAs(t, db, "amina", cliAgentPW, temporary+"\n", "users", "reset-password", "sara", "--password-stdin"),
		1, "role does not allow")
	expectFailure(t, "unknown account", runAs(t, db, "admin", cliAdminPW, temporary+"\n", "users", "reset-password", "nobody", "--password-stdin"),
		1, "No such account")
	expectFailure(t, "short password", runAs(t, db, "admin", cliAdminPW, "short\n", "users", "reset-password", "amina", "--password-stdin"),
		1, "Password: must be at least 10")
	r := runAs(t, db, "admin", cliAdminPW, temporary+"\n", "users", "reset-password", "amina", "--password-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "must change it") {
		t.Fatalf("reset: %+v", r)
	}
	if r := runAs(t, db, "admin", cliAdminPW, "", "users", "list"); !strings.Contains(r.stdout, "must change password") {
		t.Errorf("list: %+v", r)
	}
	expectFailure(t, "old password", runAs(t, db, "amina", cliAgentPW, "", "members", "show", "123456789"), 1, "Wrong username or password")
	// Until the change, every other command says how to get out.
	for _, args := range [][]string{{"members", "show", "123456789"}, {"address", "list"}, {"branches", "list"}} {
		expectFailure(t, args[0]+" before the change", runAs(t, db, "amina", temporary, "", args...),
			1, "run `guichet passwd --user amina`")
	}

	expectFailure(t, "passwd keeping it", runAs(t, db, "amina", temporary, temporary+"\n", "passwd", "--password-stdin"), 1, "must differ")
	expectFailure(t, "passwd too short", runAs(t, db, "amina", temporary, "short\n", "passwd", "--password-stdin"), 1, "at least 10")
	expectFailure(t, "passwd wrong current", runAs(t, db, "amina", "not-it-at-all", chosen+"\n", "passwd", "--password-stdin"), 1, "Wrong username or password")
	expectFailure(t, "passwd without --user", guichet(t, chosen+"\n", "--db", db, "passwd", "--password-stdin"), 2, "--user")
	r = runAs(t, db, "amina", temporary, chosen+"\n", "passwd", "--password-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "Password changed for amina.") {
		t.Fatalf("passwd: %+v", r)
	}
	expectFailure(t, "command after the change", runAs(t, db, "amina", chosen, "", "members", "show", "123456789"), 1, "No such member")
	if n := countRows(t, db, `SELECT count(*) FROM outbox`); n != 0 {
		t.Errorf("a standalone console queued %d entries", n)
	}
}

func TestProvisionedConsoleAccounts(t *testing.T) {
	db := accountsDB(t)
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	// As `guichet provision` leaves it (the centre is never reached here).
	if _, err := raw.Exec(`INSERT INTO meta (key, value) VALUES ('central_url', 'http://127.0.0.1:9'),
		('device_token', 'test-token'), ('branch', 'RAB01')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	const chosen = "chosen-password-1"
	for _, args := range [][]string{
		{"users", "add", "nadia", "--name", "Nadia", "--branch", "RAB01", "--password-stdin"},
		{"users", "disable", "amina"},
		{"users", "reset-password", "amina", "--password-stdin"},
	} {
		expectFailure(t, strings.Join(args[:2], " "), runAs(t, db, "admin", cliAdminPW, chosen+"\n", args...), 1, "managed by the centre")
	}
	if r := runAs(t, db, "admin", cliAdminPW, "", "users", "list"); r.code != 0 || !strings.Contains(r.stdout, "amina") {
		t.Errorf("list: %+v", r)
	}
	if r := runAs(t, db, "sara", cliSuperPW, "", "users", "unlock", "amina"); r.code != 0 {
		t.Errorf("unlock: %+v", r)
	}
	if r := runAs(t, db, "amina", cliAgentPW, chosen+"\n", "passwd", "--password-stdin"); r.code != 0 {
		t.Fatalf("passwd: %+v", r)
	}
	if n := countRows(t, db, `SELECT count(*) FROM outbox WHERE kind = 'account.password_changed'
		AND member_regno = 'user:amina' AND payload LIKE '%$argon2id$%' AND payload NOT LIKE '%`+chosen+`%'`); n != 1 {
		t.Errorf("outbox holds %d password entries for amina", n)
	}
	if r := runAs(t, db, "amina", chosen, "", "members", "show", "123456789"); !strings.Contains(r.stderr, "No such member") {
		t.Errorf("the new password does not sign in at once: %+v", r)
	}
}

func countRows(t *testing.T, db, q string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
