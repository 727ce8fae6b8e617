package central

import "errors"

// Errors the HTTP layer (sync/server) maps onto protocol answers.
var (
	// ErrUnauthorized: the token is unknown or its device revoked.
	ErrUnauthorized = errors.New("central: unknown or revoked device token")
	// ErrForbidden: the device may not do this for that user (unknown,
	// disabled or other-branch actor, or a role without the right). It
	// wraps the *domain.Error saying why.
	ErrForbidden = errors.New("central: not allowed for this device or user")
	// ErrNotFound: no such member, document or device.
	ErrNotFound = errors.New("central: not found")
	// ErrHashMismatch: a document's bytes do not hash to its name.
	ErrHashMismatch = errors.New("central: document content does not match its SHA-256")
	// ErrTooLarge: a document over the size limit.
	ErrTooLarge = errors.New("central: document too large")
	// ErrNotEmpty: the demo seeder only fills a centre with no members.
	ErrNotEmpty = errors.New("central: the centre already has members: the demo only seeds an empty one")
)
