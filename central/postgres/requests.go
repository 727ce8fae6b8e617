package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

const requestColumns = `r.id, r.reference, m.regno, r.branch, r.base_version, r.requested_by, r.requested_at,
	r.line1, r.line2, r.quarter, r.city, r.postal_code, r.province, r.line_ar, r.evidence::text,
	coalesce(r.exception::text, ''), r.state, r.decided_by, r.decided_at, r.decision_reason`

// Request reads a request by id.
func (r *reader) Request(ctx context.Context, id string) (wire.Request, bool, error) {
	found, err := r.Requests(ctx, []string{id})
	q, ok := found[id]
	return q, ok, err
}

// Requests reads requests by id in one query.
func (r *reader) Requests(ctx context.Context, ids []string) (map[string]wire.Request, error) {
	found := map[string]wire.Request{}
	if len(ids) == 0 {
		return found, nil
	}
	rows, err := r.tx.Query(ctx, `SELECT `+requestColumns+` FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE r.id = ANY($1)`+r.locking("r"), ids)
	return found, each(rows, err, func(row pgx.Rows) error {
		q, err := scanRequest(row)
		if err == nil {
			found[q.ID] = q
		}
		return err
	})
}

func scanRequest(row pgx.Rows) (wire.Request, error) {
	var q wire.Request
	var evidence, exception string
	a := &q.Address
	err := row.Scan(&q.ID, &q.Reference, &q.RegNo, &q.Branch, &q.BaseVersion, &q.RequestedBy, &q.RequestedAt,
		&a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province, &a.LineAr, &evidence, &exception, &q.State,
		&q.DecidedBy, &q.DecidedAt, &q.DecisionNote)
	q.RequestedAt, q.DecidedAt = q.RequestedAt.UTC(), utc(q.DecidedAt)
	if err == nil {
		err = json.Unmarshal([]byte(evidence), &q.Evidence)
	}
	if err == nil && exception != "" {
		q.Exception = new(domain.Exception)
		err = json.Unmarshal([]byte(exception), q.Exception)
	}
	return q, err
}

// ReferenceUsed reports whether a request already has the reference.
func (r *reader) ReferenceUsed(ctx context.Context, reference string) (bool, error) {
	var used bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM address_requests WHERE reference = $1)`, []any{reference}, &used)
	return used, err
}

// PendingRequestExists reports whether the member has a pending request.
func (r *reader) PendingRequestExists(ctx context.Context, regno string) (bool, error) {
	var exists bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE m.regno = $1 AND r.state = 'pending')`, []any{regno}, &exists)
	return exists, err
}

// RequestBranches lists the branches that made a request for the member.
func (r *reader) RequestBranches(ctx context.Context, regno string) ([]string, error) {
	rows, err := r.tx.Query(ctx, `SELECT DISTINCT r.branch FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE m.regno = $1 ORDER BY r.branch`, regno)
	return collect(rows, err, column[string])
}

// InsertRequest adds a request.
func (w *writer) InsertRequest(ctx context.Context, q wire.Request) error {
	evidence, err := json.Marshal(q.Evidence)
	if err != nil {
		return err
	}
	exception := ""
	if q.Exception != nil {
		b, err := json.Marshal(q.Exception)
		if err != nil {
			return err
		}
		exception = string(b)
	}
	a := q.Address
	err = w.hold(ctx, `INSERT INTO address_requests (id, reference, member_id, branch, base_version, requested_by,
		requested_at, line1, line2, quarter, city, postal_code, province, line_ar, evidence, exception, state,
		decided_by, decided_at, decision_reason) VALUES ($1, $2, (SELECT id FROM members WHERE regno = $3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
		$15::text::jsonb, nullif($16::text, '')::jsonb, $17, $18, $19, $20)`,
		q.ID, q.Reference, q.RegNo, q.Branch, q.BaseVersion, q.RequestedBy, q.RequestedAt,
		a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, string(evidence), exception, q.State,
		q.DecidedBy, q.DecidedAt, q.DecisionNote)
	return err
}

// DecideRequest records a request's outcome.
func (w *writer) DecideRequest(ctx context.Context, id string, state domain.RequestState, by string, at time.Time, reason string) error {
	err := w.hold(ctx, `UPDATE address_requests SET state = $1, decided_by = $2, decided_at = $3, decision_reason = $4
		WHERE id = $5`, string(state), by, at, reason, id)
	return err
}
