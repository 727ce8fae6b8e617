package sqlitedb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cnops/guichet/domain"
)

// Errors of Backup, Inspect and Restore, each wrapped with the path.
var (
	ErrExists    = errors.New("already exists: a backup or a restore never overwrites a file")
	ErrCorrupt   = domain.Explain("db.err.corrupt", "fails SQLite's integrity check")
	ErrLeftovers = errors.New("has a journal left beside it (-wal, -shm or -journal) that SQLite would apply to the restored copy: move it away")
)

// Copy describes a database file that was copied or checked.
type Copy struct {
	Path          string `json:"file"`
	SchemaVersion int64  `json:"schema_version"` // the copy's
	LatestVersion int64  `json:"latest_version"` // the newest this program knows
	Bytes         int64  `json:"bytes"`
	SHA256        string `json:"sha256"`
}

// Backup writes a consistent snapshot of the database at path (which must
// exist, be schema's and not newer than this program) into to, which must
// not exist: to is created with mode 0600 first (so nobody else may read
// it, and no file is ever overwritten), then filled by VACUUM INTO on a
// read-only connection, which reads one snapshot and never holds up the
// writer. The copy is synced to disk (VACUUM INTO does not) and checked as
// Inspect does; on any failure it is removed.
func Backup(ctx context.Context, path, to string, schema Schema) (Copy, error) {
	src, err := existing(path)
	if err != nil {
		return Copy{}, err
	}
	if err := checkExisting(ctx, src, schema); err != nil {
		return Copy{}, err
	}
	dst, err := filepath.Abs(to)
	if err != nil {
		return Copy{}, err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return Copy{}, fmt.Errorf("%s: %w", dst, ErrExists)
	}
	if err != nil {
		return Copy{}, err
	}
	f.Close()
	c, err := fill(ctx, src, dst, schema)
	if err != nil {
		os.Remove(dst)
		return Copy{}, err
	}
	return c, nil
}

// fill runs VACUUM INTO the empty file dst, syncs and inspects it.
func fill(ctx context.Context, src, dst string, schema Schema) (Copy, error) {
	ro, err := sql.Open("sqlite", dsn(src, true))
	if err != nil {
		return Copy{}, err
	}
	_, err = ro.ExecContext(ctx, `VACUUM INTO ?`, dst)
	ro.Close()
	if err != nil {
		return Copy{}, fmt.Errorf("copying %s into %s: %w", src, dst, err)
	}
	if err := syncFile(dst); err != nil {
		return Copy{}, err
	}
	if err := syncFile(filepath.Dir(dst)); err != nil {
		return Copy{}, err
	}
	return Inspect(ctx, dst, schema)
}

// Inspect checks a copy without writing to it or beside it (it is opened
// immutable): the SQLite header, schema's tables, a schema version this
// program knows, and PRAGMA integrity_check; it hashes the file too.
func Inspect(ctx context.Context, path string, schema Schema) (Copy, error) {
	abs, err := existing(path)
	if err != nil {
		return Copy{}, err
	}
	if err := checkHeader(abs); err != nil {
		return Copy{}, err
	}
	db, err := sql.Open("sqlite", dsn(abs, true)+"&immutable=1")
	if err != nil {
		return Copy{}, err
	}
	defer db.Close()
	c := Copy{Path: abs}
	if err := schema.checkOurs(ctx, db); err != nil {
		return Copy{}, fmt.Errorf("%s: %w", abs, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&c.SchemaVersion); err != nil {
		return Copy{}, domain.Explain("db.err.at_detail", "%s: %v (%v)", abs, schema.ErrForeign, err)
	}
	if c.LatestVersion, err = schema.Latest(db); err != nil {
		return Copy{}, err
	}
	if c.SchemaVersion > c.LatestVersion {
		return Copy{}, domain.Explain("db.err.newer", "%s: %v (schema %d, this program knows up to %d)", abs, ErrNewerSchema, c.SchemaVersion, c.LatestVersion)
	}
	if err := integrity(ctx, db, abs); err != nil {
		return Copy{}, err
	}
	c.Bytes, c.SHA256, err = hashFile(abs)
	return c, err
}

// integrity runs PRAGMA integrity_check and reports its first findings.
func integrity(ctx context.Context, db *sql.DB, path string) error {
	return checkPragma(ctx, db, path, "integrity_check")
}

// Restore puts a copy in place at path, which must not exist, nor a
// journal beside it (SQLite would apply an old -wal to the copy). The copy
// is inspected first (Inspect), then copied to a temporary file beside
// path (0600), synced, compared by SHA-256 with what was inspected, and
// linked into place, which never replaces a file: path holds the whole
// checked copy or nothing. An older schema is left as it is: the program
// migrates it when it next opens the database.
func Restore(ctx context.Context, from, path string, schema Schema) (Copy, error) {
	c, err := Inspect(ctx, from, schema)
	if err != nil {
		return Copy{}, err
	}
	dst, err := filepath.Abs(path)
	if err != nil {
		return Copy{}, err
	}
	if st, err := os.Stat(filepath.Dir(dst)); err != nil || !st.IsDir() {
		return Copy{}, domain.Explain("db.err.at", "%s: %v", filepath.Dir(dst), ErrNoFolder)
	}
	if _, err := os.Lstat(dst); err == nil {
		return Copy{}, fmt.Errorf("%s: %w", dst, ErrExists)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(dst + suffix); err == nil {
			return Copy{}, fmt.Errorf("%s: %w", dst, ErrLeftovers)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".restore-*")
	if err != nil {
		return Copy{}, err
	}
	defer os.Remove(tmp.Name()) // once linked, path keeps the data
	sum, err := copyInto(tmp, c.Path)
	if err != nil {
		return Copy{}, err
	}
	if sum != c.SHA256 {
		return Copy{}, fmt.Errorf("%s changed while it was restored (SHA-256 %s, then %s)", c.Path, c.SHA256, sum)
	}
	if err := os.Link(tmp.Name(), dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return Copy{}, fmt.Errorf("%s: %w", dst, ErrExists)
		}
		return Copy{}, err
	}
	if err := syncFile(filepath.Dir(dst)); err != nil {
		return Copy{}, err
	}
	c.Path = dst
	return c, nil
}

// copyInto copies the file at from into f, syncs and closes f, and
// returns the SHA-256 of what was written.
func copyInto(f *os.File, from string) (string, error) {
	in, err := os.Open(from)
	if err != nil {
		f.Close()
		return "", err
	}
	defer in.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), in); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}

// existing is the absolute path of a database file that must exist.
func existing(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", domain.Explain("db.err.at", "%s: %v", abs, ErrNoDatabase)
	case err != nil:
		return "", err
	case st.IsDir():
		return "", domain.Explain("db.err.at", "%s: %v", abs, ErrNotSQLite)
	}
	return abs, nil
}

// checkHeader refuses a file that does not start as SQLite's do.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != string(sqliteHeader) {
		return domain.Explain("db.err.at", "%s: %v", path, ErrNotSQLite)
	}
	return nil
}

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// syncFile flushes a file, or a folder's entries, to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}
