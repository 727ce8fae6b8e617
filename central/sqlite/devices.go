package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

const deviceColumns = `id, name, branch, number, token_sha256, created_at, revoked_at, last_seen, pin_key_id`

func scanDevice(row sqlitedb.Scanner) (central.DeviceRecord, error) {
	var d central.DeviceRecord
	var created string
	var revoked, seen sql.NullString
	err := row.Scan(&d.ID, &d.Name, &d.Branch, &d.Number, &d.TokenSHA256, &created, &revoked, &seen, &d.PINKeyID)
	if err == nil {
		d.CreatedAt, err = sqlitedb.ParseTime(created)
	}
	if err == nil {
		d.RevokedAt, err = parseNullTime(revoked)
	}
	if err == nil {
		d.LastSeen, err = parseNullTime(seen)
	}
	return d, err
}

func (r *reader) oneDevice(ctx context.Context, where string, arg any) (central.DeviceRecord, bool, error) {
	rows, err := r.query(ctx, `SELECT `+deviceColumns+` FROM devices WHERE `+where, arg)
	list, err := sqlitedb.Collect(scanDevice)(rows, err)
	if err != nil || len(list) == 0 {
		return central.DeviceRecord{}, false, err
	}
	return list[0], true, nil
}

// Device reads a device by id.
func (r *reader) Device(ctx context.Context, id string) (central.DeviceRecord, bool, error) {
	return r.oneDevice(ctx, `id = ?`, id)
}

// DeviceByTokenHash reads the device holding a token digest.
func (r *reader) DeviceByTokenHash(ctx context.Context, tokenSHA256 string) (central.DeviceRecord, bool, error) {
	return r.oneDevice(ctx, `token_sha256 = ?`, tokenSHA256)
}

// Devices lists the devices by branch and number.
func (r *reader) Devices(ctx context.Context) ([]central.DeviceRecord, error) {
	rows, err := r.query(ctx, `SELECT `+deviceColumns+` FROM devices ORDER BY branch, number`)
	return sqlitedb.Collect(scanDevice)(rows, err)
}

// MaxDeviceNumber is the highest device number of a branch, 0 when none.
func (r *reader) MaxDeviceNumber(ctx context.Context, branch string) (int, error) {
	var n int
	_, err := r.one(ctx, `SELECT coalesce(max(number), 0) FROM devices WHERE branch = ?`, []any{branch}, &n)
	return n, err
}

// InsertDevice records a new device.
func (w *writer) InsertDevice(ctx context.Context, d central.DeviceRecord) error {
	_, err := w.exec(ctx, `INSERT INTO devices (`+deviceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Name, d.Branch, d.Number, d.TokenSHA256, sqlitedb.FormatTime(d.CreatedAt), nullTime(d.RevokedAt),
		nullTime(d.LastSeen), d.PINKeyID)
	return err
}

// RevokeDevice marks a device revoked (the first revocation time stays).
func (w *writer) RevokeDevice(ctx context.Context, id string, at time.Time) error {
	_, err := w.exec(ctx, `UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, sqlitedb.FormatTime(at), id)
	return err
}

// TouchDevice records when a device was last seen.
func (w *writer) TouchDevice(ctx context.Context, id string, at time.Time) error {
	_, err := w.exec(ctx, `UPDATE devices SET last_seen = ? WHERE id = ?`, sqlitedb.FormatTime(at), id)
	return err
}

// Branch reads a branch by code.
func (r *reader) Branch(ctx context.Context, code string) (wire.Branch, bool, error) {
	var b wire.Branch
	ok, err := r.one(ctx, `SELECT code, name, city, region FROM branches WHERE code = ?`, []any{code},
		&b.Code, &b.Name, &b.City, &b.Region)
	return b, ok, err
}

// Branches lists the branches by code.
func (r *reader) Branches(ctx context.Context) ([]wire.Branch, error) {
	rows, err := r.query(ctx, `SELECT code, name, city, region FROM branches ORDER BY code`)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (b wire.Branch, err error) {
		err = rs.Scan(&b.Code, &b.Name, &b.City, &b.Region)
		return b, err
	})(rows, err)
}

// InsertBranch adds a branch.
func (w *writer) InsertBranch(ctx context.Context, b wire.Branch) error {
	_, err := w.exec(ctx, `INSERT INTO branches (code, name, city, region) VALUES (?, ?, ?, ?)`,
		b.Code, b.Name, b.City, b.Region)
	return err
}
