// Package sqlite owns the centre's SQLite storage: its schema and
// migrations (embedded, applied by Open) and the queries behind
// central.Storage. It holds no rule: central decides, this package reads
// and writes.
package sqlite

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
	"regexp"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/cnops/guichet/central"
)

// Errors of Open, each naming the path.
var (
	ErrNoFolder      = errors.New("folder does not exist")
	ErrNotSQLite     = errors.New("not a SQLite database (corrupt or another kind of file)")
	ErrForeignSchema = errors.New("not a Guichet centre database")
	ErrNewerSchema   = errors.New("database schema is newer than this program")
)

// Store is the centre's database: one writer connection (immediate
// transactions: a batch reads then writes without SQLITE_BUSY) and a
// read-only pool for snapshots.
type Store struct {
	Path string
	w, r *sql.DB
}

var _ central.Storage = (*Store)(nil)

// Open opens the centre's database at path, creating it with mode 0600 when
// absent, and applies pending migrations. A missing folder, a file that is
// not SQLite, another program's database or a newer schema is refused
// before anything is written.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: %w", filepath.Dir(abs), ErrNoFolder)
	}
	isNew, err := prepareFile(abs)
	if err != nil {
		return nil, err
	}
	if !isNew {
		if err := checkExisting(ctx, abs); err != nil {
			return nil, err
		}
	}
	s := &Store{Path: abs}
	if s.w, err = sql.Open("sqlite", dsn(abs, false)); err != nil {
		return nil, err
	}
	s.w.SetMaxOpenConns(1)
	if s.r, err = sql.Open("sqlite", dsn(abs, true)); err != nil {
		s.w.Close()
		return nil, err
	}
	s.r.SetMaxOpenConns(4)
	if err := migrateUp(ctx, s.w); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error { return errors.Join(s.r.Close(), s.w.Close()) }

// Write runs fn in one immediate transaction on the writer connection.
func (s *Store) Write(ctx context.Context, fn func(central.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting a write: %w", err)
	}
	if err := fn(&writer{reader{tx: tx}}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Read runs fn in one read transaction: a WAL snapshot.
func (s *Store) Read(ctx context.Context, fn func(central.Reader) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("starting a read: %w", err)
	}
	defer tx.Rollback()
	return fn(&reader{tx: tx})
}

// dsn puts every pragma in the URI: modernc applies them to each new
// connection, whereas db.Exec reaches only one.
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
// with mode 0600 (the WAL and shm files inherit it).
func prepareFile(path string) (bool, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return false, err
		}
		return true, f.Close()
	case err != nil:
		return false, err
	case st.IsDir():
		return false, fmt.Errorf("%s: %w", path, ErrNotSQLite)
	}
	return st.Size() == 0, nil
}

var sqliteHeader = []byte("SQLite format 3\x00")

// checkExisting inspects an existing file read-only: SQLite header, the
// centre's tables, and a schema version this binary knows.
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
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('goose_db_version', 'feed', 'entries')`).Scan(&tables); err != nil {
		return fmt.Errorf("%s: %w (%v)", path, ErrNotSQLite, err)
	}
	if tables != 3 {
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

// savepointName guards the names spliced into SAVEPOINT statements.
var savepointName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

func (w *writer) savepoint(ctx context.Context, verb, name string) error {
	if !savepointName.MatchString(name) {
		return fmt.Errorf("central/sqlite: bad savepoint name %q", name)
	}
	_, err := w.tx.ExecContext(ctx, verb+" "+name)
	return err
}

// Savepoint starts a savepoint within the write.
func (w *writer) Savepoint(ctx context.Context, name string) error {
	return w.savepoint(ctx, "SAVEPOINT", name)
}

// RollbackTo undoes what was done since the savepoint (which stays open).
func (w *writer) RollbackTo(ctx context.Context, name string) error {
	return w.savepoint(ctx, "ROLLBACK TO", name)
}

// Release ends the savepoint, keeping its work in the transaction.
func (w *writer) Release(ctx context.Context, name string) error {
	return w.savepoint(ctx, "RELEASE", name)
}
