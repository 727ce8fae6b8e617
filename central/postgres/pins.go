package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

const pinColumns = `id, regno, channel, state, branch, device_id, requested_by, requested_at, applied_at,
	coalesce(to_char(expires_on, 'YYYY-MM-DD'), ''), key_id, verifier, failures, coalesce(override::text, ''), batch,
	updated_at`

func scanPIN(row pgx.Rows) (central.PINRecord, error) {
	var p central.PINRecord
	var channel, state, override string
	err := row.Scan(&p.ID, &p.RegNo, &channel, &state, &p.Branch, &p.DeviceID, &p.RequestedBy, &p.RequestedAt,
		&p.AppliedAt, &p.ExpiresOn, &p.KeyID, &p.Verifier, &p.Failures, &override, &p.Batch, &p.UpdatedAt)
	p.Channel, p.State = domain.PINChannel(channel), domain.PINState(state)
	p.RequestedAt, p.AppliedAt, p.UpdatedAt = p.RequestedAt.UTC(), p.AppliedAt.UTC(), p.UpdatedAt.UTC()
	if err == nil && override != "" {
		p.Override = new(domain.PINOverride)
		err = json.Unmarshal([]byte(override), p.Override)
	}
	return p, err
}

// PINIssues lists a member's reissues in order of application.
func (r *reader) PINIssues(ctx context.Context, regno string) ([]central.PINRecord, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+pinColumns+` FROM pin_issues WHERE regno = $1 ORDER BY seq`+r.locking(""), regno)
	return collect(rows, err, scanPIN)
}

// PINs reads reissues by id in one query.
func (r *reader) PINs(ctx context.Context, ids []string) (map[string]central.PINRecord, error) {
	found := map[string]central.PINRecord{}
	if len(ids) == 0 {
		return found, nil
	}
	rows, err := r.tx.Query(ctx, `SELECT `+pinColumns+` FROM pin_issues WHERE id = ANY($1)`+r.locking(""), ids)
	return found, each(rows, err, func(row pgx.Rows) error {
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
	rows, err := r.tx.Query(ctx, `SELECT `+pinColumns+` FROM pin_issues WHERE channel = $1 AND state = $2
		AND applied_at < $3 ORDER BY seq`+r.locking(""), string(channel), string(domain.PINRequested), appliedBefore)
	return collect(rows, err, scanPIN)
}

// overrideJSON stores an override as JSON, or "" (NULL) when there is
// none.
func overrideJSON(o *domain.PINOverride) (string, error) {
	if o == nil {
		return "", nil
	}
	b, err := json.Marshal(o)
	return string(b), err
}

// InsertPIN records a reissue; seq gives its order of application.
func (w *writer) InsertPIN(ctx context.Context, p central.PINRecord) error {
	override, err := overrideJSON(p.Override)
	if err != nil {
		return err
	}
	err = w.hold(ctx, `INSERT INTO pin_issues (id, regno, channel, state, branch, device_id, requested_by,
		requested_at, applied_at, expires_on, key_id, verifier, failures, override, batch, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10::text, '')::date, $11, $12, $13,
		nullif($14::text, '')::jsonb, $15, $16)`,
		p.ID, p.RegNo, string(p.Channel), string(p.State), p.Branch, p.DeviceID, p.RequestedBy, p.RequestedAt,
		p.AppliedAt, p.ExpiresOn, p.KeyID, p.Verifier, p.Failures, override, p.Batch, p.UpdatedAt)
	return err
}

// UpdatePIN rewrites what changes in a reissue's life: its state, expiry,
// verifier and key id, failures, batch and UpdatedAt.
func (w *writer) UpdatePIN(ctx context.Context, p central.PINRecord) error {
	err := w.hold(ctx, `UPDATE pin_issues SET state = $1, expires_on = nullif($2::text, '')::date, key_id = $3,
		verifier = $4, failures = $5, batch = $6, updated_at = $7 WHERE id = $8`,
		string(p.State), p.ExpiresOn, p.KeyID, p.Verifier, p.Failures, p.Batch, p.UpdatedAt, p.ID)
	return err
}

const portalColumns = `name, token_sha256, created_at, revoked_at`

func scanPortalClient(row pgx.Rows) (central.PortalClient, error) {
	var c central.PortalClient
	err := row.Scan(&c.Name, &c.TokenSHA256, &c.CreatedAt, &c.RevokedAt)
	c.CreatedAt, c.RevokedAt = c.CreatedAt.UTC(), utc(c.RevokedAt)
	return c, err
}

// PortalClientByTokenHash reads the client holding a token digest (revoked
// or not: the caller decides).
func (r *reader) PortalClientByTokenHash(ctx context.Context, tokenSHA256 string) (central.PortalClient, bool, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+portalColumns+` FROM portal_clients WHERE token_sha256 = $1`, tokenSHA256)
	list, err := collect(rows, err, scanPortalClient)
	if err != nil || len(list) == 0 {
		return central.PortalClient{}, false, err
	}
	return list[0], true, nil
}

// PortalClients lists the clients, revoked ones too, by name then age.
func (r *reader) PortalClients(ctx context.Context) ([]central.PortalClient, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+portalColumns+` FROM portal_clients ORDER BY name, id`)
	return collect(rows, err, scanPortalClient)
}

// InsertPortalClient records a new client.
func (w *writer) InsertPortalClient(ctx context.Context, c central.PortalClient) error {
	err := w.hold(ctx, `INSERT INTO portal_clients (`+portalColumns+`) VALUES ($1, $2, $3, $4)`,
		c.Name, c.TokenSHA256, c.CreatedAt, c.RevokedAt)
	return err
}

// RevokePortalClient revokes the active client of that name; false when
// there is none.
func (w *writer) RevokePortalClient(ctx context.Context, name string, at time.Time) (bool, error) {
	n, err := w.exec(ctx, `UPDATE portal_clients SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL`, at, name)
	return n > 0, err
}

// SetAddressVerified flags the member's current address verified or not.
func (w *writer) SetAddressVerified(ctx context.Context, regno string, verified bool) error {
	id, err := w.memberID(ctx, regno)
	if err != nil {
		return err
	}
	err = w.hold(ctx, `UPDATE addresses SET verified = $1 WHERE member_id = $2 AND valid_to IS NULL`, verified, id)
	return err
}
