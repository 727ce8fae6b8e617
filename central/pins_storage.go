package central

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
)

// PINReader holds the queries of temporary PINs and portal clients.
type PINReader interface {
	// PINIssues lists a member's reissues in order of application.
	PINIssues(ctx context.Context, regno string) ([]PINRecord, error)
	// PINs is PINIssue for many at once (a feed page), by id.
	PINs(ctx context.Context, ids []string) (map[string]PINRecord, error)
	// PINsAwaiting lists the reissues of a channel still in state
	// requested and applied before the given time, in order of
	// application: the next letter batch or e-mails to send.
	PINsAwaiting(ctx context.Context, channel domain.PINChannel, appliedBefore time.Time) ([]PINRecord, error)
	// PINKeyUse counts the live verifiers by HMAC key id: active PINs
	// expiring on liveFrom (YYYY-MM-DD) or later.
	PINKeyUse(ctx context.Context, liveFrom string) (map[string]int, error)
	PortalClientByTokenHash(ctx context.Context, tokenSHA256 string) (PortalClient, bool, error)
	PortalClients(ctx context.Context) ([]PortalClient, error)
}

// PINWriter holds the writes of temporary PINs and portal clients.
type PINWriter interface {
	// InsertPIN records a reissue; its order of application is the order
	// of the inserts.
	InsertPIN(ctx context.Context, p PINRecord) error
	// UpdatePIN rewrites a reissue's state, expiry, verifier and key id,
	// failures, batch and UpdatedAt.
	UpdatePIN(ctx context.Context, p PINRecord) error
	InsertPortalClient(ctx context.Context, c PortalClient) error
	// RevokePortalClient revokes a client by name; false when none active.
	RevokePortalClient(ctx context.Context, name string, at time.Time) (bool, error)
	// SetAddressVerified flags the member's current address (a returned
	// letter makes it unverified).
	SetAddressVerified(ctx context.Context, regno string, verified bool) error
}

// PINRecord is a reissue as the centre stores it: a verifier, never the
// PIN.
type PINRecord struct {
	ID          string
	RegNo       string
	Channel     domain.PINChannel
	State       domain.PINState
	Branch      string // the branch that reissued it
	DeviceID    string
	RequestedBy string
	RequestedAt time.Time // the event's time (the rate limit counts by it)
	AppliedAt   time.Time
	ExpiresOn   string // YYYY-MM-DD, "" until the PIN exists
	KeyID       string // the HMAC key the verifier was made with
	Verifier    string // hex HMAC-SHA-256 (pin.HMACKeys.Verifier)
	Failures    int
	Override    *domain.PINOverride
	Batch       string // the letter batch or e-mail (Message-ID) that carried the PIN; while requested, the send claiming it
	UpdatedAt   time.Time
}

// PortalClient is a caller of POST /v1/pin/verify (the fund's portal): its
// token only as a digest.
type PortalClient struct {
	Name        string
	TokenSHA256 string
	CreatedAt   time.Time
	RevokedAt   *time.Time
}
