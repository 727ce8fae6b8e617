package sqlite

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

const requestColumns = `r.id, r.reference, m.regno, r.branch, r.base_version, r.requested_by, r.requested_at,
	r.line1, r.line2, r.quarter, r.city, r.postal_code, r.province, r.line_ar, r.evidence, r.exception, r.state,
	r.decided_by, r.decided_at, r.decision_reason`

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
	rows, err := r.query(ctx, `SELECT `+requestColumns+` FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE r.id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	return found, sqlitedb.Each(rows, err, func(row sqlitedb.Scanner) error {
		q, err := scanRequest(row)
		if err == nil {
			found[q.ID] = q
		}
		return err
	})
}

func scanRequest(row sqlitedb.Scanner) (wire.Request, error) {
	var q wire.Request
	var requested, evidence, exception, decided string
	a := &q.Address
	err := row.Scan(&q.ID, &q.Reference, &q.RegNo, &q.Branch, &q.BaseVersion, &q.RequestedBy, &requested,
		&a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province, &a.LineAr, &evidence, &exception, &q.State,
		&q.DecidedBy, &decided, &q.DecisionNote)
	if err == nil {
		q.RequestedAt, err = sqlitedb.ParseTime(requested)
	}
	if err == nil && decided != "" {
		var t time.Time
		t, err = sqlitedb.ParseTime(decided)
		q.DecidedAt = &t
	}
	if err == nil {
		err = unmarshalJSON(evidence, &q.Evidence)
	}
	if err == nil && exception != "" {
		q.Exception = new(domain.Exception)
		err = unmarshalJSON(exception, q.Exception)
	}
	return q, err
}

// ReferenceUsed reports whether a request already has the reference.
func (r *reader) ReferenceUsed(ctx context.Context, reference string) (bool, error) {
	var used bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM address_requests WHERE reference = ?)`, []any{reference}, &used)
	return used, err
}

// PendingRequestExists reports whether the member has a pending request.
func (r *reader) PendingRequestExists(ctx context.Context, regno string) (bool, error) {
	var exists bool
	_, err := r.one(ctx, `SELECT EXISTS (SELECT 1 FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE m.regno = ? AND r.state = 'pending')`, []any{regno}, &exists)
	return exists, err
}

// RequestBranches lists the branches that made a request for the member.
func (r *reader) RequestBranches(ctx context.Context, regno string) ([]string, error) {
	rows, err := r.query(ctx, `SELECT DISTINCT r.branch FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE m.regno = ? ORDER BY r.branch`, regno)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (s string, err error) {
		err = rs.Scan(&s)
		return s, err
	})(rows, err)
}

// InsertRequest adds a request.
func (w *writer) InsertRequest(ctx context.Context, q wire.Request) error {
	id, err := w.memberID(ctx, q.RegNo)
	if err != nil {
		return err
	}
	evidence, err := marshalJSON(q.Evidence)
	if err != nil {
		return err
	}
	exception := ""
	if q.Exception != nil {
		if exception, err = marshalJSON(q.Exception); err != nil {
			return err
		}
	}
	decided := ""
	if q.DecidedAt != nil {
		decided = sqlitedb.FormatTime(*q.DecidedAt)
	}
	a := q.Address
	_, err = w.exec(ctx, `INSERT INTO address_requests (id, reference, member_id, branch, base_version, requested_by,
		requested_at, line1, line2, quarter, city, postal_code, province, line_ar, evidence, exception, state,
		decided_by, decided_at, decision_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.ID, q.Reference, id, q.Branch, q.BaseVersion, q.RequestedBy, sqlitedb.FormatTime(q.RequestedAt),
		a.Line1, a.Line2, a.Quarter, a.City, a.PostalCode, a.Province, a.LineAr, evidence, exception, q.State,
		q.DecidedBy, decided, q.DecisionNote)
	return err
}

// DecideRequest records a request's outcome.
func (w *writer) DecideRequest(ctx context.Context, id string, state domain.RequestState, by string, at time.Time, reason string) error {
	_, err := w.exec(ctx, `UPDATE address_requests SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ?
		WHERE id = ?`, string(state), by, sqlitedb.FormatTime(at), reason, id)
	return err
}
