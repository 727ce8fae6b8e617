// Package netfault is the network-fault harness of issue 8: it proves that
// a console syncing through a hostile link loses nothing it acknowledged
// and applies nothing twice.
//
// Two fault injectors sit between the console's sync engine and the real
// centre:
//
//   - Proxy, a TCP proxy (toxiproxy, embedded in the test process) that
//     resets connections, holds them silent until they time out, adds
//     latency, limits bandwidth, slices the stream and cuts it after a
//     number of bytes (a request or an answer broken mid-body), in either
//     direction;
//   - Injector, an http.Handler in front of the centre's sync/server
//     handler that answers 500, answers 429 with Retry-After (and measures
//     how long the client waited before asking again), or lets the real
//     handler run and commit and then drops its answer (the connection is
//     closed, or a 500 replaces it).
//
// Draw picks one fault and its parameters from a seeded generator. The
// soak test (netfault_test.go) builds a real centre (central.App on SQLite
// behind sync/server on a loopback listener) and two real consoles of one
// branch (store, service, sync/client engine running as in production),
// each behind its own Proxy; it records address changes, their approvals
// or rejections by a supervisor of the other console, and PIN reissues
// while faults come and go, then removes the faults, syncs until nothing
// is pending and checks the invariants: every acknowledged operation
// exists exactly once on its console and exactly once at the centre,
// nothing was applied twice, the audit chains verify at both ends, both
// databases pass PRAGMA integrity_check, and every Retry-After was waited.
//
// Runs:
//
//	go test ./internal/netfault/                          # short: a few dozen faults
//	GUICHET_NETFAULT_FAULTS=1000 go test -v -timeout 60m ./internal/netfault/ -run TestSoak
//	GUICHET_NETFAULT_SEED=N ...                           # replay a run's schedule
//
// The seed fixes the faults, their parameters, the operations and the
// engines' jitter; thread timing still varies, so a replay follows the
// same schedule rather than the same interleaving.
package netfault
