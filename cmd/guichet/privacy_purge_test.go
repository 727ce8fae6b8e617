package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// ageChain moves a database's whole audit chain back by `by` and hashes
// it again, as if it had been recorded then. It returns the number of
// entries.
func ageChain(t *testing.T, db string, by time.Duration) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT seq, at, device_id, actor, action, subject, detail FROM audit ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var chain []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.DeviceID, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			t.Fatal(err)
		}
		e.At, _ = sqlitedb.ParseTime(at)
		chain = append(chain, e)
	}
	rows.Close()
	prev := domain.GenesisHash
	for _, e := range chain {
		e.At, e.PrevHash = e.At.Add(-by), prev
		e.Hash = domain.AuditHash(e)
		prev = e.Hash
		if _, err := raw.Exec(`UPDATE audit SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?`,
			sqlitedb.FormatTime(e.At), e.PrevHash, e.Hash, e.Seq); err != nil {
			t.Fatal(err)
		}
	}
	return int64(len(chain))
}

// sqlOn runs one statement on a database file.
func sqlOn(t *testing.T, db, query string, args ...any) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

func countOn(t *testing.T, db, query string) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int64
	if err := raw.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type purgeOut struct {
	DryRun       bool            `json:"dry_run"`
	AuditEntries int64           `json:"audit_entries"`
	Documents    int             `json:"documents"`
	AuditEntry   int64           `json:"audit_entry"`
	Checkpoint   *checkpointJSON `json:"checkpoint"`
}

func TestPrivacyPurgeDryRunJSONAndVerify(t *testing.T) {
	db, _, _ := seeded(t)
	aged := ageChain(t, db, 400*24*time.Hour)
	sqlOn(t, db, `INSERT INTO meta (key, value) VALUES ('audit_shipped', ?)`, aged) // as if synced

	t.Setenv("GUICHET_PASSWORD", "demo-agent-pass")
	if r := guichet(t, "", "--db", db, "privacy", "purge", "--user", "agent"); r.code != 1 || !strings.Contains(r.stderr, "role does not allow") {
		t.Fatalf("an agent purging: %+v", r)
	}
	t.Setenv("GUICHET_PASSWORD", "demo-admin-pass")
	r := guichet(t, "", "--db", db, "privacy", "purge", "--dry-run", "--json", "--user", "admin")
	var out purgeOut
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &out) != nil || !out.DryRun || out.AuditEntries != aged ||
		out.Checkpoint != nil || out.AuditEntry != 0 {
		t.Fatalf("dry run: %+v %+v", r, out)
	}
	r = guichet(t, "", "--db", db, "privacy", "purge", "--dry-run", "--user", "admin")
	if r.code != 0 || !strings.Contains(r.stdout, "Dry run: nothing was purged") || !strings.Contains(r.stdout, "No checkpoint") {
		t.Fatalf("dry run as text: %+v", r)
	}

	r = guichet(t, "", "--db", db, "privacy", "purge", "--json", "--user", "admin")
	out = purgeOut{}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &out) != nil || out.DryRun || out.AuditEntries != aged ||
		out.Checkpoint == nil || out.Checkpoint.Seq != aged || out.Checkpoint.By != "admin" || out.AuditEntry <= aged {
		t.Fatalf("purge: %+v %+v", r, out)
	}

	r = guichet(t, "", "--db", db, "audit", "verify", "--json", "--user", "admin")
	var verified struct {
		Intact     bool            `json:"intact"`
		Checkpoint *checkpointJSON `json:"checkpoint"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &verified) != nil || !verified.Intact ||
		verified.Checkpoint == nil || verified.Checkpoint.Seq != aged {
		t.Fatalf("verify after the purge: %+v", r)
	}
	if r := guichet(t, "", "--db", db, "audit", "verify", "--user", "admin"); r.code != 0 || !strings.Contains(r.stdout, "Verified from the checkpoint") {
		t.Fatalf("verify as text: %+v", r)
	}

	if r := guichet(t, "", "--db", db, "doctor"); !strings.Contains(r.stdout, fmt.Sprintf("from the checkpoint after entry %d", aged)) {
		t.Errorf("doctor after the purge: %+v", r)
	}

	t.Setenv("GUICHET_UI_LANGUAGE", "fr")
	if r := guichet(t, "", "--db", db, "privacy", "purge", "--user", "admin"); r.code != 0 || !strings.Contains(r.stdout, "Rien n'est arrivé à échéance") ||
		!strings.Contains(r.stdout, "Point de reprise") {
		t.Fatalf("nothing left to purge, in French: %+v", r)
	}
	t.Setenv("GUICHET_UI_LANGUAGE", "")

	// A checkpoint changed alone fails verification (exit 3).
	sqlOn(t, db, `UPDATE audit_checkpoint SET purged = purged + 1`)
	if r := guichet(t, "", "--db", db, "audit", "verify", "--user", "admin"); r.code != 3 || !strings.Contains(r.stdout, "checkpoint") {
		t.Fatalf("a tampered checkpoint: %+v", r)
	}
	t.Setenv("GUICHET_RETENTION_AUDIT_DAYS", "-1")
	if r := guichet(t, "", "--db", db, "privacy", "purge", "--user", "admin"); r.code != 1 || !strings.Contains(r.stderr, "retention.audit_days") {
		t.Fatalf("a bad retention: %+v", r)
	}
}

// centreAlsoAged gives the centre's copy of a device's chain the aged
// console's hashes, as if the entries it holds had been recorded then.
func centreAlsoAged(t *testing.T, centreDB, consoleDB string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+consoleDB+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT seq, at, device_id, prev_hash, hash FROM audit ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var at, device, prev, hash string
		if err := rows.Scan(&seq, &at, &device, &prev, &hash); err != nil {
			t.Fatal(err)
		}
		when, _ := sqlitedb.ParseTime(at)
		sqlOn(t, centreDB+"?_pragma=busy_timeout(5000)", `UPDATE audit_records SET at = ?, prev_hash = ?, hash = ?
			WHERE device_id = ? AND seq = ?`, when.UTC().Format(time.RFC3339Nano), prev, hash, device, seq)
	}
}

// After a successful pass, `guichet sync` purges what the centre now
// holds; the purge's own entry reaches the centre next, and the centre's
// copy of the chain stays whole.
func TestSyncPurgesWhatTheCentreAcknowledged(t *testing.T) {
	dir := isolate(t)
	ctx := context.Background()
	app, srv, branch := loopbackCentreAt(t, dir, 20)
	centreDB := filepath.Join(dir, "centre.db")

	db := filepath.Join(dir, "a.db")
	if r := guichet(t, "", "provision", "--db", db, "--central", srv.URL, "--token-file",
		tokenFile(t, app, dir, "counter-a", branch)); r.code != 0 {
		t.Fatalf("provision: %+v", r)
	}
	aged := ageChain(t, db, 400*24*time.Hour)
	centreAlsoAged(t, centreDB, db)
	r := guichet(t, "", "--db", db, "sync", "--json")
	if out := syncJSONOf(t, r); r.code != 0 || out.Through != aged {
		t.Fatalf("the first pass ships the chain: %+v %+v", r, out)
	}
	if cp := countOn(t, db, `SELECT seq FROM audit_checkpoint`); cp != aged ||
		countOn(t, db, `SELECT count(*) FROM audit WHERE seq <= `+strconv.FormatInt(aged, 10)) != 0 {
		t.Fatalf("after the pass: checkpoint at %d, want %d, with the entries before it gone", cp, aged)
	}
	r = guichet(t, "", "--db", db, "sync", "--json")
	if out := syncJSONOf(t, r); r.code != 0 || out.Through != aged+1 {
		t.Fatalf("the next pass ships the purge's entry: %+v %+v", r, out)
	}
	if breaks, err := app.ChainBreaks(ctx); err != nil || len(breaks) != 0 {
		t.Errorf("the centre's copy of the chain: %+v %v", breaks, err)
	}
	if n := countOn(t, db, `SELECT count(*) FROM audit`); n != 1 {
		t.Errorf("%d entries left on the console, want the purge's own", n)
	}
}
