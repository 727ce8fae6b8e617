// Package sqlite owns the centre's SQLite storage: its schema and
// migrations (embedded, applied by Open) and the queries behind
// central.Storage. It holds no rule: central decides, this package reads
// and writes.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"regexp"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// Errors of Open, each naming the path.
var (
	ErrNoFolder      = sqlitedb.ErrNoFolder
	ErrNotSQLite     = sqlitedb.ErrNotSQLite
	ErrForeignSchema = errors.New("not a Guichet centre database")
	ErrNewerSchema   = sqlitedb.ErrNewerSchema
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// schema marks a centre database: its migrations, the feed and the entries.
var schema = sqlitedb.Schema{Migrations: migrationFiles, Tables: []string{"feed", "entries"}, ErrForeign: ErrForeignSchema}

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
	p, err := sqlitedb.Open(ctx, path, sqlitedb.MayCreate, schema)
	if err != nil {
		return nil, err
	}
	return &Store{Path: p.Path, w: p.Writer, r: p.Reader}, nil
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
