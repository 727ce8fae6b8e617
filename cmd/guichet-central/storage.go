package main

import (
	"context"
	"fmt"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
)

// openStorage opens the storage database.path names: a postgres:// or
// postgresql:// URL is a PostgreSQL database, with the pool size and
// statement timeout of database.max_conns and database.statement_timeout
// (its password best from PGPASSWORD or ~/.pgpass, never in a file
// others read); anything else is the SQLite file, created on first use.
func openStorage(ctx context.Context, cfg centralConfig) (central.Storage, error) {
	if postgres.IsDSN(cfg.DatabasePath) {
		st, err := postgres.Open(ctx, cfg.DatabasePath, postgres.Options{MaxConns: cfg.DatabaseMaxConns,
			StatementTimeout: cfg.DatabaseStatementTimeout})
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL database %s: %w", cfg.DatabaseLabel(), err)
		}
		return st, nil
	}
	st, err := sqlite.Open(ctx, cfg.DatabasePath)
	if err != nil {
		return nil, err // it names the file
	}
	return st, nil
}
