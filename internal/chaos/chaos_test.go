package chaos

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Settings of a run, from the environment.
const (
	envKills = "GUICHET_CHAOS_KILLS" // kills to reach (default shortKills)
	envSeed  = "GUICHET_CHAOS_SEED"  // the generator's seed, to replay a run's schedule
	envKeep  = "GUICHET_CHAOS_KEEP"  // 1: keep the run's folder even when it passes

	shortKills = 20
	shortSeed  = 1
)

// TestCrashHarness runs the workload against the real binaries, killing
// them until the target number of kills is reached, then settles the
// world and checks the invariants (doc.go).
func TestCrashHarness(t *testing.T) {
	target, seed, err := settings()
	if err != nil {
		t.Fatal(err)
	}
	replay := fmt.Sprintf("%s=%d %s=%d", envSeed, seed, envKills, target)
	defer func() {
		if t.Failed() {
			t.Logf("replay with %s go test -count=1 -run TestCrashHarness ./internal/chaos/", replay)
		}
	}()
	consoleBin, centreBin := binaries(t)
	dir, err := os.MkdirTemp("", "guichet-chaos-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() || os.Getenv(envKeep) == "1" {
			t.Logf("the run's databases and logs are kept in %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	began := time.Now()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	kills := &killCount{}
	// A branch holds about a seventh of the demo's members: enough for
	// every member to go through a few requests and reissues in a long run.
	w, err := setUp(dir, consoleBin, centreBin, max(300, target*2), rng, kills)
	if w != nil && w.centre != nil {
		t.Cleanup(w.centre.close)
	}
	if err != nil {
		t.Fatalf("setting up (%s): %v", replay, err)
	}
	setUpTook := time.Since(began)
	d := newDriver(w, rng, kills)
	nextReport := 100
	for kills.total < target && d.steps < 30*target {
		if err := d.step(); err != nil {
			t.Fatalf("step %d (%s): %v", d.steps, replay, err)
		}
		if testing.Verbose() && kills.total >= nextReport {
			t.Logf("%d kills after %d steps, %s", kills.total, d.steps, time.Since(began).Round(time.Second))
			nextReport += 100
		}
	}
	if kills.total < target {
		t.Fatalf("only %d kills in %d steps", kills.total, d.steps)
	}
	chaosTook := time.Since(began) - setUpTook
	if err := w.settle(); err != nil {
		t.Fatalf("settling (%s): %v", replay, err)
	}
	found, err := w.check(d.ledger)
	if err != nil {
		t.Fatalf("checking (%s): %v", replay, err)
	}
	for _, f := range found {
		t.Error(f)
	}
	if len(found) == 0 {
		t.Run("the checks see tampering", func(t *testing.T) { checkTheChecks(t, w, d.ledger) })
	}
	l := d.ledger
	t.Logf("seed %d: %d steps, kills %s, centre started %d times; acknowledged %d operations "+
		"(%d requests, %d approvals, %d rejections, %d PIN reissues); commands %s, succeeded %s; set-up %s, chaos %s, total %s",
		seed, d.steps, kills, w.centre.starts, l.size(), len(l.requests), l.decided("approved"), l.decided("rejected"),
		len(l.pins), counts(d.started), counts(d.acked), setUpTook.Round(time.Millisecond), chaosTook.Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	void, err := w.voidLetters()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("typical durations %v; counter letters left void by a kill: %d", d.typical, void)
	for op, msgs := range d.failed {
		t.Logf("%s failed without a kill, e.g.: %s", op, strings.Join(msgs, " | "))
	}
}

// settings reads the run's target and seed: the short mode by default,
// a fixed seed unless one is given, except that a long run without one
// draws it from the clock (it is printed).
func settings() (target int, seed uint64, err error) {
	target, seed = shortKills, shortSeed
	if v := os.Getenv(envKills); v != "" {
		if target, err = strconv.Atoi(v); err != nil || target < 1 {
			return 0, 0, fmt.Errorf("%s=%q: want a positive number", envKills, v)
		}
		seed = uint64(time.Now().UnixNano())
	}
	if v := os.Getenv(envSeed); v != "" {
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			return 0, 0, fmt.Errorf("%s=%q: want an unsigned number", envSeed, v)
		}
	}
	return target, seed, nil
}

func counts(m map[string]int) string {
	var parts []string
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
