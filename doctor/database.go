package doctor

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
)

// databaseFindings reports the integrity check and the schema version.
func databaseFindings(h store.Health, err error) []Finding {
	pragma := "integrity_check"
	if h.Quick {
		pragma = "quick_check"
	}
	switch {
	case errors.Is(err, store.ErrNoDatabase):
		return []Finding{found(CheckDatabase, Fail, "database.missing", h.Path)}
	case errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrNotSQLite), errors.Is(err, store.ErrForeignSchema):
		return []Finding{found(CheckDatabase, Fail, "database.damaged", oneLine(err))}
	case err != nil:
		return []Finding{found(CheckDatabase, Fail, "database.unreadable", err)}
	}
	db := found(CheckDatabase, OK, "database.ok", h.Path, i18n.Count(h.Bytes>>10), pragma)
	switch {
	case h.SchemaVersion > h.LatestVersion:
		return []Finding{db, found(CheckSchema, Fail, "schema.newer", h.SchemaVersion, h.LatestVersion)}
	case h.SchemaVersion < h.LatestVersion:
		return []Finding{db, found(CheckSchema, Warn, "schema.older", h.SchemaVersion, h.LatestVersion)}
	}
	return []Finding{db, found(CheckSchema, OK, "schema.ok", h.SchemaVersion)}
}

// lowFree is the free space under which writes soon fail: a fail, not a
// warning.
const lowFree = 100 << 20

// diskFinding reports the free space where the database lives: a warning
// below minFree or below twice the database (a backup, or SQLite's own
// VACUUM, needs that room), a failure below lowFree.
func diskFinding(dbPath string, dbBytes, minFree int64) Finding {
	dir := filepath.Dir(dbPath)
	free, err := freeBytes(dir)
	switch {
	case errors.Is(err, errUnsupported):
		return found(CheckDisk, Unknown, "disk.unknown")
	case err != nil:
		return found(CheckDisk, Unknown, "unreadable", err)
	case free < lowFree:
		return found(CheckDisk, Fail, "disk.full", mib(free), dir)
	case free < minFree || free < 2*dbBytes:
		return found(CheckDisk, Warn, "disk.low", mib(free), dir, mib(max(minFree, 2*dbBytes)))
	}
	return found(CheckDisk, OK, "disk.ok", mib(free), dir)
}

// errUnsupported: this system gives no figure.
var errUnsupported = errors.New("not supported on this system")

// mib is a size in whole mebibytes, grouped the reader's way.
func mib(n int64) i18n.Count { return i18n.Count(n >> 20) }

// maxDetail bounds an error's text in the report (integrity_check lists
// up to ten findings, some on several lines).
const maxDetail = 400

// oneLine is err's text on one line, cut to maxDetail.
func oneLine(err error) string {
	s := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	if r := []rune(s); len(r) > maxDetail {
		s = string(r[:maxDetail]) + "…"
	}
	return s
}
