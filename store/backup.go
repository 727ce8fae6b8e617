package store

import (
	"context"

	"github.com/cnops/guichet/internal/sqlitedb"
)

// Copy describes a backup of the console's database: its file, schema
// version, size and SHA-256.
type Copy = sqlitedb.Copy

// Health is what Check finds of the console's database in use.
type Health = sqlitedb.Health

// Errors of Backup, Restore, Check and MoveAside besides Open's, each
// naming the path.
var (
	ErrExists    = sqlitedb.ErrExists
	ErrCorrupt   = sqlitedb.ErrCorrupt
	ErrLeftovers = sqlitedb.ErrLeftovers
	ErrInUse     = sqlitedb.ErrInUse
)

// Backup copies the console's database at path into to, a new file (mode
// 0600, never over an existing one), while the console may be running:
// one consistent snapshot (VACUUM INTO from a read-only connection),
// synced and checked (integrity, schema) before Backup returns.
func Backup(ctx context.Context, path, to string) (Copy, error) {
	return sqlitedb.Backup(ctx, path, to, schema)
}

// Inspect checks a backup without writing to it: a console database whose
// schema this program knows, that passes SQLite's integrity check.
func Inspect(ctx context.Context, path string) (Copy, error) {
	return sqlitedb.Inspect(ctx, path, schema)
}

// Restore puts a backup in place as the console's database at path, which
// must not exist: inspected, copied beside path, synced, compared by
// SHA-256 and linked into place. Open migrates an older schema.
func Restore(ctx context.Context, from, path string) (Copy, error) {
	return sqlitedb.Restore(ctx, from, path, schema)
}

// Check inspects the console's database in use without writing to it:
// schema version against this program's, and integrity_check (or the
// faster quick_check when quick).
func Check(ctx context.Context, path string, quick bool) (Health, error) {
	return sqlitedb.Check(ctx, path, schema, quick)
}

// OpenReadOnly opens an existing console database for reading only: no
// migration, no write (a write fails). For diagnostics.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	p, err := sqlitedb.OpenReadOnly(ctx, path, schema)
	if err != nil {
		return nil, err
	}
	return &DB{Path: p.Path, w: p.Writer, r: p.Reader}, nil
}

// MoveAside renames the database at path and its journals to
// path+suffix, refusing with ErrInUse while the console has it open.
func MoveAside(ctx context.Context, path, suffix string) (string, error) {
	return sqlitedb.MoveAside(ctx, path, suffix)
}
