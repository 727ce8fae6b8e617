package sqlitedb

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

func countThings(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, true)+"&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM things`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A backup taken while a write is open neither waits for it nor holds
// any of it: the copy is the last committed state.
func TestBackupTakesTheCommittedSnapshotWithoutWaiting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p, err := Open(ctx, filepath.Join(dir, "things.db"), MayCreate, thingsV1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Writer.ExecContext(ctx, `INSERT INTO things (name) VALUES ('kettle'), ('teapot')`); err != nil {
		t.Fatal(err)
	}
	tx, err := p.Writer.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO things (name) VALUES ('uncommitted')`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, err := Backup(ctx, p.Path, filepath.Join(dir, "during.db"), thingsV1)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the backup waited for the write: %v", took)
	}
	if n := countThings(t, c.Path); n != 2 || c.SchemaVersion != 1 || c.LatestVersion != 1 || c.Bytes == 0 || len(c.SHA256) != 64 {
		t.Fatalf("the copy during a write: %d things, %+v", n, c)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	after, err := Backup(ctx, p.Path, filepath.Join(dir, "after.db"), thingsV1)
	if err != nil {
		t.Fatal(err)
	}
	if n := countThings(t, after.Path); n != 3 {
		t.Fatalf("the copy after the commit: %d things", n)
	}
	// Inspect reads a copy without leaving anything beside it.
	if _, err := Inspect(ctx, after.Path, thingsV1); err != nil {
		t.Fatal(err)
	}
	if matches, _ := filepath.Glob(after.Path + "-*"); len(matches) != 0 {
		t.Fatalf("files left beside the copy: %v", matches)
	}
}
