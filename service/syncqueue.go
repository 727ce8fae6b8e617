package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
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
	if err := authorize(sess, domain.ActionViewMember); err != nil {
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
	return out, s.auditRead(ctx, sess, domain.AuditSyncListed, "", map[string]any{"entries": len(out), "shown": shown})
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
			in := a.Input()
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
