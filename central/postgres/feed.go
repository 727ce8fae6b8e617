package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
)

// A device pages through the feed with a cursor: the last seq it read. A
// seq drawn from a sequence when the row is inserted would be handed out
// in insert order, not commit order: a transaction that draws seq 10 and
// commits after another that drew 11 would let a reader see 11, move its
// cursor past 10, and never see 10. So rows wait in memory until the
// commit: the writer then takes a transaction-scoped advisory lock (held
// until its commit is visible), draws its seqs and inserts its rows, and
// commits. The next writer draws its seqs only once the previous one has
// committed or rolled back: seqs become visible in order, and a reader
// never sees seq N+1 before N. Only that last step is serialised.

// feedRow is a feed row waiting for the commit.
type feedRow struct{ branch, kind, key string }

// AppendFeed appends one feed row per branch, in the order given; the rows
// get their seqs at commit (the queries of this transaction do not see
// them).
func (w *writer) AppendFeed(ctx context.Context, kind, key string, branches ...string) error {
	for _, b := range branches {
		w.feed = append(w.feed, feedRow{branch: b, kind: kind, key: key})
	}
	return nil
}

// flushFeed inserts the rows appended, with seqs drawn under the feed
// lock, in one round trip; the caller commits right after.
func (w *writer) flushFeed(ctx context.Context) error {
	if len(w.feed) == 0 {
		return nil
	}
	branches := make([]string, len(w.feed))
	kinds := make([]string, len(w.feed))
	keys := make([]string, len(w.feed))
	for i, f := range w.feed {
		branches[i], kinds[i], keys[i] = f.branch, f.kind, f.key
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1)`, w.feedLock)
	// setval(nextval + n - 1) draws n seqs at once: last is the highest.
	b.Queue(`WITH drawn AS (SELECT setval('feed_seq', nextval('feed_seq') + $1 - 1) AS last)
		INSERT INTO feed (seq, branch, kind, key)
		SELECT drawn.last - $1 + u.n, u.branch, u.kind, u.key
		FROM drawn, unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(branch, kind, key, n)`,
		int64(len(w.feed)), branches, kinds, keys)
	return w.tx.SendBatch(ctx, b).Close()
}

// FeedHead is the newest feed seq committed.
func (r *reader) FeedHead(ctx context.Context) (int64, error) {
	var seq int64
	_, err := r.one(ctx, `SELECT coalesce(max(seq), 0) FROM feed`, nil, &seq)
	return seq, err
}

// FeedAfter returns the branch's feed rows (its own and those for every
// branch) after a cursor, in seq order: two index range scans merged.
func (r *reader) FeedAfter(ctx context.Context, branch string, after int64, limit int) ([]central.FeedRow, error) {
	rows, err := r.tx.Query(ctx, `SELECT seq, kind, key FROM (
			(SELECT seq, kind, key FROM feed WHERE branch = $1 AND seq > $2 ORDER BY seq LIMIT $3)
			UNION ALL
			(SELECT seq, kind, key FROM feed WHERE branch = $4 AND seq > $2 ORDER BY seq LIMIT $3)
		) f ORDER BY seq LIMIT $3`, branch, after, limit, central.AllBranches)
	return collect(rows, err, func(rs pgx.Rows) (f central.FeedRow, err error) {
		err = rs.Scan(&f.Seq, &f.Kind, &f.Key)
		return f, err
	})
}
