package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cnops/guichet/internal/sqlitedb"
)

// Tx is a write transaction on the single writer connection. Everything an
// operation changes, with its audit entry, goes through one Tx.
type Tx struct {
	tx *stmtTx
	// deferSearch: members are stored without their search rows
	// (WriteProvisioning; FinishProvisioning builds them).
	deferSearch bool
}

// Write runs fn in one immediate transaction and commits it when fn
// returns nil; otherwise nothing fn did is kept.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting a write: %w", err)
	}
	if err := fn(&Tx{tx: &stmtTx{Tx: tx}}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Instants are stored as the sortable UTC text every SQLite database of the
// project shares (sqlitedb); short names for the many queries here.
var (
	formatTime = sqlitedb.FormatTime
	parseTime  = sqlitedb.ParseTime
)

// queryer is what reads need; both the reader pool and a Tx satisfy it, so a
// read inside a write transaction sees that transaction's own changes.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
