package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cnops/guichet/domain"
)

// ErrInUse: another connection holds the database (the program runs).
var ErrInUse = errors.New("is open in another program (is the console running?): close it first")

// Health is what Check finds of a database in use.
type Health struct {
	Path          string `json:"file"`
	Bytes         int64  `json:"bytes"`
	SchemaVersion int64  `json:"schema_version"`
	LatestVersion int64  `json:"latest_version"`
	// Quick says that PRAGMA quick_check ran instead of integrity_check.
	Quick bool `json:"quick"`
}

// Check inspects the database at path as its program sees it, without
// writing to it: read-only, so the last committed state, the WAL's too.
// It checks the header and schema's tables, reads the schema version
// (a newer one is returned, not refused: the caller reports it) and runs
// PRAGMA integrity_check, or quick_check when quick (O(N) instead of
// O(N log N), for large files). A damaged file gives ErrCorrupt or
// ErrNotSQLite, wrapped with the path.
func Check(ctx context.Context, path string, schema Schema, quick bool) (Health, error) {
	abs, err := existing(path)
	if err != nil {
		return Health{}, err
	}
	h := Health{Path: abs, Quick: quick}
	if st, err := os.Stat(abs); err == nil {
		h.Bytes = st.Size()
	}
	if err := checkHeader(abs); err != nil {
		return h, err
	}
	db, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		return h, err
	}
	defer db.Close()
	if err := schema.checkOurs(ctx, db); err != nil {
		return h, fmt.Errorf("%s: %w", abs, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&h.SchemaVersion); err != nil {
		return h, domain.Explain("db.err.at_detail", "%s: %v (%v)", abs, ErrCorrupt, err)
	}
	if h.LatestVersion, err = schema.Latest(db); err != nil {
		return h, err
	}
	pragma := "integrity_check"
	if quick {
		pragma = "quick_check"
	}
	return h, checkPragma(ctx, db, abs, pragma)
}

// checkPragma runs integrity_check or quick_check and reports its first
// findings as ErrCorrupt.
func checkPragma(ctx context.Context, db *sql.DB, path, pragma string) error {
	rows, err := db.QueryContext(ctx, `PRAGMA `+pragma+`(10)`)
	if err != nil {
		return domain.Explain("db.err.at_detail", "%s: %v (%v)", path, ErrCorrupt, err)
	}
	found, err := Collect(Column[string])(rows, nil)
	if err != nil {
		return domain.Explain("db.err.at_detail", "%s: %v (%v)", path, ErrCorrupt, err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return domain.Explain("db.err.at_list", "%s: %v: %s", path, ErrCorrupt, strings.Join(found, "; "))
	}
	return nil
}

// OpenReadOnly opens an existing database of schema for reading only: no
// migration runs and nothing is written (both pools are one read-only
// pool, so a write fails). A newer schema is refused as Open does.
func OpenReadOnly(ctx context.Context, path string, schema Schema) (*Pools, error) {
	abs, err := existing(path)
	if err != nil {
		return nil, err
	}
	if err := checkExisting(ctx, abs, schema); err != nil {
		return nil, err
	}
	ro, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		return nil, err
	}
	ro.SetMaxOpenConns(2)
	return &Pools{Path: abs, Writer: ro, Reader: ro}, nil
}

// MoveAside renames the database at path and its journals (-wal, -shm,
// -journal) to path+suffix, so that a restore can take its place. It
// refuses with ErrInUse while another connection has the file open: it
// takes SQLite's exclusive lock first, which a running program's open
// connections deny, and folds the WAL into the file under it. A file too
// damaged to lock is moved as it is, journals and all.
func MoveAside(ctx context.Context, path, suffix string) (string, error) {
	abs, err := existing(path)
	if err != nil {
		return "", err
	}
	if err := lockAndCheckpoint(ctx, abs); err != nil {
		return "", err
	}
	to := abs + suffix
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(to + s); err == nil {
			return "", fmt.Errorf("%s: %w", to+s, ErrExists)
		}
	}
	if err := os.Rename(abs, to); err != nil {
		return "", err
	}
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Rename(abs+s, to+s); err != nil && !errors.Is(err, os.ErrNotExist) {
			return to, err
		}
	}
	return to, nil
}

// lockAndCheckpoint takes the exclusive lock on abs (ErrInUse when another
// connection holds the file) and checkpoints the WAL into it; any other
// failure (a damaged file) is left for the caller to move as it is.
func lockAndCheckpoint(ctx context.Context, abs string) error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(1000)")
	q.Add("_pragma", "locking_mode(EXCLUSIVE)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: abs}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `BEGIN EXCLUSIVE`)
	if err == nil {
		_, err = conn.ExecContext(ctx, `COMMIT`)
	}
	if err == nil {
		_, err = conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
		return fmt.Errorf("%s: %w", abs, ErrInUse)
	}
	return nil
}
