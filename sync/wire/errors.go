package wire

import "fmt"

// Error codes of an ErrorBody, each with its HTTP status.
const (
	CodeProtocolUnsupported = "protocol_unsupported" // 426: the console must be updated
	CodeUnauthorized        = "unauthorized"         // 401: token missing, unknown or revoked
	CodeForbidden           = "forbidden"            // 403: outside the device's branch
	CodeBadRequest          = "bad_request"          // 400: the body or a parameter is invalid
	CodeTooLarge            = "too_large"            // 413
	CodeNotFound            = "not_found"            // 404
	CodeHashMismatch        = "hash_mismatch"        // 400: a document's bytes do not match its name
	CodeBusy                = "busy"                 // 429 or 503, with Retry-After
	CodeInternal            = "internal"             // 500
)

// ErrorBody is every error answer's body.
type ErrorBody struct {
	Code    string `json:"error"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Supported lists the protocol versions the centre serves (with
	// CodeProtocolUnsupported).
	Supported []int `json:"supported,omitempty"`
}

// Error is an ErrorBody received as an error, with its HTTP status.
type Error struct {
	Status int
	Body   ErrorBody
}

func (e *Error) Error() string {
	if e.Body.Field != "" {
		return fmt.Sprintf("centre answered %d %s (%s): %s", e.Status, e.Body.Code, e.Body.Field, e.Body.Message)
	}
	return fmt.Sprintf("centre answered %d %s: %s", e.Status, e.Body.Code, e.Body.Message)
}
