package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
)

// Meta keys.
const (
	MetaDeviceID = "device_id"
	MetaDemo     = "demo" // "1" on a demo database
	// Set by provisioning (sync/client): a console with a central URL is
	// provisioned, and the centre then owns its accounts and reference data.
	MetaCentralURL   = "central_url"
	MetaDeviceToken  = "device_token" // the device's bearer token for the centre
	MetaBranch       = "branch"       // the branch the console serves
	MetaDeviceNumber = "device_number"
	MetaPINKeyID     = "pin_key_id"
	MetaPINPublicKey = "pin_public_key"
	MetaFeedCursor   = "feed_cursor"   // resume the feed after this cursor
	MetaAuditShipped = "audit_shipped" // the centre holds the audit chain up to this seq
	MetaLastGoodSync = "last_good_sync"
)

// Meta returns a meta value, or "" when absent.
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	return meta(ctx, db.r, key)
}

// Meta returns a meta value within the transaction.
func (t *Tx) Meta(ctx context.Context, key string) (string, error) {
	return meta(ctx, t.tx, key)
}

func meta(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetMeta writes a meta value.
func (t *Tx) SetMeta(ctx context.Context, key, value string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// DeviceID returns this database's device id, or ErrNotInitialised.
func (db *DB) DeviceID(ctx context.Context) (string, error) {
	id, err := db.Meta(ctx, MetaDeviceID)
	if err == nil && id == "" {
		err = ErrNotInitialised
	}
	return id, err
}

// IsDemo reports whether the database was made by the demo seeder.
func (db *DB) IsDemo(ctx context.Context) (bool, error) {
	v, err := db.Meta(ctx, MetaDemo)
	return v == "1", err
}

// Counts reports how many members and accounts the database holds, to tell
// a new database from one in use.
func (db *DB) Counts(ctx context.Context) (members, users int, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM users)`).
		Scan(&members, &users)
	return members, users, err
}

// MarkDemo records that this database is a demo one.
func (db *DB) MarkDemo(ctx context.Context) error {
	return db.Write(ctx, func(tx *Tx) error { return tx.SetMeta(ctx, MetaDemo, "1") })
}

// Provisioned reports whether the console was provisioned from a centre.
func (db *DB) Provisioned(ctx context.Context) (bool, error) {
	v, err := db.Meta(ctx, MetaCentralURL)
	return v != "", err
}

// Provisioned reports it within the transaction.
func (t *Tx) Provisioned(ctx context.Context) (bool, error) {
	v, err := t.Meta(ctx, MetaCentralURL)
	return v != "", err
}

// DeviceNumber is the device's number within its branch (0 on a standalone
// console), which picks its block of request numbers.
func (t *Tx) DeviceNumber(ctx context.Context) (int, error) {
	v, err := t.Meta(ctx, MetaDeviceNumber)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.Atoi(v)
}
