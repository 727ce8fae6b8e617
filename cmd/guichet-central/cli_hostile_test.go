package main

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cnops/guichet/internal/hostile"
)

// centreState is what a refused command must leave as it found it.
func centreState(t *testing.T, db string) map[string]int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	n := hostile.Counts(t, raw, "devices", "accounts", "branches", "portal_clients", "feed", "members", "addresses")
	var revoked int
	if err := raw.QueryRow(`SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL AND revoked_at != ''`).Scan(&revoked); err != nil {
		t.Fatal(err)
	}
	n["revoked devices"] = revoked
	return n
}

// Every hostile command line of the corpus for the centre is refused
// naming its field, stores nothing, prints no control sequence and never
// panics.
func TestHostileCentreCommandLines(t *testing.T) {
	db := withBranch(t)
	dir := filepath.Dir(db)
	vars := map[string]string{"tmp": dir}
	ran := 0
	for _, c := range hostile.Load[hostile.CLICase](t, "cli.json") {
		if c.Program != "guichet-central" {
			continue
		}
		ran++
		args := make([]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = hostile.Expand(t, a, vars)
		}
		if !slices.Contains(args, "--db") {
			args = append([]string{"--db", db}, args...)
		}
		before := centreState(t, db)
		r := centralCmd(t, hostile.Expand(t, c.Stdin, vars), args...)
		hostile.CheckCLIRefusal(t, c.Case, c.Key, r.code, r.stdout, r.stderr)
		after := centreState(t, db)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("%s: %s went from %d to %d: a refused command stored something", c.Name, k, v, after[k])
			}
		}
	}
	if ran == 0 {
		t.Fatal("no command line case for guichet-central")
	}
}

// Every hostile configuration value of the corpus for the centre stops
// its loader with an error naming the key (or the file).
func TestHostileCentreConfiguration(t *testing.T) {
	n := hostile.RunConfigCases(t, hostile.Loader{
		Program: "guichet-central",
		EnvName: centralSpec.EnvName,
		Load: func(file string) error {
			_, err := loadConfig(file, nil)
			return err
		},
		Isolate: isolate,
	})
	if n == 0 {
		t.Fatal("no configuration case for guichet-central")
	}
}
