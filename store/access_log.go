package store

import (
	"context"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// A member's access log (service.AccessLog) reads the device's own audit
// chain: one device's entries, so a scan with a cheap filter is quick
// enough; the centre, which holds every device's, indexes them.

// AuditCandidates lists, in sequence order, the audit entries whose
// subject is one of subjects or whose detail contains regno as a JSON
// string (regno "" looks at subjects only). It may list entries that only
// quote the number: the caller keeps those domain.AuditConcerns accepts.
func (db *DB) AuditCandidates(ctx context.Context, regno string, subjects []string) ([]domain.AuditEntry, error) {
	var where []string
	var args []any
	if len(subjects) > 0 {
		where = append(where, `subject IN (`+placeholders(len(subjects))+`)`)
		for _, s := range subjects {
			args = append(args, s)
		}
	}
	if regno != "" {
		where = append(where, `instr(detail, ?) > 0`)
		args = append(args, `"`+regno+`"`)
	}
	if len(where) == 0 {
		return nil, nil
	}
	return sqlitedb.Collect(scanAudit)(db.r.QueryContext(ctx,
		auditSelect+`WHERE `+strings.Join(where, ` OR `)+` ORDER BY seq`, args...))
}

// MemberRequestRefs returns the references of the member's address-change
// requests held here, and whether the member is held at all.
func (db *DB) MemberRequestRefs(ctx context.Context, regno string) (refs []string, held bool, err error) {
	if err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM members WHERE regno = ?)`, regno).Scan(&held); err != nil {
		return nil, false, err
	}
	refs, err = sqlitedb.Collect(func(row sqlitedb.Scanner) (ref string, err error) {
		return ref, row.Scan(&ref)
	})(db.r.QueryContext(ctx, `SELECT r.ref FROM address_requests r JOIN members m ON m.id = r.member_id
		WHERE m.regno = ? ORDER BY r.ref`, regno))
	return refs, held, err
}
