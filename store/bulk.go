package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
)

// bulkIndexes are the lookup indexes of migrations/00002_indexes.sql,
// exactly as SQLite stores their definitions. BulkLoad drops them before a
// load and builds them again after it: one sort per index is much faster
// than updating them row by row. TestBulkIndexesMatchMigrations keeps this
// list in step with the migrations.
var bulkIndexes = []struct{ name, create string }{
	{"members_cin", `CREATE INDEX members_cin ON members(cin)`},
	{"members_ppr", `CREATE INDEX members_ppr ON members(ppr)`},
	{"members_phone", `CREATE INDEX members_phone ON members(phone)`},
	{"beneficiaries_member", `CREATE INDEX beneficiaries_member ON beneficiaries(member_id)`},
	{"addresses_member", `CREATE INDEX addresses_member ON addresses(member_id, valid_from)`},
	{"addresses_current", `CREATE UNIQUE INDEX addresses_current ON addresses(member_id) WHERE valid_to IS NULL`},
}

// bulkPragmas are set on the writer connection for the load and then put
// back as they were (the DSN's values: see dsn). synchronous=OFF skips the
// fsyncs of the big transaction; the checkpoint after it runs with FULL
// again and syncs everything, so the database ends as durable as ever (and
// a crash before that loses the load, never the file: WAL frames are
// checksummed). A 256 MiB page cache (KiB when negative) spills far less:
// at a million members it cut the insert phase from ~35 s to ~20 s.
// The journal stays WAL: a rollback journal in memory saved another ~4 s
// of ~32, but a crash mid-load could then corrupt the file.
var bulkPragmas = []struct {
	name string
	bulk int
}{{"synchronous", 0}, {"cache_size", -262144}, {"temp_store", 2}}

// BulkLoad runs fn in one transaction on the writer connection, tuned for
// inserting millions of rows (the demo seeder): the lookup indexes are
// dropped first and rebuilt before the commit, so a failed load leaves them
// as they were, and the name search index is rebuilt likewise. Afterwards it refreshes the planner's statistics and
// checkpoints the WAL, leaving a normal, durable WAL database with
// synchronous=FULL. Statements fn prepares on the transaction are best run
// without a cancellable context (the driver watches each such call with a
// goroutine); check ctx between batches instead.
func (db *DB) BulkLoad(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	defer conn.Close()
	if err := withBulkPragmas(ctx, conn, func() error { return bulkTx(ctx, conn, fn) }); err != nil {
		return err
	}
	// The load is committed: finish the upkeep (under a second at a
	// million members) even if ctx ends now, so that a late cancel does not
	// report a load that happened as failed. A sampled ANALYZE
	// (analysis_limit) is enough for the planner and takes a fraction of a
	// full scan.
	ctx = context.WithoutCancel(ctx)
	for _, s := range []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`, `PRAGMA analysis_limit = 0`} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("bulk load: %s: %w", s, err)
		}
	}
	// TRUNCATE leaves an empty WAL. If a reader still holds it, the
	// checkpoint stops short without an error: the data is committed and
	// durable all the same, and the WAL goes at a later checkpoint.
	if _, err := conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("bulk load: checkpoint: %w", err)
	}
	return nil
}

// withBulkPragmas runs fn with bulkPragmas set on conn, then restores the
// previous values even when ctx is what stopped fn. Should that fail, the
// connection is discarded rather than reused with synchronous=OFF.
func withBulkPragmas(ctx context.Context, conn *sql.Conn, fn func() error) (err error) {
	saved := make([]int, len(bulkPragmas))
	for i, p := range bulkPragmas {
		if err := conn.QueryRowContext(ctx, `PRAGMA `+p.name).Scan(&saved[i]); err != nil {
			return fmt.Errorf("bulk load: reading %s: %w", p.name, err)
		}
	}
	defer func() {
		bg := context.WithoutCancel(ctx)
		for i, p := range bulkPragmas {
			if _, rerr := conn.ExecContext(bg, fmt.Sprintf(`PRAGMA %s = %d`, p.name, saved[i])); rerr != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn })
				err = errors.Join(err, fmt.Errorf("bulk load: restoring %s: %w", p.name, rerr))
				return
			}
		}
	}()
	for _, p := range bulkPragmas {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA %s = %d`, p.name, p.bulk)); err != nil {
			return fmt.Errorf("bulk load: setting %s: %w", p.name, err)
		}
	}
	return fn()
}

// bulkTx is the transaction of a bulk load: drop indexes, fn, rebuild.
func bulkTx(ctx context.Context, conn *sql.Conn, fn func(*sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	for _, ix := range bulkIndexes {
		if _, err := tx.ExecContext(ctx, `DROP INDEX IF EXISTS `+ix.name); err != nil {
			return fmt.Errorf("bulk load: dropping %s: %w", ix.name, err)
		}
	}
	if err := fn(tx); err != nil {
		if ctx.Err() != nil {
			// database/sql rolled back when ctx ended; the error fn saw
			// then (sql.ErrTxDone) says less than the cause.
			return context.Cause(ctx)
		}
		return err
	}
	for _, ix := range bulkIndexes {
		if _, err := tx.ExecContext(ctx, ix.create); err != nil {
			return fmt.Errorf("bulk load: creating %s: %w", ix.name, err)
		}
	}
	// The name search index is built once, after the rows (and their
	// indexes, which its paged reads use) are in.
	if err := rebuildSearch(ctx, tx); err != nil {
		return fmt.Errorf("bulk load: search index: %w", err)
	}
	return tx.Commit()
}
