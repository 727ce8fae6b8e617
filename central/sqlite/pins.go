package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

const pinColumns = `id, regno, channel, state, branch, device_id, requested_by, requested_at, applied_at,
	expires_on, key_id, verifier, failures, override, batch, updated_at`

func scanPIN(row sqlitedb.Scanner) (central.PINRecord, error) {
	var p central.PINRecord
	var channel, state, requested, applied, override, updated string
	err := row.Scan(&p.ID, &p.RegNo, &channel, &state, &p.Branch, &p.DeviceID, &p.RequestedBy, &requested, &applied,
		&p.ExpiresOn, &p.KeyID, &p.Verifier, &p.Failures, &override, &p.Batch, &updated)
	p.Channel, p.State = domain.PINChannel(channel), domain.PINState(state)
	if err == nil {
		p.RequestedAt, err = sqlitedb.ParseTime(requested)
	}
	if err == nil {
		p.AppliedAt, err = sqlitedb.ParseTime(applied)
	}
	if err == nil {
		p.UpdatedAt, err = sqlitedb.ParseTime(updated)
	}
	if err == nil && override != "" {
		p.Override = new(domain.PINOverride)
		err = unmarshalJSON(override, p.Override)
	}
	return p, err
}

// PINIssues lists a member's reissues in order of application.
func (r *reader) PINIssues(ctx context.Context, regno string) ([]central.PINRecord, error) {
	rows, err := r.query(ctx, `SELECT `+pinColumns+` FROM pin_issues WHERE regno = ? ORDER BY seq`, regno)
	return sqlitedb.Collect(scanPIN)(rows, err)
}

// PINs reads reissues by id in one query.
func (r *reader) PINs(ctx context.Context, ids []string) (map[string]central.PINRecord, error) {
	found := map[string]central.PINRecord{}
	if len(ids) == 0 {
		return found, nil
	}
	rows, err := r.query(ctx, `SELECT `+pinColumns+` FROM pin_issues WHERE id IN (SELECT value FROM json_each(?))`,
		jsonList(ids))
	return found, sqlitedb.Each(rows, err, func(row sqlitedb.Scanner) error {
		p, err := scanPIN(row)
		if err == nil {
			found[p.ID] = p
		}
		return err
	})
}

// PINsAwaiting lists a channel's reissues still requested, applied before
// the given time, in order of application.
func (r *reader) PINsAwaiting(ctx context.Context, channel domain.PINChannel, appliedBefore time.Time) ([]central.PINRecord, error) {
	rows, err := r.query(ctx, `SELECT `+pinColumns+` FROM pin_issues WHERE channel = ? AND state = ? AND applied_at < ?
		ORDER BY seq`, string(channel), string(domain.PINRequested), sqlitedb.FormatTime(appliedBefore))
	return sqlitedb.Collect(scanPIN)(rows, err)
}

// overrideJSON stores an override as JSON, or the empty string when there
// is none.
func overrideJSON(o *domain.PINOverride) (string, error) {
	if o == nil {
		return "", nil
	}
	return marshalJSON(o)
}

// InsertPIN records a reissue; seq gives its order of application.
func (w *writer) InsertPIN(ctx context.Context, p central.PINRecord) error {
	override, err := overrideJSON(p.Override)
	if err != nil {
		return err
	}
	_, err = w.exec(ctx, `INSERT INTO pin_issues (`+pinColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.RegNo, string(p.Channel), string(p.State), p.Branch, p.DeviceID, p.RequestedBy,
		sqlitedb.FormatTime(p.RequestedAt), sqlitedb.FormatTime(p.AppliedAt), p.ExpiresOn, p.KeyID, p.Verifier,
		p.Failures, override, p.Batch, sqlitedb.FormatTime(p.UpdatedAt))
	return err
}

// UpdatePIN rewrites what changes in a reissue's life: its state, expiry,
// verifier and key id, failures, batch and UpdatedAt.
func (w *writer) UpdatePIN(ctx context.Context, p central.PINRecord) error {
	_, err := w.exec(ctx, `UPDATE pin_issues SET state = ?, expires_on = ?, key_id = ?, verifier = ?, failures = ?,
		batch = ?, updated_at = ? WHERE id = ?`,
		string(p.State), p.ExpiresOn, p.KeyID, p.Verifier, p.Failures, p.Batch, sqlitedb.FormatTime(p.UpdatedAt), p.ID)
	return err
}

const portalColumns = `name, token_sha256, created_at, revoked_at`

func scanPortalClient(row sqlitedb.Scanner) (central.PortalClient, error) {
	var c central.PortalClient
	var created string
	var revoked sql.NullString
	err := row.Scan(&c.Name, &c.TokenSHA256, &created, &revoked)
	if err == nil {
		c.CreatedAt, err = sqlitedb.ParseTime(created)
	}
	if err == nil {
		c.RevokedAt, err = parseNullTime(revoked)
	}
	return c, err
}

// PortalClientByTokenHash reads the client holding a token digest (revoked
// or not: the caller decides).
func (r *reader) PortalClientByTokenHash(ctx context.Context, tokenSHA256 string) (central.PortalClient, bool, error) {
	rows, err := r.query(ctx, `SELECT `+portalColumns+` FROM portal_clients WHERE token_sha256 = ?`, tokenSHA256)
	list, err := sqlitedb.Collect(scanPortalClient)(rows, err)
	if err != nil || len(list) == 0 {
		return central.PortalClient{}, false, err
	}
	return list[0], true, nil
}

// PortalClients lists the clients, revoked ones too, by name then age.
func (r *reader) PortalClients(ctx context.Context) ([]central.PortalClient, error) {
	rows, err := r.query(ctx, `SELECT `+portalColumns+` FROM portal_clients ORDER BY name, id`)
	return sqlitedb.Collect(scanPortalClient)(rows, err)
}

// InsertPortalClient records a new client.
func (w *writer) InsertPortalClient(ctx context.Context, c central.PortalClient) error {
	_, err := w.exec(ctx, `INSERT INTO portal_clients (`+portalColumns+`) VALUES (?, ?, ?, ?)`,
		c.Name, c.TokenSHA256, sqlitedb.FormatTime(c.CreatedAt), nullTime(c.RevokedAt))
	return err
}

// RevokePortalClient revokes the active client of that name; false when
// there is none.
func (w *writer) RevokePortalClient(ctx context.Context, name string, at time.Time) (bool, error) {
	res, err := w.exec(ctx, `UPDATE portal_clients SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL`,
		sqlitedb.FormatTime(at), name)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// SetAddressVerified flags the member's current address verified or not.
func (w *writer) SetAddressVerified(ctx context.Context, regno string, verified bool) error {
	id, err := w.memberID(ctx, regno)
	if err != nil {
		return err
	}
	_, err = w.exec(ctx, `UPDATE addresses SET verified = ? WHERE member_id = ? AND valid_to IS NULL`, bit(verified), id)
	return err
}
