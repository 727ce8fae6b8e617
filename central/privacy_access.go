package central

import (
	"context"
	"slices"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// A member's right of access (Law 09-08) at the centre: what every device
// delivered of its audit chain about the member, and the centre's own
// access log, read through indexes (audit_records by subject, the
// audit_mentions the intake fills, access_log by subject).

// DeviceAuditRecord is a record of a device's chain as the centre holds it.
type DeviceAuditRecord struct {
	DeviceID string
	wire.AuditRecord
}

// MemberAccess is one access to a member's data: when (UTC), from which
// device ("centre" or "portal" for the centre's own lines), by whom, and
// what it was.
type MemberAccess = domain.MemberAccess

// Where a MemberAccess was recorded.
const (
	AccessFromDevice = domain.AccessFromDevice
	AccessFromCentre = domain.AccessFromCentre
)

// indexMentions records the members an audit record names in its detail,
// so that their access log finds it without reading every record.
func indexMentions(ctx context.Context, tx Tx, deviceID string, r wire.AuditRecord) error {
	names := domain.AuditMentions(r.Detail)
	if len(names) == 0 {
		return nil
	}
	return tx.AddAuditMentions(ctx, deviceID, r.Seq, names)
}

// MemberAccessLog answers a member's right of access for the whole
// network: the devices' audit records that concern the member (searches
// that showed them, views, changes, PIN reissues) and the centre's access
// log (fetches on demand, the portal's PIN checks, returned letters),
// merged by time. The lookup goes to the access log in by's name. A
// malformed registration number, or one the centre neither holds nor ever
// heard of, is a field error on "regno".
func (a *App) MemberAccessLog(ctx context.Context, regno, by string) ([]MemberAccess, error) {
	r, err := a.regNo.Parse(regno)
	if err != nil {
		if fe, ok := domain.AsFieldError(err); ok {
			return nil, domain.NewFieldError("regno", fe.Key, fe.Args...)
		}
		return nil, err
	}
	actor, err := domain.RequireText("by", by, 64)
	if err != nil {
		return nil, err
	}
	var out []MemberAccess
	err = a.st.Read(ctx, func(rd Reader) error {
		out = nil
		_, held, err := rd.Member(ctx, r)
		if err != nil {
			return err
		}
		records, refs, err := memberRecords(ctx, rd, r)
		if err != nil {
			return err
		}
		lines, err := rd.MemberAccessLines(ctx, r)
		if err != nil {
			return err
		}
		if !held && len(records) == 0 && len(lines) == 0 {
			return domain.NewFieldError("regno", domain.KeyMemberNotFound)
		}
		for _, rec := range records {
			m := MemberAccess{At: rec.At.UTC(), DeviceID: rec.DeviceID, Actor: rec.Actor,
				Kind: domain.AccessKindOf(rec.Action), Action: rec.Action, Source: AccessFromDevice}
			if refs[rec.Subject] {
				m.Reference = rec.Subject
			}
			out = append(out, m)
		}
		for _, l := range lines {
			out = append(out, MemberAccess{At: l.At.UTC(), DeviceID: l.DeviceID, Actor: l.Actor,
				Kind: centreAccessKind(l.Action), Action: l.Action, Source: AccessFromCentre})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y MemberAccess) int { return x.At.Compare(y.At) })
	err = a.st.Write(ctx, func(tx Tx) error {
		return tx.LogAccess(ctx, AccessEntry{At: a.now(), DeviceID: accessCentre, Actor: actor,
			Action: domain.AuditAccessLog, Subject: r})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// memberRecords reads the devices' records about the member, by device
// and seq, and the references of the member's requests: those the centre
// holds, and those of changes recorded on a device that the centre never
// applied (their recording entry names the member).
func memberRecords(ctx context.Context, rd Reader, regno string) ([]DeviceAuditRecord, map[string]bool, error) {
	held, err := rd.MemberRequestRefs(ctx, regno)
	if err != nil {
		return nil, nil, err
	}
	found, err := rd.MemberAuditRecords(ctx, regno, append([]string{regno}, held...))
	if err != nil {
		return nil, nil, err
	}
	refs := map[string]bool{}
	for _, ref := range held {
		refs[ref] = true
	}
	var more []string
	for _, rec := range found {
		if rec.Action == domain.AuditChangeRecorded && !refs[rec.Subject] && slices.Contains(domain.AuditMentions(rec.Detail), regno) {
			refs[rec.Subject] = true
			more = append(more, rec.Subject)
		}
	}
	if len(more) > 0 {
		extra, err := rd.MemberAuditRecords(ctx, "", more)
		if err != nil {
			return nil, nil, err
		}
		found = append(found, extra...)
	}
	type key struct {
		device string
		seq    int64
	}
	var out []DeviceAuditRecord
	seen := map[key]bool{}
	for _, rec := range found {
		k := key{rec.DeviceID, rec.Seq}
		if !seen[k] && domain.AuditConcerns(auditEntry(rec.DeviceID, rec.AuditRecord), regno, refs) {
			seen[k] = true
			out = append(out, rec)
		}
	}
	return out, refs, nil
}

// centreAccessKind classifies a line of the centre's access log.
func centreAccessKind(action string) domain.AccessKind {
	switch {
	case action == domain.AuditLookup:
		return domain.AccessFetched // a console fetched the member on demand
	case action == AuditLetterReturned:
		return domain.AccessLetter
	case strings.HasPrefix(action, ActionPINVerify+"."):
		return domain.AccessPINChecked
	}
	return domain.AccessKindOf(action)
}
