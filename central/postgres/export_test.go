package postgres

import "context"

// Sleep runs pg_sleep on a connection of the pool: a statement as long as
// a test needs.
func (s *Store) Sleep(ctx context.Context, seconds float64) error {
	_, err := s.pool.Exec(ctx, `SELECT pg_sleep($1)`, seconds)
	return err
}
