// Package server owns the centre's HTTP side of the sync protocol: device
// authentication, the protocol-version check, strict decoding with size
// limits, the mapping of central's answers onto HTTP, request logging, and
// the Prometheus metrics (NewMetrics). The rules themselves live in central
// and domain.
package server
