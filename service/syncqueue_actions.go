package service

import (
	"context"
	"encoding/json"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// A supervisor's decisions on set-aside entries: retry, discard, or turn
// a conflicting approval into a new request. Each is one transaction with
// its audit entry, and asks the sync engine for a pass.

// RetryEntry puts a set-aside entry back in the queue (supervisors), with
// its attempts, and asks for a sync pass.
func (s *Service) RetryEntry(ctx context.Context, sess Session, id string) error {
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.stillAllowed(ctx, tx, sess, domain.ActionManageSync); err != nil {
			return err
		}
		e, err := tx.QueuedEntry(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.RequeueEntry(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditSyncRetry, e.ID, entryDetail(e, nil))
	})
	if err == nil {
		s.kick()
	}
	return err
}

// DiscardEntry gives up a set-aside entry for good (supervisors), with a
// reason, and what cannot be delivered without it (see discard). The
// centre's copy of the member is adopted once nothing else of theirs is
// unsettled.
func (s *Service) DiscardEntry(ctx context.Context, sess Session, id, reason string) error {
	why, err := domain.RequireText("reason", reason, domain.MaxReasonLen)
	if err != nil {
		return err
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.stillAllowed(ctx, tx, sess, domain.ActionManageSync); err != nil {
			return err
		}
		if err := s.discard(ctx, tx, sess, id, why, nil); err != nil {
			return err
		}
		_, err := tx.AdoptSettled(ctx, s.now())
		return err
	})
	if err == nil {
		s.kick()
	}
	return err
}

// entryDetail names an entry in an audit detail (never its payload).
func entryDetail(e store.QueuedEntry, extra map[string]any) map[string]any {
	d := map[string]any{"seq": e.Seq, "kind": e.Kind}
	if e.Kind != wire.KindPasswordChanged {
		d["registration_number"] = e.RegNo
	}
	if res, ok := answerOf(e); ok {
		d["answer"], d["answer_reason"] = res.Status, res.Reason
	}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// Resolution is what a resolved conflict leaves to do: record the address
// approved here again, as a new request on the centre's record.
type Resolution struct {
	MemberID    int64
	RegNo, Name string
	Address     domain.AddressInput // the address this console had approved
	Rejected    string              // the reference of the request now rejected, "" when the centre had closed it
}

// ResolveConflict settles an address approval the centre found in conflict
// (supervisors, with a reason): the entry is discarded (which takes the
// approval back here, see reopenUnapplied), the centre's record of the
// member is adopted (its newest copy: the one the feed held back or the
// one that came with the conflict), the request, still pending at the
// centre, is rejected with ReasonVersionConflict through the usual
// decision path, and the approved address comes back for a new request.
func (s *Service) ResolveConflict(ctx context.Context, sess Session, id, reason string) (Resolution, error) {
	why, err := domain.RequireText("reason", reason, domain.MaxReasonLen)
	if err != nil {
		return Resolution{}, err
	}
	var out Resolution
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		actor, err := s.actorNow(ctx, tx, sess)
		if err != nil {
			return err
		}
		if err := domain.Authorize(actor.Role, domain.ActionManageSync); err != nil {
			return err
		}
		e, err := tx.QueuedEntry(ctx, id)
		if err != nil {
			return err
		}
		res, _ := answerOf(e)
		var ev domain.ChangeEvent
		if e.Kind != domain.EventAddressApproved || json.Unmarshal([]byte(e.Payload), &ev) != nil || ev.Address == nil {
			return ErrNotAConflict
		}
		if e.State != store.EntrySetAside {
			return store.ErrEntryNotSetAside
		}
		if res.Status != wire.StatusConflict {
			return ErrNotAConflict
		}
		req, err := tx.Request(ctx, ev.RequestID)
		if err != nil {
			return err
		}
		// The rejection is this supervisor's decision: its rules hold, for
		// a request pending at the centre whatever this console made of it.
		pending := pendingOf(req)
		pending.State = domain.RequestPending
		if err := domain.CanDecide(actor, pending); err != nil {
			return err
		}
		if err := s.discard(ctx, tx, sess, id, why, map[string]any{"resolution": "new_request", "request_id": req.ID}); err != nil {
			return err
		}
		if err := s.adoptCentreRecord(ctx, tx, e.RegNo, res.Current); err != nil {
			return err
		}
		// The discard put the request back to pending; the feed's copy,
		// adopted with the member, may have closed it since.
		if req, err = tx.Request(ctx, ev.RequestID); err != nil {
			return err
		}
		m, err := tx.MemberForUpdate(ctx, req.MemberID)
		if err != nil {
			return err
		}
		if req.State == domain.RequestPending {
			if err := s.close(ctx, tx, sess, &req, m, domain.RequestRejected, ReasonVersionConflict); err != nil {
				return err
			}
			out.Rejected = req.Ref
		}
		out.MemberID, out.RegNo, out.Name = m.ID, m.RegNo, m.FamilyName+" "+m.GivenName
		out.Address = *ev.Address
		return nil
	})
	if err != nil {
		return Resolution{}, err
	}
	s.kick()
	return out, nil
}

// adoptCentreRecord replaces the member's record here with the centre's
// newest copy: the one the feed held back or the one a conflict brought,
// whichever has the higher version; then everything else held that is now
// settled.
func (s *Service) adoptCentreRecord(ctx context.Context, tx *store.Tx, regno string, current *wire.Member) error {
	held, err := tx.HeldMember(ctx, regno)
	if err != nil {
		return err
	}
	item := held
	if current != nil && (held == nil || current.Version > held.Member.Version) {
		item = &wire.FeedItem{Kind: wire.ItemMember, Member: current} // seq 0: not from the feed
	}
	if item != nil {
		if _, err := tx.ApplyFeedItem(ctx, *item, s.now()); err != nil {
			return err
		}
	}
	_, err = tx.AdoptSettled(ctx, s.now())
	return err
}
