package netfault

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// Environment of the soak: GUICHET_NETFAULT_FAULTS sets how many faults
// (default shortFaults, what make test runs), GUICHET_NETFAULT_SEED
// replays a run's schedule (printed on failure).
const (
	envFaults   = "GUICHET_NETFAULT_FAULTS"
	envSeed     = "GUICHET_NETFAULT_SEED"
	shortFaults = 32
	// demoMembers seeds the centre; the first branch gets about 12/89 of
	// them, shared between changes and PINs.
	demoMembers = 600
	// faultDeadline bounds the wait for a fault to be met: an engine that
	// has not finished a pass by then is stuck (requests time out in 0.6 s).
	faultDeadline = 15 * time.Second
)

func TestMain(m *testing.M) {
	// toxiproxy logs through zerolog's global logger in places (bandwidth):
	// only its errors, please.
	zerolog.SetGlobalLevel(zerolog.ErrorLevel)
	os.Exit(m.Run())
}

// TestSoak runs two consoles' sync engines through faults drawn at random
// while their users record address changes, decide them and reissue PINs,
// then clears the faults, syncs until nothing is pending and checks the
// invariants (invariants_test.go).
func TestSoak(t *testing.T) {
	seed, faults := soakSettings(t)
	t.Logf("seed %d, %d faults (%s=%d %s=%d replays this schedule)", seed, faults, envSeed, seed, envFaults, faults)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("replay with %s=%d %s=%d", envSeed, seed, envFaults, faults)
		}
	})
	began := time.Now()
	rng := rand.New(rand.NewPCG(seed, seed^0x6e65746661756c74))
	c := newCentre(t, demoMembers)
	s := &soak{t: t, rng: rng, centre: c, faults: map[Kind]int{}, cover: slices.Clone(Kinds)}
	rng.Shuffle(len(s.cover), func(i, j int) { s.cover[i], s.cover[j] = s.cover[j], s.cover[i] })
	for i := range 2 {
		s.consoles = append(s.consoles, c.newConsole(t, fmt.Sprintf("counter-%d", i+1), rng.Uint64()))
	}
	s.versions = c.versions(t)
	s.op = newOperator(t, rng, s.consoles)
	setUp := time.Since(began)

	for _, k := range s.consoles {
		k.start()
	}
	for i := range faults {
		s.one(i)
	}
	for _, k := range s.consoles {
		k.halt()
	}
	faulted := time.Since(began) - setUp
	s.drain()
	s.checkInvariants()
	s.report(setUp, faulted, time.Since(began)-setUp-faulted)
}

// soakSettings reads the seed and the number of faults.
func soakSettings(t *testing.T) (seed uint64, faults int) {
	seed, faults = rand.Uint64()>>1, shortFaults
	if v := os.Getenv(envSeed); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a whole number", envSeed, v)
		}
		seed = n
	}
	if v := os.Getenv(envFaults); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a whole number ≥ 1", envFaults, v)
		}
		faults = n
	}
	return seed, faults
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed>>7|1)) }

// soak is one run: the world, the operator and what happened.
type soak struct {
	t        *testing.T
	rng      *rand.Rand
	centre   *centre
	consoles []*console
	op       *operator
	versions map[string]int64 // members' versions at the centre before the run
	faults   map[Kind]int
	cover    []Kind // the first faults' kinds
	ops      int
}

// one arms a fault, records a few operations, waits until the fault has
// met the sync engines, and removes it.
func (s *soak) one(i int) {
	s.t.Helper()
	var f Fault
	if i < len(s.cover) { // every kind once first, so that a short run meets them all
		f = DrawKind(s.rng, s.cover[i])
	} else {
		f = Draw(s.rng)
	}
	k := s.consoles[s.rng.IntN(len(s.consoles))]
	fresh := s.rng.IntN(2) == 0
	ops := s.rng.IntN(3)
	if f.Toxic != nil {
		if err := k.proxy.Arm(*f.Toxic); err != nil {
			s.t.Fatal(err)
		}
		k.watch.from(time.Now()) // requests from now on meet the toxic
		if fresh {
			// New connections meet the toxic from their first byte (and
			// reset_peer then sends a true RST); pooled ones meet it
			// wherever their stream is.
			k.tr.CloseIdleConnections()
		}
		k.engine.Kick()
	} else {
		s.centre.inj.Arm(*f.HTTP)
		s.kickAll()
	}
	for range ops {
		s.op.operate()
		s.ops++
	}
	if f.Toxic != nil {
		s.waitPass(i, f, k)
		k.proxy.Clear()
	} else {
		s.waitCaught(i, f)
		s.centre.inj.Disarm()
	}
	s.faults[f.Kind]++
}

// waitPass waits until a whole pass of k ran under the toxic.
func (s *soak) waitPass(i int, f Fault, k *console) {
	s.t.Helper()
	deadline := time.Now().Add(faultDeadline)
	for !k.watch.covered() {
		if time.Now().After(deadline) {
			s.t.Fatalf("fault %d (%s) on %s: no sync pass finished in %s: the engine is stuck", i, f, k.name, faultDeadline)
		}
		select {
		case <-k.watch.passedCh:
		case <-time.After(50 * time.Millisecond):
		}
		k.engine.Kick()
	}
}

// waitCaught waits until the injector has caught the fault's requests,
// queuing a sign-in's audit entry now and then for a push to carry, and
// after a 429 until the client asked again.
func (s *soak) waitCaught(i int, f Fault) {
	s.t.Helper()
	inj := s.centre.inj
	deadline, nudge := time.Now().Add(faultDeadline), time.Now().Add(2*time.Second)
	for inj.Left() > 0 {
		now := time.Now()
		if now.After(deadline) {
			s.t.Fatalf("fault %d (%s): %d requests not caught in %s", i, f, inj.Left(), faultDeadline)
		}
		if now.After(nudge) {
			s.op.signIn(s.rng.IntN(len(s.consoles)))
			nudge = now.Add(2 * time.Second)
		}
		s.kickAll()
		time.Sleep(20 * time.Millisecond)
	}
	deadline = time.Now().Add(f.HTTP.RetryAfter + faultDeadline)
	for inj.Awaiting() > 0 {
		if time.Now().After(deadline) {
			s.t.Fatalf("fault %d (%s): the client never asked again", i, f)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *soak) kickAll() {
	for _, k := range s.consoles {
		k.engine.Kick()
	}
}

// drain syncs every console, faults gone, until two rounds in a row find
// nothing pending, nothing set aside and no error.
func (s *soak) drain() {
	s.t.Helper()
	for _, k := range s.consoles {
		k.proxy.Clear()
	}
	s.centre.inj.Disarm()
	ctx := context.Background()
	for clean, round := 0, 0; clean < 2; round++ {
		if round == 50 {
			s.t.Fatalf("still not drained after %d rounds", round)
		}
		clean++
		for _, k := range s.consoles {
			rep, err := k.engine.Pass(ctx)
			if rep.SetAsideTotal > 0 {
				s.t.Fatalf("%s: entries set aside: %s", k.name, k.setAside())
			}
			if err != nil || rep.Pending > 0 {
				clean = 0
			}
		}
	}
}

// setAside describes a console's set-aside entries and the centre's answers.
func (k *console) setAside() string {
	rows, err := k.ro.Query(`SELECT seq, kind, member_regno, answer FROM outbox WHERE state = 'set_aside' ORDER BY seq`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var seq int64
		var kind, regno, answer string
		if err := rows.Scan(&seq, &kind, &regno, &answer); err != nil {
			return err.Error()
		}
		out = append(out, fmt.Sprintf("#%d %s %s: %s", seq, kind, regno, answer))
	}
	return strings.Join(out, "; ")
}
