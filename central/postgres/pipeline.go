package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A push applies each entry with a dozen statements; sent one by one, each
// is a round trip to the server, and the round trips, not the server's
// work, set the pace. So a write holds back the statements whose answer it
// does not need (savepoints, inserts, updates) and sends them in front of
// the next statement that must answer, in one round trip: the server runs
// them in order, so that statement sees their work, and an error in any of
// them fails it, as it would have failed the write one statement earlier.

// maxHeld bounds the statements held back (a bulk load issues thousands
// without a query in between).
const maxHeld = 512

// pipelinedTx is the transaction of a Write with its held-back statements.
type pipelinedTx struct {
	pgx.Tx
	held []*pgx.QueuedQuery
}

// hold queues a statement whose answer the write does not need.
func (p *pipelinedTx) hold(ctx context.Context, sql string, args ...any) error {
	p.held = append(p.held, &pgx.QueuedQuery{SQL: sql, Arguments: args})
	if len(p.held) < maxHeld {
		return nil
	}
	return p.flush(ctx)
}

// flush sends what is held (before the commit).
func (p *pipelinedTx) flush(ctx context.Context) error {
	if len(p.held) == 0 {
		return nil
	}
	br, err := p.send(ctx, nil)
	if err != nil {
		return err
	}
	return br.Close()
}

// send sends the held statements then those of last in one batch, checks
// the held ones' outcomes and leaves last's answers to the caller.
func (p *pipelinedTx) send(ctx context.Context, last *pgx.Batch) (pgx.BatchResults, error) {
	b := &pgx.Batch{QueuedQueries: p.held}
	if last != nil {
		b.QueuedQueries = append(b.QueuedQueries, last.QueuedQueries...)
	}
	held := len(p.held)
	p.held = nil
	br := p.Tx.SendBatch(ctx, b)
	for range held {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
	}
	return br, nil
}

// Query sends the held statements in front of the query.
func (p *pipelinedTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if len(p.held) == 0 {
		return p.Tx.Query(ctx, sql, args...)
	}
	last := &pgx.Batch{}
	last.Queue(sql, args...)
	br, err := p.send(ctx, last)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

// QueryRow is Query for one row.
func (p *pipelinedTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if len(p.held) == 0 {
		return p.Tx.QueryRow(ctx, sql, args...)
	}
	rows, err := p.Query(ctx, sql, args...)
	return firstRow{rows: rows, err: err}
}

// Exec sends the held statements in front of one whose answer is needed.
func (p *pipelinedTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if len(p.held) == 0 {
		return p.Tx.Exec(ctx, sql, args...)
	}
	last := &pgx.Batch{}
	last.Queue(sql, args...)
	br, err := p.send(ctx, last)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

// SendBatch sends the held statements in front of the batch.
func (p *pipelinedTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if len(p.held) == 0 {
		return p.Tx.SendBatch(ctx, b)
	}
	br, err := p.send(ctx, b)
	if err != nil {
		return failedBatch{err}
	}
	return br
}

// batchRows are a query's rows read from a batch: closing them ends the
// batch.
type batchRows struct {
	pgx.Rows
	br pgx.BatchResults
}

func (r *batchRows) Close() {
	r.Rows.Close()
	r.br.Close()
}

// firstRow is pgx.Row over rows.
type firstRow struct {
	rows pgx.Rows
	err  error
}

func (r firstRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}

// failedBatch answers every result of a batch that could not be sent with
// the error.
type failedBatch struct{ err error }

func (f failedBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, f.err }
func (f failedBatch) Query() (pgx.Rows, error)         { return nil, f.err }
func (f failedBatch) QueryRow() pgx.Row                { return firstRow{err: f.err} }
func (f failedBatch) Close() error                     { return f.err }
func (f failedBatch) Tx() pgx.Tx                       { return nil }
