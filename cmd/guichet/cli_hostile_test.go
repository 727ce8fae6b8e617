package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/cnops/guichet/internal/hostile"
)

// hostileReadOnlyAudit are the audit actions a refused command may still leave:
// its sign-in and the reads that led to the refusal.
const hostileReadOnlyAudit = `'auth.sign_in', 'auth.sign_in_failed', 'member.lookup', 'member.search', 'member.view',
	'change.list', 'change.view', 'pin.history', 'audit.verify'`

// openHostileDB opens the console's database beside the commands, to count.
func openHostileDB(t *testing.T, db string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// hostileConsoleState is what a refused command must leave as it found it.
func hostileConsoleState(t *testing.T, raw *sql.DB, db string) map[string]int {
	t.Helper()
	n := hostile.Counts(t, raw, "address_requests", "outbox", "documents", "pin_issues", "users", "branches", "members", "addresses")
	var writes, versions int
	if err := raw.QueryRow(`SELECT count(*) FROM audit WHERE action NOT IN (` + hostileReadOnlyAudit + `)`).Scan(&writes); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT coalesce(sum(version), 0) FROM members`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	n["audit writes"], n["member versions"] = writes, versions
	n["document files"] = hostile.FileCount(t, filepath.Join(filepath.Dir(db), "documents"))
	n["receipts"] = hostile.FileCount(t, filepath.Join(filepath.Dir(db), "receipts"))
	return n
}

// hostileRequestFlags are a valid address request's flags, for the cases that
// spoil one of them.
func hostileRequestFlags(cin string) map[string]any {
	return map[string]any{"line1": "7 Avenue Hassan II", "city": "Rabat", "postal-code": "10020",
		"registration-card-copy": true, "cin-copy": cin, "form-number": "F-1", "no-receipt": true}
}

// hostileArgs is a case's command line, the acting user and database added.
func hostileArgs(t *testing.T, c hostile.CLICase, db string, vars map[string]string) []string {
	t.Helper()
	var args []string
	switch c.Base {
	case "":
		args = slices.Clone(c.Args)
	case "request":
		args = []string{"address", "request", "{{regno}}"}
		flags := hostileRequestFlags("{{cin}}")
		for k, v := range c.Flags {
			if v == nil {
				delete(flags, k)
			} else {
				flags[k] = v
			}
		}
		names := make([]string, 0, len(flags))
		for k := range flags {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			switch v := flags[k].(type) {
			case bool:
				args = append(args, "--"+k)
			case string:
				args = append(args, "--"+k, v)
			}
		}
	default:
		t.Fatalf("%s: base %q", c.Name, c.Base)
	}
	for i, a := range args {
		args[i] = hostile.Expand(t, a, vars)
	}
	if !slices.Contains(args, "--db") {
		args = append([]string{"--db", db}, args...)
	}
	if c.As != "" {
		args = append(args, "--user", c.As)
	}
	return args
}

// Every hostile command line of the corpus is refused naming its field,
// stores nothing (no request, outbox entry, document, receipt or audit
// entry beyond the sign-in and the reads), prints no control sequence, and
// never panics; and so does a hostile scan path given with --scan.
func TestHostileCommandLines(t *testing.T) {
	db, ms := addressFixture(t)
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GUICHET_PASSWORD", demoPasswords["agent"])
	r := guichet(t, "", "--db", db, "address", "request", ms[1].regno, "--line1", "7 Avenue Hassan II", "--city", "Rabat",
		"--postal-code", "10020", "--registration-card-copy", "--cin-copy", ms[1].cin, "--form-number", "F-9",
		"--no-receipt", "--user", "agent", "--json")
	pending := pendingRefOf(t, db, ms[1].regno)
	if r.code != 0 || pending == "" {
		t.Fatalf("a pending request to decide: %+v", r)
	}
	vars := map[string]string{"tmp": dir, "regno": ms[0].regno, "cin": ms[0].cin, "pending": pending}
	raw := openHostileDB(t, db)
	ran := 0
	for _, c := range hostile.Load[hostile.CLICase](t, "cli.json") {
		if c.Program != "guichet" {
			continue
		}
		ran++
		t.Run(c.Name, func(t *testing.T) {
			for name, body := range c.Files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(hostile.Expand(t, body, vars)), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if c.As != "" {
				t.Setenv("GUICHET_PASSWORD", demoPasswords[c.As])
			}
			for k, v := range c.Env {
				t.Setenv(k, hostile.Expand(t, v, vars))
			}
			before := hostileConsoleState(t, raw, db)
			r := guichet(t, hostile.Expand(t, c.Stdin, vars), hostileArgs(t, c, db, vars)...)
			hostile.CheckCLIRefusal(t, c.Case, c.Key, r.code, r.stdout, r.stderr)
			sameHostileCounts(t, before, hostileConsoleState(t, raw, db))
		})
	}
	if ran == 0 {
		t.Fatal("no command line case for guichet")
	}

	// The scan paths, as --scan gives them.
	t.Setenv("GUICHET_PASSWORD", demoPasswords["agent"])
	t.Setenv("GUICHET_DOCUMENTS_SCAN_MAX_MB", "1")
	scans := filepath.Join(dir, "scans")
	if err := os.Mkdir(scans, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range hostile.Load[hostile.ScanCase](t, "scans.json") {
		if !c.CLI {
			continue
		}
		path := hostile.MakeScanPath(t, scans, c.Make, c.Path, c.Target, c.Content)
		before := hostileConsoleState(t, raw, db)
		args := hostileArgs(t, hostile.CLICase{Base: "request", Flags: map[string]any{"scan": path}, As: "agent"}, db, vars)
		done := make(chan result, 1)
		go func() { done <- guichet(t, "", args...) }()
		select {
		case r := <-done:
			hostile.CheckCLIRefusal(t, c.Case, c.Key, r.code, r.stdout, r.stderr)
		case <-time.After(5 * time.Second):
			t.Fatalf("--scan %s: still waiting after 5 s: the command hangs", c.Name)
		}
		sameHostileCounts(t, before, hostileConsoleState(t, raw, db))
	}
}

// pendingRefOf is the reference of a member's pending request ("" when none).
func pendingRefOf(t *testing.T, db, regno string) string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var ref string
	raw.QueryRow(`SELECT r.ref FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE m.regno = ? AND r.state = 'pending'`, regno).Scan(&ref)
	return ref
}

func sameHostileCounts(t *testing.T, before, after map[string]int) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s went from %d to %d: a refused command stored something", k, v, after[k])
		}
	}
}
