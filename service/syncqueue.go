package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// Audit actions of the Sync screen.
const (
	AuditSyncListed  = "sync.list"
	AuditSyncRetry   = "sync.retry"
	AuditSyncDiscard = "sync.discard"
)

// discardedShown is how long a discarded entry stays on the Sync screen.
const discardedShown = 7 * 24 * time.Hour

// ErrNotAConflict refuses to resolve an entry that is not an address
// approval the centre found in conflict.
var ErrNotAConflict = &domain.Error{Key: "err.sync.not_conflict"}

// SyncEntry is one outbox entry as the Sync screen shows it. Payload
// secrets never leave the service: a password change says whose it is and
// nothing more.
type SyncEntry struct {
	ID         string
	Seq        int64
	Kind       string
	RegNo      string // "" for an entry that is not about a member
	MemberID   int64  // 0 when the member is not held on this console
	MemberName string
	Reference  string               // the request's human reference (address events)
	Address    *domain.AddressInput // the address an address event carries
	Username   string               // the account of a password change
	CreatedAt  time.Time            // in the members' time zone
	Attempts   int
	State      string // EntryPending, EntrySetAside or EntryDiscarded
	// The centre's last answer: its status (wire.Status*, "" before any),
	// the reason as a message key and the field it is about.
	Answer, Reason, Field string
	LastError             string
	DiscardReason         string
	SettledAt             time.Time
	Conflict              *SyncConflict // both versions, for a conflict
}

// SyncConflict is a member's record here and at the centre.
type SyncConflict struct {
	Local, Centre MemberRecord
}

// MemberRecord is what a conflict view compares of a member's record.
type MemberRecord struct {
	Version  int64
	Name     string
	Status   string
	Address  *domain.AddressInput // the current address, nil when none
	Verified bool
}

// Entry states, as SyncEntry.State names them.
const (
	EntryPending   = store.EntryPending
	EntrySetAside  = store.EntrySetAside
	EntryDiscarded = store.EntryDiscarded
)

// IsConflict reports whether the centre found the entry in conflict.
func (e SyncEntry) IsConflict() bool { return e.Answer == wire.StatusConflict }

// Deferred reports whether the centre left the entry for later: an earlier
// entry of the same member in its batch failed.
func (e SyncEntry) Deferred() bool { return e.Answer == wire.StatusDeferred }

// IsPasswordChange reports whether the entry carries an account's new
// password (which the Sync screen never shows).
func (e SyncEntry) IsPasswordChange() bool { return e.Kind == wire.KindPasswordChanged }

// Resolvable reports whether ResolveConflict applies: a set-aside address
// approval the centre found in conflict.
func (e SyncEntry) Resolvable() bool {
	return e.State == store.EntrySetAside && e.IsConflict() && e.Kind == domain.EventAddressApproved
}

// SyncEntries lists the entries not yet delivered (pending and set aside)
// and those discarded in the last days, in sequence order (agents and
// supervisors). The listing is audited with the members it shows.
func (s *Service) SyncEntries(ctx context.Context, sess Session) ([]SyncEntry, error) {
	if err := domain.Authorize(sess.Role, domain.ActionViewMember); err != nil {
		return nil, err
	}
	rows, err := s.db.QueuedEntries(ctx, s.now().Add(-discardedShown))
	if err != nil {
		return nil, err
	}
	out := make([]SyncEntry, 0, len(rows))
	var shown []string
	for _, r := range rows {
		e := s.syncEntry(r)
		if e.IsConflict() && r.MemberID != 0 {
			if e.Conflict, err = s.conflictOf(ctx, r); err != nil {
				return nil, err
			}
		}
		if e.RegNo != "" {
			shown = append(shown, e.RegNo)
		}
		out = append(out, e)
	}
	return out, s.auditRead(ctx, sess, AuditSyncListed, "", map[string]any{"entries": len(out), "shown": shown})
}

// syncEntry reads what can be shown of a queued entry.
func (s *Service) syncEntry(r store.QueuedEntry) SyncEntry {
	e := SyncEntry{ID: r.ID, Seq: r.Seq, Kind: r.Kind, MemberID: r.MemberID, MemberName: r.MemberName,
		CreatedAt: r.CreatedAt.In(s.policy.Location), Attempts: r.Attempts, State: r.State,
		LastError: domain.Sanitize(r.LastError), DiscardReason: r.DiscardReason}
	if !r.SettledAt.IsZero() {
		e.SettledAt = r.SettledAt.In(s.policy.Location)
	}
	if r.Kind == wire.KindPasswordChanged {
		var pc wire.PasswordChange
		if json.Unmarshal([]byte(r.Payload), &pc) == nil {
			e.Username = pc.Username // the hash stays in the outbox
		}
	} else {
		e.RegNo = r.RegNo
		var ev domain.ChangeEvent
		if json.Unmarshal([]byte(r.Payload), &ev) == nil {
			e.Reference, e.Address = ev.Reference, ev.Address
		}
	}
	if res, ok := answerOf(r); ok {
		e.Answer, e.Reason, e.Field = res.Status, res.Reason, res.Field
	}
	return e
}

// answerOf decodes the centre's last answer to an entry.
func answerOf(r store.QueuedEntry) (wire.Result, bool) {
	var res wire.Result
	if r.Answer == "" || json.Unmarshal([]byte(r.Answer), &res) != nil {
		return wire.Result{}, false
	}
	return res, true
}

// conflictOf puts the member's record here beside the centre's, as the
// centre sent it with the conflict.
func (s *Service) conflictOf(ctx context.Context, r store.QueuedEntry) (*SyncConflict, error) {
	file, err := s.db.MemberFile(ctx, r.MemberID)
	if err != nil {
		return nil, err
	}
	m := file.Member
	c := &SyncConflict{Local: MemberRecord{Version: m.Version, Name: m.FamilyName + " " + m.GivenName, Status: string(m.Status)}}
	for _, a := range file.Addresses {
		if a.ValidTo == nil {
			in := domain.AddressInput{Line1: a.Line1, Line2: a.Line2, Quarter: a.Quarter, City: a.City,
				PostalCode: a.PostalCode, Province: a.Province, LineAr: a.LineAr}
			c.Local.Address, c.Local.Verified = &in, a.Verified
		}
	}
	if res, ok := answerOf(r); ok && res.Current != nil {
		cur := res.Current
		c.Centre = MemberRecord{Version: cur.Version, Name: cur.FamilyName + " " + cur.GivenName, Status: cur.Status}
		if cur.Address != nil {
			in := cur.Address.AddressInput
			c.Centre.Address, c.Centre.Verified = &in, cur.Address.Verified
		}
	}
	return c, nil
}

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
		return s.audit(ctx, tx, sess.Username, AuditSyncRetry, e.ID, entryDetail(e, nil))
	})
	if err == nil {
		s.kick()
	}
	return err
}

// DiscardEntry gives up a set-aside entry for good (supervisors), with a
// reason. The centre's copy of the member is adopted once nothing else of
// theirs is unsettled.
func (s *Service) DiscardEntry(ctx context.Context, sess Session, id, reason string) error {
	why, err := domain.RequireText("reason", reason, maxReasonLen)
	if err != nil {
		return err
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		if _, err := s.discard(ctx, tx, sess, id, why, nil); err != nil {
			return err
		}
		_, err := tx.AdoptSettled(ctx)
		return err
	})
	if err == nil {
		s.kick()
	}
	return err
}

// discard settles a set-aside entry as discarded, with its audit entry.
func (s *Service) discard(ctx context.Context, tx *store.Tx, sess Session, id, why string, extra map[string]any) (store.QueuedEntry, error) {
	if err := s.stillAllowed(ctx, tx, sess, domain.ActionManageSync); err != nil {
		return store.QueuedEntry{}, err
	}
	e, err := tx.QueuedEntry(ctx, id)
	if err != nil {
		return e, err
	}
	if err := tx.DiscardEntry(ctx, id, why, s.now()); err != nil {
		return e, err
	}
	detail := entryDetail(e, extra)
	detail["reason"] = why
	return e, s.audit(ctx, tx, sess.Username, AuditSyncDiscard, e.ID, detail)
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
	MemberID         int64
	RegNo, Name, CIN string
	Address          domain.AddressInput // the address this console had approved
	Rejected         string              // the reference of the request now rejected, "" when the centre had closed it
}

// ResolveConflict settles an address approval the centre found in conflict
// (supervisors, with a reason): the entry is discarded, the centre's record
// of the member is adopted (its newest copy: the one the feed held back or
// the one that came with the conflict), the request, still pending at the
// centre, is rejected with ReasonVersionConflict through the usual
// decision path, and the approved address comes back for a new request.
func (s *Service) ResolveConflict(ctx context.Context, sess Session, id, reason string) (Resolution, error) {
	why, err := domain.RequireText("reason", reason, maxReasonLen)
	if err != nil {
		return Resolution{}, err
	}
	var out Resolution
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		actor, err := s.actorNow(ctx, tx, sess)
		if err != nil {
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
		// The rejection is this supervisor's decision: maker-checker holds.
		if err := domain.CanDecide(actor, domain.PendingRequest{RequestedBy: req.RequestedBy, State: domain.RequestPending}); err != nil {
			return err
		}
		if _, err := s.discard(ctx, tx, sess, id, why, map[string]any{"resolution": "new_request", "request_id": req.ID}); err != nil {
			return err
		}
		if err := s.adoptCentreRecord(ctx, tx, e.RegNo, res.Current); err != nil {
			return err
		}
		if req, err = tx.Request(ctx, ev.RequestID); err != nil { // the feed's copy may have come with the member
			return err
		}
		if req.State == domain.RequestApproved {
			if err := tx.ReopenApproved(ctx, req.ID); err != nil {
				return err
			}
			req.State = domain.RequestPending
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
		out.MemberID, out.RegNo, out.Name, out.CIN = m.ID, m.RegNo, m.FamilyName+" "+m.GivenName, m.CIN
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
	_, err = tx.AdoptSettled(ctx)
	return err
}
