package sqlitedb

import (
	"context"
	"database/sql"
)

// unfinishedCreation reports whether the file at path is one of ours whose
// creation was cut short (a crash or kill during the first migration): goose
// had made its version table, but no migration had committed and nothing
// else exists. Such a file holds no data, so creating it again is safe.
func unfinishedCreation(ctx context.Context, path string) bool {
	ro, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return false
	}
	defer ro.Close()
	var others, applied int
	err = ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
		WHERE type IN ('table', 'view', 'index', 'trigger')
		AND name NOT IN ('goose_db_version', 'sqlite_sequence') AND name NOT LIKE 'sqlite_autoindex_%'`).Scan(&others)
	if err != nil || others != 0 {
		return false
	}
	err = ro.QueryRowContext(ctx, `SELECT count(*) FROM goose_db_version WHERE is_applied AND version_id > 0`).Scan(&applied)
	return err == nil && applied == 0
}
