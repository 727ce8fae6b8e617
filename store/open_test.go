package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func newDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsFromAnEmptyFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"meta", "societies", "branches", "members", "beneficiaries", "addresses", "users", "audit"} {
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type='table' AND name=?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (%v)", table, err)
		}
	}
	var societies int
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM societies`).Scan(&societies)
	if societies != 8 {
		t.Errorf("%d societies seeded, want the federation's 8", societies)
	}
	latest, _ := schema.Latest(db.r)
	var applied int64
	db.r.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version`).Scan(&applied)
	if applied != latest {
		t.Errorf("schema at %d, latest %d", applied, latest)
	}
}

func TestNewFileIsPrivateAndWriterIsDurable(t *testing.T) {
	db := newDB(t)
	st, err := os.Stat(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", st.Mode().Perm())
	}
	ctx := context.Background()
	var journal string
	var sync, fk, busy int
	db.w.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal)
	db.w.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync)
	db.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
	db.w.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy)
	if journal != "wal" || sync != 2 || fk != 1 || busy != 5000 {
		t.Errorf("writer pragmas: journal=%s synchronous=%d foreign_keys=%d busy=%d", journal, sync, fk, busy)
	}
	if _, err := db.r.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("the reader pool must be read-only")
	}
	if st, err := os.Stat(db.Path + "-wal"); err == nil && st.Mode().Perm() != 0o600 {
		t.Errorf("WAL mode %v, want 0600", st.Mode().Perm())
	}
}

func TestOpenRefusesWhatIsNotOurs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte("this is not a database, just some text that is long enough"), 0o600)
	foreign := filepath.Join(dir, "foreign.db")
	fdb, _ := sql.Open("sqlite", "file:"+foreign)
	fdb.Exec(`CREATE TABLE invoices (id INTEGER)`)
	fdb.Close()
	newer := filepath.Join(dir, "newer.db")
	db, err := Open(ctx, newer, MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	db.w.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`)
	db.Close()

	cases := []struct {
		path string
		mode Mode
		want error
	}{
		{filepath.Join(dir, "missing.db"), MustExist, ErrNoDatabase},
		{filepath.Join(dir, "no", "such", "folder", "g.db"), MayCreate, ErrNoFolder},
		{garbage, MustExist, ErrNotSQLite},
		{garbage, MayCreate, ErrNotSQLite},
		{foreign, MayCreate, ErrForeignSchema},
		{newer, MustExist, ErrNewerSchema},
		{dir, MustExist, ErrNotSQLite},
	}
	for _, c := range cases {
		before, _ := os.ReadFile(c.path)
		_, err := Open(ctx, c.path, c.mode)
		if !errors.Is(err, c.want) {
			t.Errorf("Open(%s): %v, want %v", c.path, err, c.want)
			continue
		}
		after, _ := os.ReadFile(c.path)
		if string(before) != string(after) {
			t.Errorf("Open(%s) changed the file it refused", c.path)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Error("MustExist created a file")
	}
}

func TestOpenExistingAppliesNothingNewAndKeepsData(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if err := db.Write(ctx, func(tx *Tx) error { return tx.SetMeta(ctx, MetaDeviceID, "dev-1") }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, err := Open(ctx, db.Path, MustExist)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if id, err := again.DeviceID(ctx); err != nil || id != "dev-1" {
		t.Errorf("device id %q, %v", id, err)
	}
}

func TestWriteRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	boom := errors.New("boom")
	err := db.Write(ctx, func(tx *Tx) error {
		if err := tx.SetMeta(ctx, "k", "v"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if v, _ := db.Meta(ctx, "k"); v != "" {
		t.Error("a failed write left data behind")
	}
}
