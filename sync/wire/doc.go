// Package wire owns the sync protocol between a console and the centre:
// the request and response types, the protocol version, the limits, the
// error answers and the strict decoding both sides use. openapi.yaml
// describes the same protocol for other implementers; a test keeps the two
// in step.
package wire
