package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func newMigrator(db *sql.DB) (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, db, sub)
}

// latestSchemaVersion is the newest migration this binary knows.
func latestSchemaVersion(db *sql.DB) (int64, error) {
	p, err := newMigrator(db)
	if err != nil {
		return 0, err
	}
	srcs := p.ListSources()
	return srcs[len(srcs)-1].Version, nil
}

func migrateUp(ctx context.Context, db *sql.DB) error {
	p, err := newMigrator(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating the database: %w", err)
	}
	return nil
}
