package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
)

// MemberAuditRecords lists the devices' audit records about a member: by
// subject (audit_records_subject) and by the members their detail names
// (audit_mentions), by device then seq.
func (r *reader) MemberAuditRecords(ctx context.Context, regno string, subjects []string) ([]central.DeviceAuditRecord, error) {
	if subjects == nil {
		subjects = []string{}
	}
	rows, err := r.tx.Query(ctx, `SELECT device_id, seq, at, actor, action, subject, detail, prev_hash, hash
		FROM audit_records WHERE subject = ANY($1)
		UNION
		SELECT a.device_id, a.seq, a.at, a.actor, a.action, a.subject, a.detail, a.prev_hash, a.hash
		FROM audit_mentions m JOIN audit_records a ON a.device_id = m.device_id AND a.seq = m.seq
		WHERE m.regno = $2
		ORDER BY 1, 2`, subjects, regno)
	return collect(rows, err, func(rs pgx.Rows) (d central.DeviceAuditRecord, err error) {
		var at string
		if err = rs.Scan(&d.DeviceID, &d.Seq, &at, &d.Actor, &d.Action, &d.Subject, &d.Detail, &d.PrevHash, &d.Hash); err == nil {
			d.At, err = time.Parse(time.RFC3339Nano, at) // the text the record's hash covers
		}
		return d, err
	})
}

// MemberRequestRefs lists the references of a member's requests.
func (r *reader) MemberRequestRefs(ctx context.Context, regno string) ([]string, error) {
	rows, err := r.tx.Query(ctx, `SELECT q.reference FROM address_requests q JOIN members m ON m.id = q.member_id
		WHERE m.regno = $1 ORDER BY q.reference`, regno)
	return collect(rows, err, column[string])
}

// MemberAccessLines lists the access log's lines about a member, oldest
// first (access_log_subject).
func (r *reader) MemberAccessLines(ctx context.Context, regno string) ([]central.AccessEntry, error) {
	rows, err := r.tx.Query(ctx, `SELECT at, device_id, actor, action, subject FROM access_log WHERE subject = $1
		ORDER BY at, id`, regno)
	return collect(rows, err, func(rs pgx.Rows) (e central.AccessEntry, err error) {
		err = rs.Scan(&e.At, &e.DeviceID, &e.Actor, &e.Action, &e.Subject)
		e.At = e.At.UTC()
		return e, err
	})
}

// AddAuditMentions records the members a stored audit record names, each
// once; the statement is held back (pipeline.go).
func (w *writer) AddAuditMentions(ctx context.Context, deviceID string, seq int64, regnos []string) error {
	return w.hold(ctx, `INSERT INTO audit_mentions (regno, device_id, seq)
		SELECT DISTINCT unnest($3::text[]), $1::text, $2::bigint ON CONFLICT DO NOTHING`, deviceID, seq, regnos)
}
