// Package sqlitedb owns how Guichet opens an SQLite file: DSN pragmas, one
// immediate-transaction writer and a read-only pool, creation 0600,
// refusing foreign/corrupt/newer files, and goose migrations from an
// embedded FS. The console's store and the centre's storage differ only in
// their Schema. It also holds what both do alike with rows: instants stored
// as sortable text, and scanning a query's rows.
package sqlitedb

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

	"github.com/cnops/guichet/domain"
)

// Errors of Open, each wrapped with the path it is about.
var (
	ErrNoDatabase  = domain.Explain("db.err.none", "no database")
	ErrNoFolder    = domain.Explain("db.err.no_folder", "folder does not exist")
	ErrNotSQLite   = domain.Explain("db.err.not_sqlite", "not a SQLite database (corrupt or another kind of file)")
	ErrNewerSchema = domain.Explain("db.err.newer_schema", "database schema is newer than this program")
)

// Mode says whether Open may create a new database.
type Mode int

// Open modes.
const (
	MustExist Mode = iota
	MayCreate
)

// Pools are an opened database: one writer connection (immediate
// transactions, so a read-then-write never fails with SQLITE_BUSY) and a
// separate read-only pool.
type Pools struct {
	Path           string // absolute
	Writer, Reader *sql.DB
}

// Open opens (and, with MayCreate, creates with mode 0600) the database at
// path, checks that it belongs to schema and applies pending migrations. A
// missing folder, a file that is not SQLite, another program's database or
// a newer schema is refused before anything is written to it.
func Open(ctx context.Context, path string, mode Mode, schema Schema) (*Pools, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return nil, domain.Explain("db.err.at", "%s: %v", filepath.Dir(abs), ErrNoFolder)
	}
	isNew, err := prepareFile(abs, mode)
	if err != nil {
		return nil, err
	}
	if !isNew {
		if err := checkExisting(ctx, abs, schema); err != nil {
			if !errors.Is(err, schema.ErrForeign) || !unfinishedCreation(ctx, abs) {
				return nil, err
			}
			if mode != MayCreate {
				return nil, domain.Explain("db.err.interrupted", "%s: %v (its creation was interrupted: create it again)", abs, ErrNoDatabase)
			}
		}
	}
	p := &Pools{Path: abs}
	if p.Writer, err = sql.Open("sqlite", dsn(abs, false)); err != nil {
		return nil, err
	}
	p.Writer.SetMaxOpenConns(1)
	if p.Reader, err = sql.Open("sqlite", dsn(abs, true)); err != nil {
		p.Writer.Close()
		return nil, err
	}
	p.Reader.SetMaxOpenConns(4)
	if err := schema.migrateUp(ctx, p.Writer); err != nil {
		p.Close()
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	return p, nil
}

// Close closes both pools.
func (p *Pools) Close() error {
	return errors.Join(p.Reader.Close(), p.Writer.Close())
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
			return false, domain.Explain("db.err.at", "%s: %v", path, ErrNoDatabase)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return false, err
		}
		return true, f.Close()
	case err != nil:
		return false, err
	case st.IsDir():
		return false, domain.Explain("db.err.at", "%s: %v", path, ErrNotSQLite)
	case st.Size() == 0:
		if mode != MayCreate {
			return false, domain.Explain("db.err.empty", "%s: %v (empty file)", path, ErrNoDatabase)
		}
		return true, nil
	}
	return false, nil
}

var sqliteHeader = []byte("SQLite format 3\x00")

// checkExisting inspects an existing file read-only: SQLite header, the
// schema's tables, and a schema version this binary knows.
func checkExisting(ctx context.Context, path string, schema Schema) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return domain.Explain("db.err.at", "%s: %v", path, ErrNotSQLite)
	}
	ro, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return err
	}
	defer ro.Close()
	if err := schema.checkOurs(ctx, ro); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var version int64
	if err := ro.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return domain.Explain("db.err.at_detail", "%s: %v (%v)", path, schema.ErrForeign, err)
	}
	latest, err := schema.Latest(ro)
	if err != nil {
		return err
	}
	if version > latest {
		return domain.Explain("db.err.newer", "%s: %v (schema %d, this program knows up to %d)", path, ErrNewerSchema, version, latest)
	}
	return nil
}
