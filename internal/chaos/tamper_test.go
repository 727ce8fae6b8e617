package chaos

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkTheChecks proves that the checks can fail: it copies the settled
// world's databases, breaks one invariant of each kind in the copies (an
// acknowledged request lost at the centre, a reissue applied twice, a
// version bumped twice, the centre's copy of the audit chain cut short,
// an entry left undelivered, a scan lost) and requires a finding for
// each.
func checkTheChecks(t *testing.T, w *world, l *ledger) {
	dir := t.TempDir()
	copyOf := *w
	copyOf.consoleDB = filepath.Join(dir, "console", "guichet.db")
	copyOf.centre = &centre{db: filepath.Join(dir, "centre", "central.db")}
	for from, to := range map[string]string{w.consoleDB: copyOf.consoleDB, w.centre.db: copyOf.centre.db} {
		if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := vacuumInto(from, to); err != nil {
			t.Fatal(err)
		}
		docs := filepath.Join(filepath.Dir(from), "documents")
		if _, err := os.Stat(docs); err == nil {
			if err := os.CopyFS(filepath.Join(filepath.Dir(to), "documents"), os.DirFS(docs)); err != nil {
				t.Fatal(err)
			}
		}
	}
	centreDB := openWritable(t, copyOf.centre.db)
	consoleDB := openWritable(t, copyOf.consoleDB)
	var expect []string
	tamper := func(db *sql.DB, finding, query string, args ...any) {
		t.Helper()
		res, err := db.Exec(query, args...)
		if err != nil {
			t.Fatalf("tampering (%s): %v", query, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			t.Logf("nothing to tamper with for %q", finding)
			return
		}
		expect = append(expect, finding)
	}
	var lost string
	for id := range l.requests {
		lost = id
	}
	tamper(centreDB, lost, `DELETE FROM address_requests WHERE id = ?`, lost)
	tamper(centreDB, "twice-", `INSERT INTO pin_issues (id, regno, channel, state, branch, device_id, requested_by,
		requested_at, applied_at, updated_at) SELECT 'twice-' || id, regno, channel, state, branch, device_id,
		requested_by, requested_at, applied_at, updated_at FROM pin_issues WHERE device_id = ? LIMIT 1`, w.deviceID)
	tamper(centreDB, "member "+w.members[0].regno, `UPDATE members SET version = version + 1 WHERE regno = ?`, w.members[0].regno)
	tamper(centreDB, "audit chain", `DELETE FROM audit_records WHERE device_id = ?1
		AND seq = (SELECT max(seq) FROM audit_records WHERE device_id = ?1)`, w.deviceID)
	tamper(consoleDB, "is pending after the final sync", `UPDATE outbox SET state = 'pending' WHERE seq = (SELECT max(seq) FROM outbox)`)
	if scans, _ := filepath.Glob(filepath.Join(dir, "centre", "documents", "*")); len(scans) > 0 {
		os.Remove(scans[0])
		expect = append(expect, "scan "+filepath.Base(scans[0]))
	}
	found, err := copyOf.check(l)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tamperings: %s", len(expect), strings.Join(expect, "; "))
	all := strings.Join(found, "\n")
	for _, e := range expect {
		if !strings.Contains(all, e) {
			t.Errorf("the checks missed a tampering (%q); they found:\n%s", e, all)
		}
	}
	if len(expect) < 4 {
		t.Errorf("only %d tamperings had something to work on", len(expect))
	}
}

// vacuumInto writes a consistent copy of a SQLite file.
func vacuumInto(from, to string) error {
	db, err := openReadOnly(from)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`VACUUM INTO ?`, to)
	return err
}

func openWritable(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
