package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

func sha256Of(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Backup writes a new 0600 file whose SHA-256 it prints and never
// overwrites one; restore refuses a database in place without --force,
// a database in use even with it, and anything that is not a sound
// console database; --force keeps the replaced database.
func TestBackupAndRestoreRefuseWhatTheyShould(t *testing.T) {
	db, _, _ := seeded(t)
	dir := filepath.Dir(db)
	copyPath := filepath.Join(dir, "copy.db")
	r := guichet(t, "", "--db", db, "backup", "--to", copyPath)
	if r.code != 0 || !strings.Contains(r.stdout, "SHA-256 "+sha256Of(t, copyPath)) {
		t.Fatalf("backup: %+v", r)
	}
	if st, err := os.Stat(copyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the copy's mode: %v %v", st, err)
	}
	sum := sha256Of(t, copyPath)
	if r := guichet(t, "", "--db", db, "backup", "--to", copyPath); r.code != 1 || !strings.Contains(r.stderr, "already exists") ||
		sha256Of(t, copyPath) != sum {
		t.Fatalf("a backup over an existing file: %+v", r)
	}
	if r := guichet(t, "", "--db", db, "backup"); r.code != 2 {
		t.Fatalf("no --to: %+v", r)
	}

	target := filepath.Join(dir, "restored.db")
	if r := guichet(t, "", "--db", target, "restore", "--from", copyPath); r.code != 0 || sha256Of(t, target) != sum ||
		!strings.Contains(r.stdout, "0 entries wait for the centre") {
		t.Fatalf("restore into a free path: %+v", r)
	}
	if r := guichet(t, "", "--db", target, "restore", "--from", copyPath); r.code != 1 || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("restore over a database: %+v", r)
	}

	// The console running on it: refused, nothing moved.
	open, err := store.Open(context.Background(), target, store.MustExist)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := open.Counts(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = guichet(t, "", "--db", target, "restore", "--from", copyPath, "--force")
	open.Close()
	if asides, _ := filepath.Glob(target + ".before-restore-*"); r.code != 1 || !strings.Contains(r.stderr, "console running") || len(asides) != 0 {
		t.Fatalf("restore over a database in use: %+v, moved %v", r, asides)
	}

	// --force keeps the replaced database, journals and all.
	raw, err := sql.Open("sqlite", "file:"+target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO meta (key, value) VALUES ('marker', 'replaced')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	r = guichet(t, "", "--db", target, "restore", "--from", copyPath, "--force", "--json")
	var rep restoreReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || rep.Aside == "" || rep.SHA256 != sum {
		t.Fatalf("restore --force: %+v %+v", r, rep)
	}
	if sha256Of(t, target) != sum {
		t.Fatal("the restored database is not the backup")
	}
	aside, err := sql.Open("sqlite", "file:"+rep.Aside+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var marker string
	err = aside.QueryRow(`SELECT value FROM meta WHERE key = 'marker'`).Scan(&marker)
	aside.Close()
	if err != nil || marker != "replaced" {
		t.Fatalf("the database moved aside lost its last write: %q %v", marker, err)
	}

	// What is not a sound console database is refused before anything moves.
	foreign := filepath.Join(dir, "foreign.db")
	raw, _ = sql.Open("sqlite", "file:"+foreign)
	raw.Exec(`CREATE TABLE goose_db_version (id INTEGER, version_id INTEGER, is_applied INTEGER); CREATE TABLE notes (x)`)
	raw.Close()
	damaged := filepath.Join(dir, "damaged.db")
	copyFile(t, copyPath, damaged)
	f, _ := os.OpenFile(damaged, os.O_RDWR, 0)
	f.WriteAt([]byte(strings.Repeat("\xff", 4096)), 16384)
	f.Close()
	for from, why := range map[string]string{foreign: "not a Guichet database", damaged: "integrity check",
		filepath.Join(dir, "none.db"): "no database"} {
		r := guichet(t, "", "--db", target, "restore", "--from", from, "--force")
		if r.code != 1 || !strings.Contains(r.stderr, why) || sha256Of(t, target) != sum {
			t.Errorf("restore from %s: %+v", filepath.Base(from), r)
		}
	}
	// The usual reason for a restore: the database in place is damaged.
	f, _ = os.OpenFile(target, os.O_RDWR, 0)
	f.WriteAt([]byte("XQLite"), 0)
	f.Close()
	if r := guichet(t, "", "--db", target, "restore", "--from", copyPath, "--force"); r.code != 0 ||
		!strings.Contains(r.stdout, "could not be read") || sha256Of(t, target) != sum {
		t.Fatalf("restore over a damaged database: %+v", r)
	}
	if r := guichet(t, "", "--db", target, "restore"); r.code != 2 {
		t.Fatalf("no --from: %+v", r)
	}
}

type passJSON struct {
	Pushed    int `json:"pushed"`
	Applied   int `json:"applied"`
	Duplicate int `json:"duplicate"`
	SetAside  int `json:"set_aside"`
}

func syncPass(t *testing.T, db string) passJSON {
	t.Helper()
	r := guichet(t, "", "--db", db, "sync", "--json")
	var p passJSON
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || r.code != 0 {
		t.Fatalf("sync: %+v %v", r, err)
	}
	return p
}

func restoreJSON(t *testing.T, db, from string, force bool) restoreReport {
	t.Helper()
	args := []string{"--db", db, "restore", "--from", from, "--json"}
	if force {
		args = append(args, "--force")
	}
	r := guichet(t, "", args...)
	var rep restoreReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("restore: %+v %v", r, err)
	}
	return rep
}

// The laptop with unsynced work, against a real centre: the backup's
// outbox comes back with the restore and each entry reaches the centre
// once. An entry delivered after the backup is sent again and answered
// as a duplicate (its idempotency key), never applied twice; restore
// says what the replaced database holds that the backup lacks, and
// where the centre will see the audit chain fork.
func TestARestoredLaptopDeliversItsOutboxOnce(t *testing.T) {
	dir := isolate(t)
	app, srv, home := loopbackCentreAt(t, t.TempDir(), 200) // enough active members in the home branch
	a := filepath.Join(dir, "laptop.db")
	if r := guichet(t, "", "provision", "--db", a, "--central", srv.URL, "--token-file", tokenFile(t, app, dir, "laptop", home)); r.code != 0 {
		t.Fatalf("provision: %+v", r)
	}
	ms := seededMembers(t, a, 6, `SELECT regno, cin FROM members WHERE status = 'active' ORDER BY id`)
	record := func(m member) {
		t.Helper()
		if r := as(t, a, "agent", append([]string{"address", "request", m.regno}, goodAddress(m)...)...); r.code != 0 {
			t.Fatalf("request for %s: %+v", m.regno, r)
		}
	}
	backup := func(name string) string {
		t.Helper()
		to := filepath.Join(dir, name)
		if r := guichet(t, "", "--db", a, "backup", "--to", to); r.code != 0 {
			t.Fatalf("backup: %+v", r)
		}
		return to
	}
	centre := func(applied, duplicate uint64) {
		t.Helper()
		c := app.Counters().Entries
		if c[wire.StatusApplied] != applied || c[wire.StatusDuplicate] != duplicate {
			t.Fatalf("the centre counted %d applied, %d duplicate; want %d, %d", c[wire.StatusApplied], c[wire.StatusDuplicate], applied, duplicate)
		}
	}

	// Recorded, backed up, delivered; then the backup restored: its entry
	// is pending again and the centre answers it as a duplicate.
	record(ms[0])
	b1 := backup("b1.db")
	if p := syncPass(t, a); p.Applied != 1 {
		t.Fatalf("first delivery: %+v", p)
	}
	r := guichet(t, "", "--db", a, "restore", "--from", b1, "--force")
	if r.code != 0 || !strings.Contains(r.stdout, "1 entries wait for the centre") || !strings.Contains(r.stdout, "duplicate by its idempotency key") ||
		strings.Contains(r.stdout, "WARNING") || strings.Contains(r.stdout, "break at entry") {
		t.Fatalf("restore after the delivery: %+v", r)
	}
	if p := syncPass(t, a); p.Pushed != 1 || p.Duplicate != 1 || p.Applied != 0 {
		t.Fatalf("the restored entry sent again: %+v", p)
	}
	centre(1, 1)

	// Work after the backup that reached the centre: the restore predicts
	// the audit chain's fork, and the centre records it there.
	record(ms[1])
	b2 := backup("b2.db")
	record(ms[2])
	if p := syncPass(t, a); p.Applied != 2 {
		t.Fatalf("second delivery: %+v", p)
	}
	rep := restoreJSON(t, a, b2, true)
	if rep.Pending != 1 || rep.Lost != 0 || rep.AuditForkAt == 0 || rep.CentreHolds < rep.AuditForkAt {
		t.Fatalf("restore of b2: %+v", rep)
	}
	if p := syncPass(t, a); p.Duplicate != 1 || p.Applied != 0 {
		t.Fatalf("b2's entry sent again: %+v", p)
	}
	record(ms[3])
	if p := syncPass(t, a); p.Applied != 1 {
		t.Fatalf("work after the restore: %+v", p)
	}
	centre(4, 2)
	breaks, err := app.ChainBreaks(context.Background())
	if err != nil || len(breaks) == 0 || breaks[0].Seq != rep.AuditForkAt || breaks[0].Reason != "resent_differs" {
		t.Fatalf("the centre's record of the fork: %+v %v (restore predicted entry %d)", breaks, err, rep.AuditForkAt)
	}

	// Work after the backup that never reached the centre: the restore
	// names it, kept in the database moved aside.
	record(ms[4])
	b3 := backup("b3.db")
	record(ms[5])
	rep = restoreJSON(t, a, b3, true)
	if rep.Pending != 1 || rep.Lost != 1 {
		t.Fatalf("restore over undelivered work: %+v", rep)
	}

	// The laptop's disk replaced: restored into an empty place, the
	// backup's entry is delivered once.
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(a + s)
	}
	if rep := restoreJSON(t, a, b3, false); rep.Aside != "" || rep.Pending != 1 {
		t.Fatalf("restore on a new disk: %+v", rep)
	}
	if p := syncPass(t, a); p.Applied != 1 {
		t.Fatalf("b3's entry: %+v", p)
	}
	if p := syncPass(t, a); p.Pushed != 0 {
		t.Fatalf("nothing more to send: %+v", p)
	}
	centre(5, 2)
}
