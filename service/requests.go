package service

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// RequestFilter narrows a listing of address-change requests.
type RequestFilter = store.RequestFilter

// AddressRequest is a recorded address change and its decision, as the
// operations return it.
type AddressRequest = store.AddressRequest

// AddressRequests lists requests (agents and supervisors): the approval
// queue is State pending, "My requests" is RequestedBy.
func (s *Service) AddressRequests(ctx context.Context, sess Session, f RequestFilter) ([]store.AddressRequest, error) {
	if err := authorize(sess, domain.ActionRecordChange); err != nil {
		return nil, err
	}
	list, err := s.db.Requests(ctx, f)
	if err != nil {
		return nil, err
	}
	shown := make([]string, len(list))
	for i := range list {
		s.requestInMembersZone(&list[i])
		maskRequestCIN(&list[i])
		shown[i] = list[i].RegNo
	}
	if f.MemberID != 0 {
		return list, nil // a member's own pending change, shown with the (audited) member file
	}
	return list, s.auditRead(ctx, sess, domain.AuditChangesListed, "", map[string]any{
		"state": string(f.State), "requested_by": f.RequestedBy, "shown": shown})
}

// auditRead records who read members' data, in its own small write: the
// data subject's right to know who looked (Law 09-08).
func (s *Service) auditRead(ctx context.Context, sess Session, action, subject string, detail map[string]any) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, action, subject, detail)
	})
}

// requestInMembersZone shows a request's times as the members' clocks read.
func (s *Service) requestInMembersZone(r *store.AddressRequest) {
	r.RequestedAt = r.RequestedAt.In(s.policy.Location)
	if !r.DecidedAt.IsZero() {
		r.DecidedAt = r.DecidedAt.In(s.policy.Location)
	}
}

// RequestDetail is one request with what a decision needs beside it: the
// member's current address (old and new side by side) and the history.
type RequestDetail struct {
	Request        store.AddressRequest
	CurrentAddress *domain.Address
	MemberVersion  int64
	History        []domain.AuditEntry
}

// AddressRequest shows one request by id or human reference.
func (s *Service) AddressRequest(ctx context.Context, sess Session, ref string) (RequestDetail, error) {
	if err := authorize(sess, domain.ActionRecordChange); err != nil {
		return RequestDetail{}, err
	}
	req, err := s.db.Request(ctx, ref)
	if err != nil {
		return RequestDetail{}, err
	}
	file, err := s.db.MemberFile(ctx, req.MemberID)
	if err != nil {
		return RequestDetail{}, err
	}
	s.requestInMembersZone(&req)
	maskRequestCIN(&req)
	d := RequestDetail{Request: req, MemberVersion: file.Member.Version}
	for i := range file.Addresses {
		if file.Addresses[i].ValidTo == nil {
			s.inMembersZone(&file.Addresses[i])
			d.CurrentAddress = &file.Addresses[i]
		}
	}
	if d.History, err = s.db.AuditFor(ctx, req.Ref); err != nil {
		return d, err
	}
	for i := range d.History {
		d.History[i].At = d.History[i].At.In(s.policy.Location)
	}
	return d, s.auditRead(ctx, sess, domain.AuditChangeViewed, req.Ref, map[string]any{"registration_number": req.RegNo})
}

// DecidedRequests lists the requests decided in [from, to) for export
// (supervisors).
func (s *Service) DecidedRequests(ctx context.Context, sess Session, from, to time.Time) ([]store.AddressRequest, error) {
	if err := authorize(sess, domain.ActionExportChanges); err != nil {
		return nil, err
	}
	all, err := s.db.Requests(ctx, store.RequestFilter{From: from, To: to, Limit: 100000})
	if err != nil {
		return nil, err
	}
	var out []store.AddressRequest
	for _, r := range all {
		if r.State == domain.RequestApproved || r.State == domain.RequestRejected {
			maskRequestCIN(&r)
			out = append(out, r)
		}
	}
	return out, s.auditRead(ctx, sess, domain.AuditChangesExported, "", map[string]any{
		"from": from.UTC().Format(time.RFC3339), "to": to.UTC().Format(time.RFC3339), "rows": len(out)})
}
