package postgres

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
)

// reader runs the queries inside one transaction (a snapshot for Read, the
// write itself for Write). pgx prepares and caches each statement per
// connection.
type reader struct {
	tx pgx.Tx
	// write says the queries run in a Write: the rows a rule reads
	// before it writes are then locked (see locking).
	write bool
}

// locking is the clause that, in a Write, locks the rows a query reads
// until the commit: a device (its pushes, entries and audit chain), a
// member, an account, a request, an entry, PIN issues. Two writes that
// read the same such row run one after the other, the second reading what
// the first committed (READ COMMITTED sees the newest rows once the lock
// is granted), as on SQLite's single writer. NO KEY UPDATE leaves rows of
// other tables free to reference the locked one. of names the table to
// lock in a join.
func (r *reader) locking(of string) string {
	switch {
	case !r.write:
		return ""
	case of != "":
		return " FOR NO KEY UPDATE OF " + of
	}
	return " FOR NO KEY UPDATE"
}

// writer adds the writes to the queries, and keeps the feed rows appended
// until the commit gives them their seqs.
type writer struct {
	reader
	pipe       *pipelinedTx
	feedLock   int64
	feed       []feedRow
	savepoints []savepoint
}

// savepoint remembers how many feed rows were appended when it was set,
// so that rolling back to it drops the later ones too.
type savepoint struct {
	name string
	feed int
}

// one scans the single row of a query; ok is false when there is none.
func (r *reader) one(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	err := r.tx.QueryRow(ctx, query, args...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (r *reader) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := r.tx.Exec(ctx, query, args...)
	return tag.RowsAffected(), err
}

// collect scans every row of a query with scan; no row is a nil slice, as
// central/sqlite answers.
func collect[T any](rows pgx.Rows, err error, scan func(pgx.Rows) (T, error)) ([]T, error) {
	var out []T
	err = each(rows, err, func(row pgx.Rows) error {
		v, err := scan(row)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each calls fn on every row of a query's result until fn fails; it closes
// the rows.
func each(rows pgx.Rows, err error, fn func(pgx.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// column scans a one-column row.
func column[T any](row pgx.Rows) (T, error) {
	var v T
	err := row.Scan(&v)
	return v, err
}

// utc is an optional instant read back, in UTC as central/sqlite gives
// them (pgx reads timestamptz in the local zone).
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// savepointName guards the names spliced into SAVEPOINT statements.
var savepointName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

func (w *writer) savepoint(ctx context.Context, verb, name string) error {
	if !savepointName.MatchString(name) {
		return fmt.Errorf("central/postgres: bad savepoint name %q", name)
	}
	return w.hold(ctx, verb+" "+name)
}

// hold queues a write whose answer is not needed (pipeline.go).
func (w *writer) hold(ctx context.Context, sql string, args ...any) error {
	return w.pipe.hold(ctx, sql, args...)
}

// lastSavepoint is the index of the newest savepoint of that name, -1 when
// none (SQL names the newest when a name is reused).
func (w *writer) lastSavepoint(name string) int {
	for i := len(w.savepoints) - 1; i >= 0; i-- {
		if w.savepoints[i].name == name {
			return i
		}
	}
	return -1
}

// Savepoint starts a savepoint within the write.
func (w *writer) Savepoint(ctx context.Context, name string) error {
	if err := w.savepoint(ctx, "SAVEPOINT", name); err != nil {
		return err
	}
	w.savepoints = append(w.savepoints, savepoint{name: name, feed: len(w.feed)})
	return nil
}

// RollbackTo undoes what was done since the savepoint, feed rows included;
// the savepoint stays open, later ones end.
func (w *writer) RollbackTo(ctx context.Context, name string) error {
	if err := w.savepoint(ctx, "ROLLBACK TO SAVEPOINT", name); err != nil {
		return err
	}
	if i := w.lastSavepoint(name); i >= 0 {
		w.feed = w.feed[:w.savepoints[i].feed]
		w.savepoints = w.savepoints[:i+1]
	}
	return nil
}

// Release ends the savepoint (and later ones), keeping their work in the
// transaction.
func (w *writer) Release(ctx context.Context, name string) error {
	if err := w.savepoint(ctx, "RELEASE SAVEPOINT", name); err != nil {
		return err
	}
	if i := w.lastSavepoint(name); i >= 0 {
		w.savepoints = w.savepoints[:i]
	}
	return nil
}
