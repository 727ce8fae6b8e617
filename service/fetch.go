package service

import (
	"context"
	"errors"

	"github.com/cnops/guichet/domain"
)

// FetchFromCentre fetches a member outside this console's scope from the
// centre by registration number or CIN, keeps them here while a change for
// them is under way, and returns their local id (agents and supervisors,
// as for viewing a member). The fetch is audited here, found or not.
func (s *Service) FetchFromCentre(ctx context.Context, sess Session, query string) (int64, error) {
	if err := authorize(sess, domain.ActionViewMember); err != nil {
		return 0, err
	}
	q, err := domain.RequireText("query", query, maxQueryLen)
	if err != nil {
		return 0, err
	}
	var regno, cin string // a registration number is digits, a CIN starts with letters: never both
	for _, id := range domain.RecogniseIdentifiers(q, s.policy.RegNo) {
		switch id.Kind {
		case domain.KindRegNo:
			regno = id.Value
		case domain.KindCIN:
			cin = id.Value
		}
	}
	kind, value := domain.KindRegNo, regno
	if regno == "" {
		kind, value = domain.KindCIN, cin
	}
	if value == "" {
		return 0, domain.NewFieldError("query", domain.KeyLookupUnrecognised)
	}
	if s.syncer == nil {
		return 0, domain.ErrNotProvisioned
	}
	id, err := s.syncer.FetchMember(ctx, sess.Username, regno, cin)
	found := err == nil
	if err != nil && !errors.Is(err, domain.ErrMemberNotFound) {
		return 0, err // nothing reached the centre's records, or nothing came back
	}
	subject := ""
	if found {
		f, ferr := s.db.MemberFile(ctx, id)
		if ferr != nil {
			return 0, ferr
		}
		subject = f.Member.RegNo
	}
	if aerr := s.auditRead(ctx, sess, domain.AuditMemberFetch, subject,
		map[string]any{"kind": string(kind), "query": value, "found": found}); aerr != nil {
		return 0, aerr
	}
	return id, err
}
