package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// A kill during the first migration leaves goose's version table and
// nothing else. Creating the database again must work (provisioning resumes
// after a power cut); opening it as an existing database must say it is not
// one yet; and a file with anything more stays refused as foreign.
func TestACreationCutShortIsCreatedAgain(t *testing.T) {
	ctx := context.Background()
	cutShort := func(t *testing.T, extra string) string {
		path := filepath.Join(t.TempDir(), "things.db")
		db, err := sql.Open("sqlite", dsn(path, false))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, `CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT,
			version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')));
			INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1);`+extra)
		if err != nil {
			t.Fatal(err)
		}
		return path
	}

	path := cutShort(t, "")
	if _, err := Open(ctx, path, MustExist, thingsV1); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("opening a creation cut short as existing: %v, want ErrNoDatabase", err)
	}
	p, err := Open(ctx, path, MayCreate, thingsV1)
	if err != nil {
		t.Fatalf("creating it again: %v", err)
	}
	_, err = p.Writer.ExecContext(ctx, `INSERT INTO things (name) VALUES ('kettle')`)
	p.Close()
	if err != nil {
		t.Fatalf("the schema after creating it again: %v", err)
	}

	foreign := cutShort(t, `CREATE TABLE notes (body TEXT);`)
	if _, err := Open(ctx, foreign, MayCreate, thingsV1); !errors.Is(err, errNotThings) {
		t.Fatalf("a file with another table: %v, want foreign", err)
	}
}
