package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// undeliveredReason starts the decision reason of a request cancelled here
// because the centre never received it; the supervisor's reason follows.
const undeliveredReason = "not delivered to the centre: "

// discard settles a set-aside entry as discarded, with its audit entry,
// and what cannot be delivered without it: the later unsettled entries of
// the same request (its approval, rejection or cancellation), which the
// centre would refuse (request not found) and set aside in turn, each
// discarded and audited with a reason naming the entry they follow; and,
// when the entry asked for the request, the request here (see
// cancelUndelivered), or, when it approved it, the approval here (see
// reopenUnapplied). Other requests' entries are untouched. The caller has
// checked that sess may manage the sync queue.
func (s *Service) discard(ctx context.Context, tx *store.Tx, sess Session, id, why string, extra map[string]any) error {
	e, err := tx.QueuedEntry(ctx, id)
	if err != nil {
		return err
	}
	if err := tx.DiscardEntry(ctx, id, why, s.now()); err != nil {
		return err
	}
	detail := entryDetail(e, extra)
	detail["reason"] = why
	if err := s.audit(ctx, tx, sess.Username, domain.AuditSyncDiscard, e.ID, detail); err != nil {
		return err
	}
	var ev domain.ChangeEvent
	if e.Kind == wire.KindPasswordChanged || json.Unmarshal([]byte(e.Payload), &ev) != nil || ev.RequestID == "" {
		return nil
	}
	followers, err := tx.UnsettledOfRequest(ctx, e.RegNo, ev.RequestID, e.Seq)
	if err != nil {
		return err
	}
	because := fmt.Sprintf("follows discarded entry %d (%s)", e.Seq, why)
	for _, f := range followers {
		if err := tx.DiscardUnsettled(ctx, f.ID, because, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, sess.Username, domain.AuditSyncDiscard, f.ID,
			entryDetail(f, map[string]any{"reason": because, "follows": e.ID})); err != nil {
			return err
		}
	}
	switch e.Kind {
	case domain.EventAddressRequested:
		return s.cancelUndelivered(ctx, tx, sess, ev.RequestID, why)
	case domain.EventAddressApproved:
		return s.reopenUnapplied(ctx, tx, sess, ev.RequestID, why)
	}
	return nil
}

// reopenUnapplied takes back an approval here whose entry was discarded:
// the centre never applied it and still has the request pending, for any
// supervisor of the branch to decide again. The member's record goes back
// to the one the request was made on (store.UndoApproval; a record changed
// since stands) and the request is pending here again, audited under its
// reference. domain.ErrChangePending when the member has another request
// pending here (the discard's transaction then keeps nothing): that one is
// decided or cancelled first. A request not held here, or no longer
// approved here, stays as it is.
func (s *Service) reopenUnapplied(ctx context.Context, tx *store.Tx, sess Session, requestID, why string) error {
	req, err := tx.Request(ctx, requestID)
	if errors.Is(err, domain.ErrRequestNotFound) {
		return nil
	}
	if err != nil || req.State != domain.RequestApproved {
		return err
	}
	undone, err := tx.UndoApproval(ctx, req, s.now())
	if err != nil {
		return err
	}
	if err := tx.ReopenApproved(ctx, req.ID); err != nil {
		return err
	}
	return s.audit(ctx, tx, sess.Username, domain.AuditChangeReopened, req.Ref, map[string]any{"request_id": req.ID,
		"reason": why, "approved_by": req.DecidedBy, "approval_undone": undone})
}

// cancelUndelivered cancels here a request whose "requested" entry was
// discarded: the centre never received it. A pending request is cancelled,
// so the member can get a new one. One approved here is cancelled too, and
// its approval, which the centre will never see either, is taken back from
// the member's record (store.UndoApproval: the history keeps both
// addresses; the centre's newer copy, when the feed brought one, is adopted
// next anyway). One already rejected or cancelled here stays as it is.
// Nothing goes to the centre; the audit chain records the cancellation,
// under the request's reference like any other.
func (s *Service) cancelUndelivered(ctx context.Context, tx *store.Tx, sess Session, requestID, why string) error {
	req, err := tx.Request(ctx, requestID)
	if errors.Is(err, domain.ErrRequestNotFound) { // nothing here to cancel: the discard stands
		return nil
	}
	if err != nil {
		return err
	}
	undone := false
	if req.State == domain.RequestApproved {
		if undone, err = tx.UndoApproval(ctx, req, s.now()); err != nil {
			return err
		}
	}
	reason := undeliveredReason + why
	cancelled, err := tx.CancelUndelivered(ctx, req.ID, sess.Username, s.now(), reason)
	if err != nil || !cancelled {
		return err
	}
	return s.audit(ctx, tx, sess.Username, domain.AuditChangeCancelled, req.Ref, map[string]any{"request_id": req.ID,
		"reason": reason, "not_delivered": true, "was": string(req.State), "approval_undone": undone})
}
