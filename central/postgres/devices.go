package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

const deviceColumns = `id, name, branch, number, token_sha256, created_at, revoked_at, last_seen, pin_key_id`

func scanDevice(row pgx.Rows) (central.DeviceRecord, error) {
	var d central.DeviceRecord
	err := row.Scan(&d.ID, &d.Name, &d.Branch, &d.Number, &d.TokenSHA256, &d.CreatedAt, &d.RevokedAt, &d.LastSeen, &d.PINKeyID)
	d.CreatedAt, d.RevokedAt, d.LastSeen = d.CreatedAt.UTC(), utc(d.RevokedAt), utc(d.LastSeen)
	return d, err
}

func (r *reader) oneDevice(ctx context.Context, where string, arg any) (central.DeviceRecord, bool, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+deviceColumns+` FROM devices WHERE `+where+r.locking(""), arg)
	list, err := collect(rows, err, scanDevice)
	if err != nil || len(list) == 0 {
		return central.DeviceRecord{}, false, err
	}
	return list[0], true, nil
}

// Device reads a device by id.
func (r *reader) Device(ctx context.Context, id string) (central.DeviceRecord, bool, error) {
	return r.oneDevice(ctx, `id = $1`, id)
}

// DeviceByTokenHash reads the device holding a token digest.
func (r *reader) DeviceByTokenHash(ctx context.Context, tokenSHA256 string) (central.DeviceRecord, bool, error) {
	return r.oneDevice(ctx, `token_sha256 = $1`, tokenSHA256)
}

// Devices lists the devices by branch and number.
func (r *reader) Devices(ctx context.Context) ([]central.DeviceRecord, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+deviceColumns+` FROM devices ORDER BY branch, number`)
	return collect(rows, err, scanDevice)
}

// MaxDeviceNumber is the highest device number of a branch, 0 when none.
func (r *reader) MaxDeviceNumber(ctx context.Context, branch string) (int, error) {
	var n int
	_, err := r.one(ctx, `SELECT coalesce(max(number), 0) FROM devices WHERE branch = $1`, []any{branch}, &n)
	return n, err
}

// InsertDevice records a new device.
func (w *writer) InsertDevice(ctx context.Context, d central.DeviceRecord) error {
	err := w.hold(ctx, `INSERT INTO devices (`+deviceColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		d.ID, d.Name, d.Branch, d.Number, d.TokenSHA256, d.CreatedAt, d.RevokedAt, d.LastSeen, d.PINKeyID)
	return err
}

// RevokeDevice marks a device revoked (the first revocation time stays).
func (w *writer) RevokeDevice(ctx context.Context, id string, at time.Time) error {
	err := w.hold(ctx, `UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, at, id)
	return err
}

// TouchDevice records when a device was last seen.
func (w *writer) TouchDevice(ctx context.Context, id string, at time.Time) error {
	err := w.hold(ctx, `UPDATE devices SET last_seen = $1 WHERE id = $2`, at, id)
	return err
}

// Branch reads a branch by code.
func (r *reader) Branch(ctx context.Context, code string) (wire.Branch, bool, error) {
	var b wire.Branch
	ok, err := r.one(ctx, `SELECT code, name, city, region FROM branches WHERE code = $1`, []any{code},
		&b.Code, &b.Name, &b.City, &b.Region)
	return b, ok, err
}

// Branches lists the branches by code.
func (r *reader) Branches(ctx context.Context) ([]wire.Branch, error) {
	rows, err := r.tx.Query(ctx, `SELECT code, name, city, region FROM branches ORDER BY code`)
	return collect(rows, err, func(rs pgx.Rows) (b wire.Branch, err error) {
		err = rs.Scan(&b.Code, &b.Name, &b.City, &b.Region)
		return b, err
	})
}

// InsertBranch adds a branch.
func (w *writer) InsertBranch(ctx context.Context, b wire.Branch) error {
	err := w.hold(ctx, `INSERT INTO branches (code, name, city, region) VALUES ($1, $2, $3, $4)`,
		b.Code, b.Name, b.City, b.Region)
	return err
}
