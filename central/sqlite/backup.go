package sqlite

import (
	"context"

	"github.com/cnops/guichet/internal/sqlitedb"
)

// Copy describes a backup of the centre's database: its file, schema
// version, size and SHA-256.
type Copy = sqlitedb.Copy

// Errors of Backup and Restore besides Open's, each naming the path.
var (
	ErrExists     = sqlitedb.ErrExists
	ErrCorrupt    = sqlitedb.ErrCorrupt
	ErrLeftovers  = sqlitedb.ErrLeftovers
	ErrNoDatabase = sqlitedb.ErrNoDatabase
)

// Backup copies the centre's database at path into to, a new file (mode
// 0600, never over an existing one), while the centre may be serving: one
// consistent snapshot (VACUUM INTO from a read-only connection), synced and
// checked (integrity, schema) before Backup returns.
func Backup(ctx context.Context, path, to string) (Copy, error) {
	return sqlitedb.Backup(ctx, path, to, schema)
}

// Inspect checks a backup without writing to it: a centre database whose
// schema this program knows, that passes SQLite's integrity check.
func Inspect(ctx context.Context, path string) (Copy, error) {
	return sqlitedb.Inspect(ctx, path, schema)
}

// Restore puts a backup in place as the centre's database at path, which
// must not exist yet: the backup is inspected, copied beside path, synced,
// compared by SHA-256 and linked into place. Open migrates an older
// schema when the centre next starts.
func Restore(ctx context.Context, from, path string) (Copy, error) {
	return sqlitedb.Restore(ctx, from, path, schema)
}
