package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// Errors of Open about the schema found.
var (
	ErrNoSchema      = errors.New("no schema to keep the centre in (search_path names none that exists)")
	ErrForeignSchema = errors.New("not a Guichet centre database (its schema holds other tables)")
	ErrNewerSchema   = errors.New("database schema is newer than this program")
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ourTables mark a schema as a centre's, beside goose_db_version.
var ourTables = []string{"feed", "entries"}

// migrate brings the schema up to date on a connection of its own (no
// statement timeout: a migration may rebuild an index on millions of
// rows). A session advisory lock keyed by the schema lets one process
// migrate at a time; the others wait, then find nothing to do.
func migrate(ctx context.Context, cc *pgx.ConnConfig) error {
	cc.RuntimeParams["statement_timeout"] = "0"
	db := stdlib.OpenDB(*cc)
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	defer conn.Close()
	var schema sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	if !schema.Valid {
		return ErrNoSchema
	}
	const lockKey = `hashtextextended('guichet-central migrations ' || current_schema(), 0)`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+lockKey+`)`); err != nil {
		return fmt.Errorf("waiting for another migration: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+lockKey+`)`)

	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub)
	if err != nil {
		return err
	}
	if err := checkSchema(ctx, conn, schema.String, p); err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating schema %s: %w", schema.String, err)
	}
	return nil
}

// checkSchema refuses, before anything is written, a schema that holds
// tables but not a centre's, or a centre migrated by a newer program.
func checkSchema(ctx context.Context, conn *sql.Conn, schema string, p *goose.Provider) error {
	rows, err := conn.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
	if err != nil {
		return err
	}
	tables := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(tables) == 0 {
		return nil // a new centre
	}
	for _, t := range append([]string{"goose_db_version"}, ourTables...) {
		if !tables[t] {
			return fmt.Errorf("schema %s: %w", schema, ErrForeignSchema)
		}
	}
	var version int64
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return fmt.Errorf("schema %s: %w (%v)", schema, ErrForeignSchema, err)
	}
	srcs := p.ListSources()
	if latest := srcs[len(srcs)-1].Version; version > latest {
		return fmt.Errorf("schema %s: %w (schema %d, this program knows up to %d)", schema, ErrNewerSchema, version, latest)
	}
	return nil
}
