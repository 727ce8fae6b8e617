package sqlitedb

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// The console's and the centre's schemas are tested through store and
// central/sqlite; these tests cover what only shows with two versions of
// one schema, or with two schemas.

var errNotThings = errors.New("not a things database")

func migration(up, down string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("-- +goose Up\n" + up + "\n-- +goose Down\n" + down + "\n")}
}

// thingsV1 and thingsV2 are two releases of one application's schema.
var (
	thingsV1 = Schema{Tables: []string{"things"}, ErrForeign: errNotThings, Migrations: fstest.MapFS{
		"migrations/00001_things.sql": migration(`CREATE TABLE things (name TEXT NOT NULL) STRICT;`, `DROP TABLE things;`),
	}}
	thingsV2 = Schema{Tables: thingsV1.Tables, ErrForeign: errNotThings, Migrations: fstest.MapFS{
		"migrations/00001_things.sql": thingsV1.Migrations.(fstest.MapFS)["migrations/00001_things.sql"],
		"migrations/00002_colour.sql": migration(`ALTER TABLE things ADD COLUMN colour TEXT NOT NULL DEFAULT 'red';`,
			`ALTER TABLE things DROP COLUMN colour;`),
	}}
)

func TestANewReleaseMigratesAnExistingFileAndKeepsItsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "things.db")
	p, err := Open(ctx, path, MayCreate, thingsV1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Writer.ExecContext(ctx, `INSERT INTO things (name) VALUES ('kettle')`); err != nil {
		t.Fatal(err)
	}
	p.Close()

	p, err = Open(ctx, path, MustExist, thingsV2)
	if err != nil {
		t.Fatal(err)
	}
	var name, colour string
	var version int64
	err = p.Reader.QueryRowContext(ctx, `SELECT name, colour FROM things`).Scan(&name, &colour)
	if err == nil {
		err = p.Reader.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version`).Scan(&version)
	}
	p.Close()
	if err != nil || name != "kettle" || colour != "red" || version != 2 {
		t.Fatalf("after the upgrade: %q %q, schema %d, %v", name, colour, version, err)
	}

	// The old release refuses the upgraded file and leaves it as it was.
	before, _ := os.ReadFile(path)
	if _, err := Open(ctx, path, MustExist, thingsV1); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("the old release opening a newer file: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused file was changed")
	}
}

func TestEachApplicationRefusesTheOthersDatabase(t *testing.T) {
	ctx := context.Background()
	errNotOther := errors.New("not an other database")
	other := Schema{Tables: []string{"others"}, ErrForeign: errNotOther, Migrations: fstest.MapFS{
		"migrations/00001_others.sql": migration(`CREATE TABLE others (id INTEGER PRIMARY KEY) STRICT;`, `DROP TABLE others;`),
	}}
	dir := t.TempDir()
	for _, c := range []struct {
		made, opened Schema
		want         error
	}{{thingsV1, other, errNotOther}, {other, thingsV1, errNotThings}} {
		path := filepath.Join(dir, c.made.Tables[0]+".db")
		p, err := Open(ctx, path, MayCreate, c.made)
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
		before, _ := os.ReadFile(path)
		if _, err := Open(ctx, path, MayCreate, c.opened); !errors.Is(err, c.want) {
			t.Errorf("opening the %s database as %s: %v, want %v", c.made.Tables[0], c.opened.Tables[0], err, c.want)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("the refused %s database was changed", c.made.Tables[0])
		}
	}
}

func TestCollectStopsAtTheFirstBadRow(t *testing.T) {
	ctx := context.Background()
	p, err := Open(ctx, filepath.Join(t.TempDir(), "things.db"), MayCreate, thingsV1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Writer.ExecContext(ctx, `INSERT INTO things (name) VALUES ('a'), ('b'), ('c')`); err != nil {
		t.Fatal(err)
	}
	names, err := Collect(Column[string])(p.Reader.QueryContext(ctx, `SELECT name FROM things ORDER BY name`))
	if err != nil || len(names) != 3 || names[2] != "c" {
		t.Fatalf("names %v, %v", names, err)
	}
	bad := errors.New("bad row")
	seen := 0
	got, err := Collect(func(row Scanner) (string, error) {
		name, err := Column[string](row)
		if seen++; name == "b" {
			err = bad
		}
		return name, err
	})(p.Reader.QueryContext(ctx, `SELECT name FROM things ORDER BY name`))
	if !errors.Is(err, bad) || got != nil || seen != 2 {
		t.Fatalf("a bad second row: %v after %d rows, %v", got, seen, err)
	}
	// The rows were closed: the reader pool's connections are all free.
	if n := p.Reader.Stats().InUse; n != 0 {
		t.Fatalf("%d reader connections still in use", n)
	}
}
