// Package chaos is the crash harness: it runs the real binaries as
// separate processes, kills them with SIGKILL at random moments, restarts
// them and checks that nothing acknowledged was lost and nothing was
// applied twice. The package holds only its test (go test
// ./internal/chaos/); nothing imports it.
//
// # The world
//
// The test builds bin/guichet and bin/guichet-central from the checkout
// into a temporary folder, then sets up with the command lines an
// operator uses: `guichet-central demo seed` (a small demo centre),
// `keys generate` (its PIN keys), `users add` (an agent and a supervisor
// of the branch the demo's own accounts belong to), `devices add`, then
// `guichet-central serve` on a free loopback port and `guichet provision`
// from it (the provisioning is itself killed once at a random moment and
// must resume). Each process has its own folder and a clean environment.
//
// # The workload
//
// Step after step, one console command runs in the foreground:
// `address request` (agent; now and then with a scan), `address approve`
// or `address reject` (supervisor, of a request the harness knows to be
// pending), `pin reissue` (agent, counter letter saved to a file or post,
// with the supervisor's cooling-off override), `address list --member`
// (to learn what became of a member whose command was killed), or
// `sync`. A quarter
// of the steps run a `sync` beside it, as the console's engine does, and
// the centre serves throughout. A generator seeded with
// GUICHET_CHAOS_SEED decides each step's command, member, and whether
// and when to kill the command, the sync and the centre: a moment drawn
// within the command's typical duration (learnt from the runs left
// alone), so that kills land mid-command, mid-sync and, when the centre
// dies while a push is in flight, around the centre's commit. A killed
// centre comes back on a new port at the next step three times in four,
// otherwise the step runs offline. The schedule replays from the seed;
// the exact instants depend on the machine, so a replay hits nearby
// moments, not the same ones.
//
// A command acknowledges an operation when it exits 0 and prints, in its
// --json output, the request's id and reference, the decision's
// reference and state, or the PIN reissue's id. These go into a ledger.
// A command that was killed or failed promises nothing.
//
// # The invariants
//
// At the end the centre is started, `guichet sync` runs until the console
// has nothing pending and has shipped its whole audit chain, `guichet
// audit verify` runs (and its sign-in ships too), the centre stops
// cleanly, and then:
//
//   - both databases pass PRAGMA integrity_check and foreign_key_check;
//   - every acknowledged request, decision and PIN reissue is in the
//     console's database and at the centre, as acknowledged (same id,
//     reference, member, channel; decided by the supervisor);
//   - whatever exists, acknowledged or not, exists on both sides alike:
//     the same requests with the same state and decider, the same PIN
//     reissues of this device in the same state, every scan a request
//     cites held intact in both document stores;
//   - nothing was applied twice: the console's outbox holds one entry per
//     request, per decision (only for decided requests) and per reissue,
//     each delivered; the centre recorded exactly the console's entries,
//     each applied; each member's record version and address history at
//     the centre grew by exactly the number of approvals applied there,
//     and the console holds the centre's version; only a member's newest
//     reissue is live at the centre, and a live counter PIN has its
//     verifier;
//   - the audit chains hold: the console's verifies, the centre's record
//     of it ends at the same entry with the same hash, and `guichet-central
//     audit breaks` finds no break.
//
// Then the checks are run once more on copies of the databases in which
// one invariant of each kind has been broken on purpose: each must be
// reported, or the checks could not fail.
//
// # Running it
//
// `go test ./internal/chaos/` is the short mode (20 kills, seed 1), part
// of `make test`. The long mode:
//
//	GUICHET_CHAOS_KILLS=1000 go test -count=1 -timeout 3h -run TestCrashHarness -v ./internal/chaos/
//
// draws its seed from the clock unless GUICHET_CHAOS_SEED is set, logs
// its progress every 100 kills and its figures at the end (kills by
// victim, operations acknowledged, duration). A failure prints the seed
// and the line that replays it, and keeps the run's folder (databases,
// the centre's log) for inspection; GUICHET_CHAOS_KEEP=1 keeps it always.
package chaos
