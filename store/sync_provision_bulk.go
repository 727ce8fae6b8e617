package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Provisioning's first pull writes a whole scope (up to a million persons)
// page by page. Two things made a page slow (issue 7, profiled): every
// statement was parsed again for each of the page's thousand items (about
// a third of the time), and each member's search rows were recomputed as
// it came (another third). WriteProvisioning removes both; the search
// index is then built once, by FinishProvisioning, as the demo seeder's
// bulk load does.

// WriteProvisioning is Write for a page of the first pull: the
// transaction prepares each statement once and reuses it, and members
// are stored without their search rows, which FinishProvisioning builds.
// Until then, search does not find what these pages brought.
func (db *DB) WriteProvisioning(ctx context.Context, fn func(*Tx) error) error {
	return db.writeReusing(ctx, true, fn)
}

// WritePage is Write for a page of a later pull: each statement is
// prepared once for the page's items (a page of a push's changes coming
// back spent a third of its time parsing them again).
func (db *DB) WritePage(ctx context.Context, fn func(*Tx) error) error {
	return db.writeReusing(ctx, false, fn)
}

func (db *DB) writeReusing(ctx context.Context, deferSearch bool, fn func(*Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting a write: %w", err)
	}
	t := &Tx{tx: &stmtTx{Tx: tx, stmts: map[string]*sql.Stmt{}}, deferSearch: deferSearch}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit() // closes the prepared statements
}

// FinishProvisioning ends the first pull: it builds the search index of
// every person anew, refreshes the planner's statistics and checkpoints
// the WAL the pages grew. It may run again (a provisioning resumed after
// an interruption) and gives the same index.
func (db *DB) FinishProvisioning(ctx context.Context) error {
	err := db.Write(ctx, func(t *Tx) error {
		if err := rebuildSearch(ctx, t.tx.Tx); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		for _, s := range []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`, `PRAGMA analysis_limit = 0`} {
			if _, err := t.tx.Tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finishing the provisioning: %w", err)
	}
	// As after a bulk load: a reader still in the WAL only makes the
	// checkpoint stop short, without an error.
	_, err = db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// stmtTx is a write transaction. With stmts set (WriteProvisioning,
// WritePage) it
// prepares each statement on first use and reuses it until the
// transaction ends; without, every call goes straight to the transaction,
// as before. Only single statements go through the cache: Prepare keeps
// the first statement of a string.
type stmtTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func (c *stmtTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = s
	return s, nil
}

func (c *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if c.stmts == nil {
		return c.Tx.ExecContext(ctx, query, args...)
	}
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (c *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if c.stmts == nil {
		return c.Tx.QueryContext(ctx, query, args...)
	}
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (c *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if c.stmts == nil {
		return c.Tx.QueryRowContext(ctx, query, args...)
	}
	s, err := c.stmt(ctx, query)
	if err != nil {
		// The row carries the same error: the statement does not prepare.
		return c.Tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}
