package central

import "errors"

// Errors the HTTP layer (sync/server) maps onto protocol answers.
var (
	// ErrUnauthorized: the token is unknown or its device revoked.
	ErrUnauthorized = errors.New("central: unknown or revoked device token")
	// ErrNotFound: no such member or document.
	ErrNotFound = errors.New("central: not found")
	// ErrHashMismatch: a document's bytes do not hash to its name.
	ErrHashMismatch = errors.New("central: document content does not match its SHA-256")
	// ErrTooLarge: a document over the size limit.
	ErrTooLarge = errors.New("central: document too large")
)
