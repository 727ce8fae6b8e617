package server

import (
	"context"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// Centre is what the handlers need of the central application
// (*central.App satisfies it). Errors are central's sentinels
// (ErrUnauthorized, ErrNotFound, ErrHashMismatch, ErrTooLarge), a
// *domain.FieldError for bad input, or internal failures.
type Centre interface {
	// DeviceByToken authenticates a device token (the raw token; the
	// centre compares SHA-256 digests).
	DeviceByToken(ctx context.Context, token string) (wire.Device, error)
	// NoteKeyServed records the PIN key GET /v1/device gives the device
	// (bookkeeping: it never fails the request).
	NoteKeyServed(ctx context.Context, dev wire.Device)
	// Push applies a batch in one transaction, a savepoint per entry.
	Push(ctx context.Context, dev wire.Device, req wire.PushRequest) (wire.PushResponse, error)
	// Feed returns the device's scope after the cursor, at most limit items.
	Feed(ctx context.Context, dev wire.Device, after int64, limit int) (wire.FeedPage, error)
	// LookupMember fetches one member outside the scope by registration
	// number or CIN (exactly one given), audited at the centre with actor.
	LookupMember(ctx context.Context, dev wire.Device, actor, regno, cin string) (wire.Member, error)
	// MaxDocumentBytes is the largest scan the centre keeps: the handler
	// reads no more of an upload.
	MaxDocumentBytes() int64
	// PutDocument stores a scan under its SHA-256 (idempotent).
	PutDocument(ctx context.Context, dev wire.Device, sha256, mediaType string, body []byte) (created bool, err error)
	// HasDocument reports whether the centre holds a scan.
	HasDocument(ctx context.Context, dev wire.Device, sha256 string) (bool, error)
	// AuthenticatePortal authenticates a portal client's token (a
	// device's token is not one).
	AuthenticatePortal(ctx context.Context, token string) (central.PortalClient, error)
	// VerifyPIN answers the portal: valid, invalid, expired or locked.
	VerifyPIN(ctx context.Context, client central.PortalClient, req wire.PINVerifyRequest) (wire.PINVerifyResponse, error)
}
