package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/store"
)

// Policy is the configuration the rules need.
type Policy struct {
	RegNo      domain.RegNoRule
	Lockout    domain.LockoutPolicy
	AgeRules   domain.AgeRules
	ResultRows int
	Location   *time.Location // members' dates (Africa/Casablanca)
	// ScanMaxBytes caps a scanned document; DocumentsDir is the document
	// store, where scans are kept under their SHA-256.
	ScanMaxBytes int64
	DocumentsDir string
	// PrintCommand receives receipts on its standard input ("" = no
	// printer); without one they are saved in ReceiptDir.
	PrintCommand string
	ReceiptDir   string
	// PIN is the reissue policy of temporary PINs (the zero policy means
	// domain.DefaultPINPolicy in Location). PINKey, when set (ID and
	// Public), replaces the centre's sealed-box key recorded at
	// provisioning. PortalURL is printed on PIN letters.
	PIN       domain.PINPolicy
	PINKey    pin.BoxKey
	PortalURL string
}

// Service runs the console's operations on one database.
type Service struct {
	db       *store.DB
	deviceID string
	policy   Policy
	now      func() time.Time
	vocab    vocabCache
	syncer   Syncer // nil on a standalone console
}

// Option adjusts a Service.
type Option func(*Service)

// WithClock replaces the wall clock (tests of lockout and ages).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// New returns the service for an initialised database.
func New(ctx context.Context, db *store.DB, policy Policy, opts ...Option) (*Service, error) {
	id, err := db.DeviceID(ctx)
	if err != nil {
		return nil, err
	}
	s := &Service{db: db, deviceID: id, policy: policy, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// IsDemo reports whether this is a demo database (the sign-in screen then
// shows the demo accounts).
func (s *Service) IsDemo(ctx context.Context) (bool, error) { return s.db.IsDemo(ctx) }

// today is the current calendar day where members live.
func (s *Service) today() time.Time {
	y, m, d := s.now().In(s.policy.Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// audit appends an entry to the device's chain inside tx.
func (s *Service) audit(ctx context.Context, tx *store.Tx, actor, action, subject string, detail map[string]any) error {
	return appendAudit(ctx, tx, s.deviceID, s.now(), actor, action, subject, detail)
}

func appendAudit(ctx context.Context, tx *store.Tx, device string, at time.Time, actor, action, subject string, detail map[string]any) error {
	enc := ""
	if len(detail) > 0 {
		b, err := json.Marshal(detail) // maps marshal with sorted keys: canonical
		if err != nil {
			return err
		}
		enc = string(b)
	}
	_, err := tx.AppendAudit(ctx, domain.AuditEntry{
		At: at, DeviceID: device, Actor: actor, Action: action, Subject: subject, Detail: enc,
	})
	return err
}
