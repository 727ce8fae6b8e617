// Package storagetest is the conformance suite of central.Storage: every
// Reader and Tx method's contract checked on a fresh store with real data,
// the not-found answers (ok false, no error), rollback and savepoints, one
// snapshot per Read, and a feed cursor that never skips a change when
// writers commit out of order. central/sqlite and central/postgres both
// run it, so the App behaves the same on either.
package storagetest

import (
	"context"
	"testing"

	"github.com/cnops/guichet/central"
)

// Option adapts the suite to what a storage can do.
type Option func(*options)

type options struct{ concurrentWriters bool }

// ConcurrentWriters says that two writes may run at once (PostgreSQL): the
// out-of-order feed test then requires the second writer to commit while
// the first is still open, so the test proves what it is about. Without
// it (SQLite's single writer) the second writer may wait for the first.
func ConcurrentWriters() Option { return func(o *options) { o.concurrentWriters = true } }

// env is one case's store and test.
type env struct {
	t    *testing.T
	ctx  context.Context
	st   central.Storage
	opts options
}

var cases = []struct {
	name string
	run  func(*env)
}{
	{"Branches", branches},
	{"Devices", devices},
	{"Accounts", accounts},
	{"Members", members},
	{"MemberAddresses", memberAddresses},
	{"Requests", requests},
	{"Documents", documents},
	{"Entries", entries},
	{"Audit", audit},
	{"ChainBreaks", chainBreaks},
	{"AccessLog", accessLog},
	{"MemberAccessLog", memberAccessLog},
	{"PINIssues", pinIssues},
	{"PINsAwaiting", pinsAwaiting},
	{"PINRefusals", pinRefusals},
	{"PINKeys", pinKeys},
	{"PortalClients", portalClients},
	{"AddressVerified", addressVerified},
	{"RollbackOnError", rollbackOnError},
	{"TxSeesItsWrites", txSeesItsWrites},
	{"Savepoints", savepoints},
	{"ReadIsOneSnapshot", readIsOneSnapshot},
	{"Feed", feed},
	{"FeedKinds", feedKinds},
	{"FeedOutOfOrderCommits", feedOutOfOrderCommits},
	{"FeedConcurrentWriters", feedConcurrentWriters},
	{"NoLostUpdate", noLostUpdate},
	{"CheckThenInsert", checkThenInsert},
	{"OppositeOrders", oppositeOrders},
	{"DevicesPushTogether", devicesPushTogether},
}

// Run runs the suite; open returns a fresh, empty store for the test and
// closes it in t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) central.Storage, opts ...Option) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(&env{t: t, ctx: context.Background(), st: open(t), opts: o})
		})
	}
}

// write runs fn in a write, failing the test on an error.
func (e *env) write(fn func(central.Tx) error) {
	e.t.Helper()
	if err := e.st.Write(e.ctx, fn); err != nil {
		e.t.Fatal(err)
	}
}

// read runs fn on a snapshot, failing the test on an error.
func (e *env) read(fn func(central.Reader) error) {
	e.t.Helper()
	if err := e.st.Read(e.ctx, fn); err != nil {
		e.t.Fatal(err)
	}
}

// refused checks that a write fails (a constraint) and keeps nothing.
func (e *env) refused(what string, fn func(central.Tx) error) {
	e.t.Helper()
	if err := e.st.Write(e.ctx, fn); err == nil {
		e.t.Errorf("%s: accepted", what)
	}
}
