package sqlite

import (
	"context"

	"github.com/cnops/guichet/domain"
)

// SetDevicePINKey records the sealed-box key id a device last received.
func (w *writer) SetDevicePINKey(ctx context.Context, id, keyID string) error {
	_, err := w.exec(ctx, `UPDATE devices SET pin_key_id = ? WHERE id = ?`, keyID, id)
	return err
}

// PINKeyUse counts the live verifiers (active PINs expiring on liveFrom or
// later) by HMAC key id, from the index pin_issues_key.
func (r *reader) PINKeyUse(ctx context.Context, liveFrom string) (map[string]int, error) {
	rows, err := r.query(ctx, `SELECT key_id, count(*) FROM pin_issues WHERE state = ? AND expires_on >= ?
		GROUP BY key_id`, string(domain.PINActive), liveFrom)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	use := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		use[id] = n
	}
	return use, rows.Err()
}
