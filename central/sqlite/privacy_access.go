package sqlite

import (
	"context"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// MemberAuditRecords lists the devices' audit records about a member: by
// subject (audit_records_subject) and by the members their detail names
// (audit_mentions), by device then seq.
func (r *reader) MemberAuditRecords(ctx context.Context, regno string, subjects []string) ([]central.DeviceAuditRecord, error) {
	if subjects == nil {
		subjects = []string{}
	}
	rows, err := r.query(ctx, `SELECT device_id, seq, at, actor, action, subject, detail, prev_hash, hash
		FROM audit_records WHERE subject IN (SELECT value FROM json_each(?))
		UNION
		SELECT a.device_id, a.seq, a.at, a.actor, a.action, a.subject, a.detail, a.prev_hash, a.hash
		FROM audit_mentions m JOIN audit_records a ON a.device_id = m.device_id AND a.seq = m.seq
		WHERE m.regno = ?
		ORDER BY 1, 2`, jsonList(subjects), regno)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (d central.DeviceAuditRecord, err error) {
		var at string
		if err = rs.Scan(&d.DeviceID, &d.Seq, &at, &d.Actor, &d.Action, &d.Subject, &d.Detail, &d.PrevHash, &d.Hash); err == nil {
			d.At, err = time.Parse(time.RFC3339Nano, at) // the text the record's hash covers
		}
		return d, err
	})(rows, err)
}

// MemberRequestRefs lists the references of a member's requests.
func (r *reader) MemberRequestRefs(ctx context.Context, regno string) ([]string, error) {
	rows, err := r.query(ctx, `SELECT q.reference FROM address_requests q JOIN members m ON m.id = q.member_id
		WHERE m.regno = ? ORDER BY q.reference`, regno)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (ref string, err error) { return ref, rs.Scan(&ref) })(rows, err)
}

// MemberAccessLines lists the access log's lines about a member, oldest
// first (access_log_subject).
func (r *reader) MemberAccessLines(ctx context.Context, regno string) ([]central.AccessEntry, error) {
	rows, err := r.query(ctx, `SELECT at, device_id, actor, action, subject FROM access_log WHERE subject = ?
		ORDER BY at, id`, regno)
	return sqlitedb.Collect(func(rs sqlitedb.Scanner) (e central.AccessEntry, err error) {
		var at string
		if err = rs.Scan(&at, &e.DeviceID, &e.Actor, &e.Action, &e.Subject); err == nil {
			e.At, err = sqlitedb.ParseTime(at)
		}
		return e, err
	})(rows, err)
}

// AddAuditMentions records the members a stored audit record names, each
// once.
func (w *writer) AddAuditMentions(ctx context.Context, deviceID string, seq int64, regnos []string) error {
	_, err := w.exec(ctx, `INSERT INTO audit_mentions (regno, device_id, seq)
		SELECT DISTINCT value, ?, ? FROM json_each(?) WHERE true ON CONFLICT DO NOTHING`, deviceID, seq, jsonList(regnos))
	return err
}
