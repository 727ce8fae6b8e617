package main

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
)

// `privacy access-log` lists who searched for and viewed the member, with
// UTC times in JSON and a table in text; agents may not run it, a bad
// number names the field, and data from the database is sanitised.
func TestPrivacyAccessLog(t *testing.T) {
	db, regno, cin := seeded(t)
	if r := as(t, db, "agent", "members", "search", cin); r.code != 0 {
		t.Fatalf("search: %+v", r)
	}
	if r := as(t, db, "agent", "members", "show", regno); r.code != 0 {
		t.Fatalf("show: %+v", r)
	}
	r := as(t, db, "supervisor", "privacy", "access-log", regno, "--json")
	var log []cli.AccessLine
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &log) != nil {
		t.Fatalf("access-log --json: %+v", r)
	}
	// show looks the member up first (a lookup that showed them), then
	// opens the file.
	kinds := []string{}
	for _, l := range log {
		if l.Actor != "agent" || l.DeviceID == "" || !strings.HasSuffix(l.At, "Z") {
			t.Errorf("line %+v", l)
		}
		if _, err := time.Parse(time.RFC3339Nano, l.At); err != nil {
			t.Errorf("time %q: %v", l.At, err)
		}
		kinds = append(kinds, l.Access+" "+l.Action)
	}
	if want := "searched member.search,searched member.lookup,viewed member.view"; strings.Join(kinds, ",") != want {
		t.Errorf("accesses %v, want %s", kinds, want)
	}

	r = as(t, db, "admin", "privacy", "access-log", regno)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "WHEN") || !strings.Contains(r.stdout, "access log consulted") ||
		!strings.Contains(r.stdout, "Accesses: 4.") {
		t.Errorf("access-log text: %+v", r)
	}
	if r := as(t, db, "agent", "privacy", "access-log", regno); r.code != 1 || r.stdout != "" {
		t.Errorf("an agent read an access log: %+v", r)
	}
	for _, bad := range []string{"12AB", "999999999999"} {
		if r := as(t, db, "supervisor", "privacy", "access-log", bad); r.code != 1 || !strings.Contains(r.stderr, "Registration number:") {
			t.Errorf("access-log %q: %+v", bad, r)
		}
	}
}

// The actor's name comes from the database: escape sequences in it never
// reach the terminal.
func TestPrivacyAccessLogIsSanitised(t *testing.T) {
	db, regno, _ := seeded(t)
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO audit (seq, at, device_id, actor, action, subject, detail, prev_hash, hash)
		SELECT coalesce(max(seq), 0) + 1, '2026-01-01T00:00:00Z', 'dev', char(27) || '[31mmallory', 'member.view', ?, '', '', ''
		FROM audit`, regno); err != nil {
		t.Fatal(err)
	}
	r := as(t, db, "supervisor", "privacy", "access-log", regno)
	if r.code != 0 || strings.ContainsRune(r.stdout, '\x1b') || !strings.Contains(r.stdout, "mallory") {
		t.Errorf("access-log with a hostile actor: %+v", r)
	}
}

// The CIN in full and the long-term illness status are in the member file
// (text and JSON) and in no other output: search results, the request
// recorded, decided, listed, shown and exported, the PIN history, the
// access log.
func TestCINAndHealthDataStayInTheMemberFile(t *testing.T) {
	db, ms := addressFixture(t)
	m := ms[0]
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE members SET long_term_illness = 1 WHERE regno = ?`, m.regno); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	file := as(t, db, "agent", "members", "show", m.regno)
	var fileJSON memberJSON
	if r := as(t, db, "agent", "members", "show", m.regno, "--json"); r.code != 0 || json.Unmarshal([]byte(r.stdout), &fileJSON) != nil ||
		fileJSON.CIN != m.cin || !fileJSON.LongTermIllness {
		t.Fatalf("members show --json: %+v", r)
	}
	if file.code != 0 || !strings.Contains(file.stdout, m.cin) || !strings.Contains(file.stdout, "Long-term illness: yes (ALD)") {
		t.Fatalf("members show: %+v", file)
	}

	req, r := request(t, db, "agent", m)
	if r.code != 0 {
		t.Fatalf("address request: %+v", r)
	}
	outputs := map[string]result{"address request": r}
	run := func(name, user string, args ...string) {
		t.Helper()
		r := as(t, db, user, args...)
		if r.code != 0 {
			t.Fatalf("%s: %+v", name, r)
		}
		outputs[name] = r
	}
	// By registration number: a search by CIN echoes the query typed.
	run("members search", "agent", "members", "search", m.regno)
	run("members search --json", "agent", "members", "search", m.regno, "--json")
	run("address list", "supervisor", "address", "list")
	run("address list --json", "supervisor", "address", "list", "--json")
	run("address show", "supervisor", "address", "show", req.Reference)
	run("address show --json", "supervisor", "address", "show", req.Reference, "--json")
	run("address approve", "supervisor", "address", "approve", req.Reference, "--json")
	day := time.Now().Format(time.DateOnly)
	run("address export", "supervisor", "address", "export", "--from", day, "--to", day)
	run("pin history", "agent", "pin", "history", m.regno)
	run("pin history --json", "agent", "pin", "history", m.regno, "--json")
	run("privacy access-log", "supervisor", "privacy", "access-log", m.regno, "--json")
	if !strings.Contains(outputs["address export"].stdout, req.Reference) {
		t.Fatalf("the export lacks the request: %s", outputs["address export"].stdout)
	}
	for name, r := range outputs {
		out := strings.ToUpper(r.stdout)
		if strings.Contains(out, strings.ToUpper(m.cin)) {
			t.Errorf("%s shows the CIN in full:\n%s", name, r.stdout)
		}
		if strings.Contains(out, "ILLNESS") || strings.Contains(out, "(ALD)") {
			t.Errorf("%s shows the long-term illness status:\n%s", name, r.stdout)
		}
	}
	if !strings.Contains(outputs["members search"].stdout, domain.MaskCIN(m.cin)) {
		t.Errorf("search results lack the masked CIN:\n%s", outputs["members search"].stdout)
	}
}
