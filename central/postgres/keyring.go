package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/domain"
)

// SetDevicePINKey records the sealed-box key id a device last received.
func (w *writer) SetDevicePINKey(ctx context.Context, id, keyID string) error {
	return w.hold(ctx, `UPDATE devices SET pin_key_id = $1 WHERE id = $2`, keyID, id)
}

// PINKeyUse counts the live verifiers (active PINs expiring on liveFrom or
// later) by HMAC key id, from the index pin_issues_key.
func (r *reader) PINKeyUse(ctx context.Context, liveFrom string) (map[string]int, error) {
	rows, err := r.tx.Query(ctx, `SELECT key_id, count(*) FROM pin_issues WHERE state = $1 AND expires_on >= $2::date
		GROUP BY key_id`, string(domain.PINActive), liveFrom)
	use := map[string]int{}
	return use, each(rows, err, func(row pgx.Rows) error {
		var id string
		var n int
		err := row.Scan(&id, &n)
		use[id] = n
		return err
	})
}
