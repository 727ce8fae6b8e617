package service

import (
	"context"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// ApproveAddressChange approves a pending request: the new address becomes
// the member's current, verified one at once on this console, the old one
// is closed in the history, and the member's version goes up by one. A
// refusal (own request, conflict, already decided) is audited too; a
// conflict also closes the request (rejected, ReasonVersionConflict).
func (s *Service) ApproveAddressChange(ctx context.Context, sess Session, ref string) (store.AddressRequest, error) {
	return s.decide(ctx, sess, ref, func(tx *store.Tx, actor domain.Actor, req *store.AddressRequest, m store.MemberRow) error {
		err := domain.CanApprove(actor, pendingOf(*req), m.Version)
		if errors.Is(err, domain.ErrVersionConflict) {
			// The request can never be approved: close it, so that the
			// change can be recorded again on the current record.
			if cerr := s.close(ctx, tx, sess, req, m, domain.RequestRejected, ReasonVersionConflict); cerr != nil {
				return cerr
			}
		}
		if err != nil {
			return err
		}
		now := s.now()
		if err := tx.DecideRequest(ctx, req.ID, domain.RequestApproved, sess.Username, now, ""); err != nil {
			return err
		}
		if err := tx.ApplyAddress(ctx, m.ID, req.Address, now); err != nil {
			return err
		}
		req.State, req.DecidedBy, req.DecidedAt = domain.RequestApproved, sess.Username, now
		if err := s.audit(ctx, tx, sess.Username, domain.AuditChangeApproved, req.Ref,
			map[string]any{"request_id": req.ID, "base_version": req.BaseVersion, "version": m.Version + 1}); err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, domain.ChangeEvent{Kind: domain.EventAddressApproved, RequestID: req.ID,
			Reference: req.Ref, RegNo: m.RegNo, Actor: sess.Username, At: now, BaseVersion: req.BaseVersion,
			Address: &req.Address})
		return err
	})
}

// ReasonVersionConflict is the decision reason of a request closed because
// the member's record changed since it was made.
const ReasonVersionConflict = "version_conflict"

// RejectAddressChange rejects a pending request with a reason (supervisors,
// never the requester). The record does not change.
func (s *Service) RejectAddressChange(ctx context.Context, sess Session, ref, reason string) (store.AddressRequest, error) {
	why, err := domain.RequireText("reason", reason, domain.MaxReasonLen)
	if err != nil {
		return store.AddressRequest{}, err
	}
	return s.decide(ctx, sess, ref, func(tx *store.Tx, actor domain.Actor, req *store.AddressRequest, m store.MemberRow) error {
		if err := domain.CanDecide(actor, pendingOf(*req)); err != nil {
			return err
		}
		return s.close(ctx, tx, sess, req, m, domain.RequestRejected, why)
	})
}

// CancelAddressChange withdraws a pending request (its requester only).
func (s *Service) CancelAddressChange(ctx context.Context, sess Session, ref string) (store.AddressRequest, error) {
	return s.decide(ctx, sess, ref, func(tx *store.Tx, actor domain.Actor, req *store.AddressRequest, m store.MemberRow) error {
		if err := domain.Authorize(actor.Role, domain.ActionRecordChange); err != nil {
			return err
		}
		if err := domain.CanCancel(actor, pendingOf(*req)); err != nil {
			return err
		}
		return s.close(ctx, tx, sess, req, m, domain.RequestCancelled, "")
	})
}

// close ends a request without changing the record (rejection or
// cancellation), with its audit and outbox entries.
func (s *Service) close(ctx context.Context, tx *store.Tx, sess Session, req *store.AddressRequest, m store.MemberRow, state domain.RequestState, reason string) error {
	now := s.now()
	if err := tx.DecideRequest(ctx, req.ID, state, sess.Username, now, reason); err != nil {
		return err
	}
	req.State, req.DecidedBy, req.DecidedAt, req.DecisionReason = state, sess.Username, now, reason
	action, kind := domain.AuditChangeRejected, domain.EventAddressRejected
	if state == domain.RequestCancelled {
		action, kind = domain.AuditChangeCancelled, domain.EventAddressCancelled
	}
	if err := s.audit(ctx, tx, sess.Username, action, req.Ref, map[string]any{"request_id": req.ID, "reason": reason}); err != nil {
		return err
	}
	_, err := tx.Enqueue(ctx, domain.ChangeEvent{Kind: kind, RequestID: req.ID, Reference: req.Ref,
		RegNo: m.RegNo, Actor: sess.Username, At: now, Reason: reason})
	return err
}

// decide runs a decision in one transaction. When the rules refuse it, the
// refusal alone is audited (and committed) and returned.
func (s *Service) decide(ctx context.Context, sess Session, ref string, apply func(*store.Tx, domain.Actor, *store.AddressRequest, store.MemberRow) error) (store.AddressRequest, error) {
	var req store.AddressRequest
	var refusal error
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		actor, err := s.actorNow(ctx, tx, sess)
		if err != nil {
			return err
		}
		if req, err = tx.Request(ctx, ref); err != nil {
			return err
		}
		m, err := tx.MemberForUpdate(ctx, req.MemberID)
		if err != nil {
			return err
		}
		err = apply(tx, actor, &req, m)
		var de *domain.Error
		if errors.As(err, &de) {
			refusal = err
			return s.audit(ctx, tx, sess.Username, domain.AuditChangeRefused, req.Ref,
				map[string]any{"request_id": req.ID, "refusal": de.Key})
		}
		return err
	})
	if err == nil {
		s.kick() // a decision, or a refusal's audit entry, is on its way to the centre
		err = refusal
	}
	maskRequestCIN(&req)
	return req, err
}

func pendingOf(r store.AddressRequest) domain.PendingRequest {
	return domain.PendingRequest{RequestedBy: r.RequestedBy, Branch: r.Branch, State: r.State, BaseVersion: r.BaseVersion}
}
