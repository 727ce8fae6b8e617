// Package postgres owns the centre's PostgreSQL storage: its schema and
// migrations (embedded, applied by Open) and the queries behind
// central.Storage, with the same contract as central/sqlite (the suite in
// central/storagetest runs against both). It holds no rule: central
// decides, this package reads and writes.
//
// A Write is one READ COMMITTED transaction whose rule-bearing reads lock
// the rows they read (a device, a member, an account, a request, an entry,
// PIN issues) until the commit: writes about the same things run one after
// the other, each seeing what the previous committed, as on SQLite's
// single writer, while writes about different things run side by side.
// SERIALIZABLE was measured and refused: entry ids are UUIDv7, so the
// idempotency lookups of concurrent pushes share the newest index page, and
// with 16 pushing devices its predicate locks aborted more transactions
// than ten retries could absorb. A Write is retried on a deadlock, and on a
// unique violation (two writes found the same key free: the new attempt
// sees the winner's row and answers as the rules say). Feed rows get their
// seq only at commit, in commit order (see feed.go).
package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cnops/guichet/central"
)

// Options tune the pool.
type Options struct {
	// MaxConns bounds the connections held (default DefaultMaxConns).
	MaxConns int
	// StatementTimeout stops a statement that runs longer (default
	// DefaultStatementTimeout; migrations run without one).
	StatementTimeout time.Duration
}

// Defaults of Options.
const (
	DefaultMaxConns         = 16
	DefaultStatementTimeout = 30 * time.Second
)

// Store is the centre's PostgreSQL database: a pool of connections, each
// with its statement timeout.
type Store struct {
	pool *pgxpool.Pool
	// feedLock is the advisory lock key that orders feed seqs: the oid of
	// this schema's feed table, so centres in other schemas do not wait
	// on each other.
	feedLock int64
}

var _ central.Storage = (*Store)(nil)

// IsDSN reports whether a database.path names a PostgreSQL database
// (postgres:// or postgresql://) rather than an SQLite file.
func IsDSN(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// Redact is a DSN fit for a log line or a message: its password, if any,
// replaced.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// Open connects to the database a postgres:// URL names, checks that its
// schema (the first of search_path) is empty or a centre's, and applies
// pending migrations, one process at a time. The password is best given
// by the environment (PGPASSWORD) or ~/.pgpass rather than in the URL.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err // pgconn's parse errors hide the password
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = DefaultMaxConns
	}
	if opts.StatementTimeout <= 0 {
		opts.StatementTimeout = DefaultStatementTimeout
	}
	params := cfg.ConnConfig.RuntimeParams
	if params["application_name"] == "" {
		params["application_name"] = "guichet-central"
	}
	if err := migrate(ctx, cfg.ConnConfig.Copy()); err != nil {
		return nil, err
	}
	cfg.MaxConns = int32(opts.MaxConns)
	params["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{pool: pool}
	if err := pool.QueryRow(ctx, `SELECT 'feed'::regclass::oid::bigint`).Scan(&s.feedLock); err != nil {
		pool.Close()
		return nil, fmt.Errorf("finding the feed table: %w", err)
	}
	return s, nil
}

// Close closes the pool, waiting for the connections in use.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Retries of a Write that lost a race: deadlocks (and serialization
// failures, should a server force a stricter isolation) up to maxAttempts
// attempts, unique violations up to maxUniqueAttempts (one that persists
// is fn's own).
const (
	maxAttempts       = 10
	maxUniqueAttempts = 3
	firstBackoff      = 2 * time.Millisecond
	maxBackoff        = 250 * time.Millisecond
)

// Write runs fn in one transaction, committed when fn returns nil. When
// it loses a race with another write (see the package comment) it runs fn
// again on a new transaction, after a growing, jittered pause: fn must keep
// no effect of a failed attempt but what it wrote through the Tx.
func (s *Store) Write(ctx context.Context, fn func(central.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.write(ctx, fn)
		if err == nil || !retryable(err, attempt) {
			return err
		}
		pause := min(firstBackoff<<(attempt-1), maxBackoff)
		pause = pause/2 + rand.N(pause/2+1)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(pause):
		}
	}
}

func (s *Store) write(ctx context.Context, fn func(central.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("starting a write: %w", err)
	}
	pipe := &pipelinedTx{Tx: tx}
	w := &writer{reader: reader{tx: pipe, write: true}, pipe: pipe, feedLock: s.feedLock}
	err = fn(w)
	if err == nil {
		err = w.flushFeed(ctx)
	}
	if err == nil {
		err = pipe.flush(ctx)
	}
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

// retryable reports a race with another write that a new attempt may
// not meet.
func retryable(err error, attempt int) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return attempt < maxAttempts
	case "23505": // unique_violation
		return attempt < maxUniqueAttempts
	}
	return false
}

// Read runs fn in one read-only REPEATABLE READ transaction: every query
// sees the same snapshot.
func (s *Store) Read(ctx context.Context, fn func(central.Reader) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("starting a read: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return fn(&reader{tx: tx})
}
