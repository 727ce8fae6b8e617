package service

import (
	"context"
	"time"
)

// Syncer is the console's link to the centre; sync/client's engine
// satisfies it. A standalone console has none.
type Syncer interface {
	// Status is the link's state for the status bar.
	Status() SyncStatus
	// Kick asks for a sync pass soon: a local write queued an entry.
	Kick()
	// FetchMember fetches one member outside the console's scope from the
	// centre by registration number or CIN (audited there for actor),
	// keeps it locally and returns its local id.
	FetchMember(ctx context.Context, actor, regno, cin string) (int64, error)
}

// SyncStatus is what the status bar and the Sync screen show.
type SyncStatus struct {
	Provisioned  bool
	Online       bool
	UpdateNeeded bool // the centre refused this console's protocol version
	Pending      int  // entries waiting to be delivered
	SetAside     int  // entries the centre refused or found in conflict
	LastGoodSync time.Time
	LastError    string // why the last pass failed, sanitised, "" after a good one
	// Progress is how far the pass under way has come, when it knows how
	// much there is (entries to push, the feed up to the centre's newest):
	// nil between passes.
	Progress *SyncProgress
}

// SyncProgress is how far a sync pass has come in one of its phases.
type SyncProgress struct {
	Phase       SyncPhase
	Done, Total int64
}

// SyncPhase is what a pass is doing: pushing the outbox or pulling the feed.
type SyncPhase string

const (
	SyncPushing SyncPhase = "push"
	SyncPulling SyncPhase = "pull"
)

// WithSyncer links the service to the centre.
func WithSyncer(sy Syncer) Option { return func(s *Service) { s.syncer = sy } }

// SyncStatus reports the link's state (not provisioned on a standalone
// console), its last good sync in the members' time zone.
func (s *Service) SyncStatus() SyncStatus {
	if s.syncer == nil {
		return SyncStatus{}
	}
	st := s.syncer.Status()
	if !st.LastGoodSync.IsZero() {
		st.LastGoodSync = st.LastGoodSync.In(s.policy.Location)
	}
	return st
}

// kick tells the sync engine that a write queued an entry.
func (s *Service) kick() {
	if s.syncer != nil {
		s.syncer.Kick()
	}
}
