package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/cnops/guichet/internal/sqlitedb"
)

// reader runs the queries inside one transaction (a snapshot for Read, the
// write itself for Write), preparing each statement once per transaction:
// a bulk load repeats the same few thousands of times.
type reader struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// writer adds the writes to the queries.
type writer struct{ reader }

func (r *reader) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := r.stmts[query]; ok {
		return s, nil
	}
	s, err := r.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if r.stmts == nil {
		r.stmts = map[string]*sql.Stmt{}
	}
	r.stmts[query] = s
	return s, nil
}

func (r *reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := r.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// one scans the single row of a query; ok is false when there is none.
func (r *reader) one(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	s, err := r.stmt(ctx, query)
	if err != nil {
		return false, err
	}
	err = s.QueryRowContext(ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (r *reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := r.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// jsonList binds a list of keys as one parameter, read back with
// json_each: one prepared statement serves any number of keys.
func jsonList[T string | int64](keys []T) string {
	b, _ := json.Marshal(keys) // strings and integers always encode
	return string(b)
}

// nullTime stores an optional instant as NULL when absent.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return sqlitedb.FormatTime(*t)
}

func parseNullTime(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := sqlitedb.ParseTime(s.String)
	return &t, err
}

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}
