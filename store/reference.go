package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/cnops/guichet/internal/sqlitedb"
)

// Branch is an office of the fund; members have a home branch and agents
// work at one.
type Branch struct {
	Code, Name, City, Region string
}

// BranchByCode returns a branch, or ok=false when unknown.
func (t *Tx) BranchByCode(ctx context.Context, code string) (Branch, bool, error) {
	var b Branch
	err := t.tx.QueryRowContext(ctx, `SELECT code, name, city, region FROM branches WHERE code = ?`, code).
		Scan(&b.Code, &b.Name, &b.City, &b.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, nil
	}
	return b, err == nil, err
}

// InsertBranch adds a branch.
func (t *Tx) InsertBranch(ctx context.Context, b Branch) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO branches (code, name, city, region) VALUES (?, ?, ?, ?)`,
		b.Code, b.Name, b.City, b.Region)
	return err
}

// Branches lists the branches by code.
func (db *DB) Branches(ctx context.Context) ([]Branch, error) {
	scan := func(row sqlitedb.Scanner) (b Branch, err error) {
		return b, row.Scan(&b.Code, &b.Name, &b.City, &b.Region)
	}
	return sqlitedb.Collect(scan)(db.r.QueryContext(ctx, `SELECT code, name, city, region FROM branches ORDER BY code`))
}
