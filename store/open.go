package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// Errors returned by Open. They name the path so that the message says
// what is wrong without more context.
var (
	ErrNoDatabase     = sqlitedb.ErrNoDatabase
	ErrNoFolder       = sqlitedb.ErrNoFolder
	ErrNotSQLite      = sqlitedb.ErrNotSQLite
	ErrForeignSchema  = domain.Explain("db.err.foreign", "not a Guichet database")
	ErrNewerSchema    = sqlitedb.ErrNewerSchema
	ErrNotInitialised = domain.Explain("db.err.not_initialised", "database has no device id: run `guichet init` (or `guichet demo`)")
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// schema marks a console database: its migrations and the meta table.
var schema = sqlitedb.Schema{Migrations: migrationFiles, Tables: []string{"meta"}, ErrForeign: ErrForeignSchema}

// DB is the console's database: one writer connection (immediate
// transactions, so concurrent read-then-write never fails with SQLITE_BUSY)
// and a separate read-only pool.
type DB struct {
	Path string
	w    *sql.DB
	r    *sql.DB
}

// Mode says whether Open may create a new database.
type Mode = sqlitedb.Mode

// Open modes.
const (
	MustExist = sqlitedb.MustExist // the console and most commands
	MayCreate = sqlitedb.MayCreate // init and demo seed
)

// Open opens (and, with MayCreate, creates with mode 0600) a Guichet
// database, applies pending migrations and checks that it is ours. A file
// that is missing, not SQLite, another program's database or newer than
// this binary is refused before anything is written to it.
func Open(ctx context.Context, path string, mode Mode) (*DB, error) {
	p, err := sqlitedb.Open(ctx, path, mode, schema)
	if err != nil {
		return nil, err
	}
	return &DB{Path: p.Path, w: p.Writer, r: p.Reader}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}
