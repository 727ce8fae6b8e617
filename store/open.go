package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Errors returned by Open. They name the path so that the message says
// what is wrong without more context.
var (
	ErrNoDatabase     = errors.New("no database")
	ErrNoFolder       = errors.New("folder does not exist")
	ErrNotSQLite      = errors.New("not a SQLite database (corrupt or another kind of file)")
	ErrForeignSchema  = errors.New("not a Guichet database")
	ErrNewerSchema    = errors.New("database schema is newer than this program")
	ErrNotInitialised = errors.New("database has no device id: run `guichet init` (or `guichet demo`)")
)

// DB is the console's database: one writer connection (immediate
// transactions, so concurrent read-then-write never fails with SQLITE_BUSY)
// and a separate read-only pool.
type DB struct {
	Path string
	w    *sql.DB
	r    *sql.DB
}

// Mode says whether Open may create a new database.
type Mode int

// Open modes.
const (
	MustExist Mode = iota // the console and most commands
	MayCreate             // init and demo seed
)

// Open opens (and, with MayCreate, creates with mode 0600) a Guichet
// database, applies pending migrations and checks that it is ours. A file
// that is missing, not SQLite, another program's database or newer than
// this binary is refused before anything is written to it.
func Open(ctx context.Context, path string, mode Mode) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: %w", filepath.Dir(abs), ErrNoFolder)
	}
	isNew, err := prepareFile(abs, mode)
	if err != nil {
		return nil, err
	}
	if !isNew {
		if err := checkExisting(ctx, abs); err != nil {
			return nil, err
		}
	}
	db := &DB{Path: abs}
	if db.w, err = sql.Open("sqlite", dsn(abs, false)); err != nil {
		return nil, err
	}
	db.w.SetMaxOpenConns(1)
	if db.r, err = sql.Open("sqlite", dsn(abs, true)); err != nil {
		db.w.Close()
		return nil, err
	}
	db.r.SetMaxOpenConns(4)
	if err := migrateUp(ctx, db.w); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// dsn builds a file: URI with every pragma in it: modernc applies DSN
// pragmas to each new connection, whereas db.Exec reaches only one.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// prepareFile reports whether the database is new, creating an empty file
// with mode 0600 (the WAL and shm files inherit it) when allowed.
func prepareFile(path string, mode Mode) (bool, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if mode != MayCreate {
			return false, fmt.Errorf("%s: %w", path, ErrNoDatabase)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return false, err
		}
		return true, f.Close()
	case err != nil:
		return false, err
	case st.IsDir():
		return false, fmt.Errorf("%s: %w", path, ErrNotSQLite)
	case st.Size() == 0:
		if mode != MayCreate {
			return false, fmt.Errorf("%s: %w (empty file)", path, ErrNoDatabase)
		}
		return true, nil
	}
	return false, nil
}

var sqliteHeader = []byte("SQLite format 3\x00")

// checkExisting inspects an existing file read-only: SQLite header, our
// tables, and a schema version this binary knows.
func checkExisting(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("%s: %w", path, ErrNotSQLite)
	}
	ro, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return err
	}
	defer ro.Close()
	var tables int
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('goose_db_version', 'meta')`).Scan(&tables); err != nil {
		return fmt.Errorf("%s: %w (%v)", path, ErrNotSQLite, err)
	}
	if tables != 2 {
		return fmt.Errorf("%s: %w", path, ErrForeignSchema)
	}
	var version int64
	if err := ro.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return fmt.Errorf("%s: %w (%v)", path, ErrForeignSchema, err)
	}
	latest, err := latestSchemaVersion(ro)
	if err != nil {
		return err
	}
	if version > latest {
		return fmt.Errorf("%s: %w (schema %d, this program knows up to %d)", path, ErrNewerSchema, version, latest)
	}
	return nil
}
