package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"github.com/cnops/guichet/domain"
)

// Schema is what differs between the application's databases.
type Schema struct {
	// Migrations holds the goose .sql files in a migrations/ folder (an
	// embed.FS of migrations/*.sql).
	Migrations fs.FS
	// Tables besides goose_db_version whose presence marks a database as
	// this application's.
	Tables []string
	// ErrForeign is returned for an SQLite file that is not this
	// application's.
	ErrForeign error
}

// checkOurs refuses a database that lacks one of the schema's tables.
func (s Schema) checkOurs(ctx context.Context, ro *sql.DB) error {
	for _, table := range append([]string{"goose_db_version"}, s.Tables...) {
		var n int
		if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil {
			return domain.Explain("db.err.detail", "%v (%v)", ErrNotSQLite, err)
		}
		if n != 1 {
			return s.ErrForeign
		}
	}
	return nil
}

func (s Schema) migrator(db *sql.DB) (*goose.Provider, error) {
	sub, err := fs.Sub(s.Migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, db, sub)
}

// Latest is the newest migration this binary knows.
func (s Schema) Latest(db *sql.DB) (int64, error) {
	p, err := s.migrator(db)
	if err != nil {
		return 0, err
	}
	srcs := p.ListSources()
	return srcs[len(srcs)-1].Version, nil
}

func (s Schema) migrateUp(ctx context.Context, db *sql.DB) error {
	p, err := s.migrator(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating the database: %w", err)
	}
	return nil
}
