package service

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// MemberAccess is one access to a member's data as the member's access log
// lists it: when (UTC), from which device, by whom, and what it was.
type MemberAccess = domain.MemberAccess

// AccessLog answers a member's right of access (Law 09-08) from this
// device's audit chain: who searched for the member (a search or listing
// that showed them), viewed, fetched or changed their data, or reissued
// their PIN, oldest first (supervisors and admins). The lookup is itself
// audited. A malformed registration number, or one this console neither
// holds nor ever recorded, is a field error on "regno".
func (s *Service) AccessLog(ctx context.Context, sess Session, regno string) ([]MemberAccess, error) {
	if err := authorize(sess, domain.ActionViewAccessLog); err != nil {
		return nil, err
	}
	r, err := s.policy.RegNo.Parse(regno)
	if err != nil {
		if fe, ok := domain.AsFieldError(err); ok {
			return nil, domain.NewFieldError("regno", fe.Key, fe.Args...)
		}
		return nil, err
	}
	refs, held, err := s.db.MemberRequestRefs(ctx, r)
	if err != nil {
		return nil, err
	}
	entries, isRef, err := s.entriesAbout(ctx, r, refs)
	if err != nil {
		return nil, err
	}
	if !held && len(entries) == 0 {
		return nil, domain.NewFieldError("regno", domain.KeyMemberNotFound)
	}
	out := make([]MemberAccess, len(entries))
	for i, e := range entries {
		out[i] = MemberAccess{At: e.At.UTC(), DeviceID: e.DeviceID, Actor: e.Actor,
			Kind: domain.AccessKindOf(e.Action), Action: e.Action}
		if isRef[e.Subject] {
			out[i].Reference = e.Subject
		}
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.stillAllowed(ctx, tx, sess, domain.ActionViewAccessLog); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditAccessLog, r, map[string]any{"entries": len(out)})
	})
	if err != nil {
		return nil, err // an access that cannot be audited is not shown
	}
	return out, nil
}

// entriesAbout reads the chain's entries about the member, in order, and
// the references of the member's requests. Those of requests recorded here
// but no longer held (a visitor forgotten since) come from the recording
// entries themselves, which name the member.
func (s *Service) entriesAbout(ctx context.Context, regno string, refs []string) ([]domain.AuditEntry, map[string]bool, error) {
	found, err := s.db.AuditCandidates(ctx, regno, append([]string{regno}, refs...))
	if err != nil {
		return nil, nil, err
	}
	known := setOf(refs)
	var more []string
	for _, e := range found {
		if e.Action == domain.AuditChangeRecorded && !known[e.Subject] && domain.AuditConcerns(e, regno, nil) {
			known[e.Subject] = true
			more = append(more, e.Subject)
		}
	}
	if len(more) > 0 {
		extra, err := s.db.AuditCandidates(ctx, "", more)
		if err != nil {
			return nil, nil, err
		}
		found = mergeBySeq(found, extra)
	}
	var out []domain.AuditEntry
	for _, e := range found {
		if domain.AuditConcerns(e, regno, known) {
			out = append(out, e)
		}
	}
	return out, known, nil
}

// mergeBySeq merges two entry lists sorted by seq, each entry once.
func mergeBySeq(a, b []domain.AuditEntry) []domain.AuditEntry {
	out := make([]domain.AuditEntry, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || (len(a) > 0 && a[0].Seq < b[0].Seq):
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0].Seq < a[0].Seq:
			out, b = append(out, b[0]), b[1:]
		default: // the same entry in both
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

func setOf(items []string) map[string]bool {
	set := make(map[string]bool, len(items))
	for _, it := range items {
		set[it] = true
	}
	return set
}
