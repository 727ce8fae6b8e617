// Package client owns the console's sync engine: it pushes the outbox to
// the centre (scans first, then entries in sequence order with the next
// stretch of the audit chain; an entry for which the centre refuses whole
// batches is isolated by halving and set aside), records the centre's
// answers, pulls the feed of the console's scope into the local database,
// fetches members of other branches on demand, retries with exponential
// backoff and full jitter, and reports the link's status. It keeps the
// centre's PIN public key current (a key rotation needs no new
// provisioning) and provisions a new console from the centre. The protocol is sync/wire's;
// the local writes are store's.
package client
