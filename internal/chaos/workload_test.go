package chaos

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// ledger is what the console acknowledged: commands that exited 0 and
// printed the operation's id and reference.
type ledger struct {
	requests  map[string]ackRequest  // by request id
	decisions map[string]ackDecision // by reference
	pins      map[string]ackPIN      // by issue id
}

type ackRequest struct{ id, ref, regno string }
type ackDecision struct{ id, state string } // approved or rejected
type ackPIN struct{ id, regno, channel string }

func newLedger() *ledger {
	return &ledger{requests: map[string]ackRequest{}, decisions: map[string]ackDecision{}, pins: map[string]ackPIN{}}
}

func (l *ledger) size() int { return len(l.requests) + len(l.decisions) + len(l.pins) }

// decided counts the acknowledged decisions of one kind.
func (l *ledger) decided(state string) int {
	n := 0
	for _, d := range l.decisions {
		if d.state == state {
			n++
		}
	}
	return n
}

// killCount counts processes killed while they ran, by what they were.
type killCount struct {
	total int
	by    map[string]int
}

func (k *killCount) add(what string) {
	if k.by == nil {
		k.by = map[string]int{}
	}
	k.total++
	k.by[what]++
}

func (k *killCount) String() string {
	var parts []string
	for what, n := range k.by {
		parts = append(parts, fmt.Sprintf("%s %d", what, n))
	}
	sort.Strings(parts)
	return fmt.Sprintf("%d (%s)", k.total, strings.Join(parts, ", "))
}

// driver runs the workload: one step at a time, a console command in the
// foreground, sometimes a sync beside it (as the console's engine runs
// one), the centre serving; each may be killed at a random moment of the
// step, drawn from the seeded generator.
type driver struct {
	w      *world
	rng    *rand.Rand
	kills  *killCount
	ledger *ledger
	// typical is how long each command usually takes when left alone: a
	// kill is drawn within it, so that kills land mid-command.
	typical map[string]time.Duration
	steps   int
	started map[string]int
	acked   map[string]int
	failed  map[string][]string // exit != 0 without a kill: the first few messages
	seq     int
}

func newDriver(w *world, rng *rand.Rand, kills *killCount) *driver {
	ms := time.Millisecond
	return &driver{w: w, rng: rng, kills: kills, ledger: newLedger(),
		typical: map[string]time.Duration{opRequest: 300 * ms, opApprove: 250 * ms, opReject: 250 * ms,
			opReissue: 350 * ms, opDiscover: 200 * ms, opSync: 200 * ms},
		started: map[string]int{}, acked: map[string]int{}, failed: map[string][]string{}}
}

// Odds of the step's events.
const (
	centreRestartOdds = 0.75 // a killed centre comes back at the next step (else the step runs offline)
	backgroundOdds    = 0.25 // a sync runs beside the command
	killCommandOdds   = 0.45
	killSyncOdds      = 0.4
	killCentreOdds    = 0.3  // when a sync runs in the step
	killCentreIdle    = 0.03 // when none does
)

// plan is what the generator decided for one step. Every step draws the
// same numbers in the same order, so that a seed replays its schedule.
type plan struct {
	restartCentre                     bool
	op                                string
	m                                 *member
	background                        bool // a sync runs beside the command
	killCommand, killSync, killCentre bool
	commandAt, syncAt, centreAt       float64 // fractions of the typical duration
}

func (d *driver) plan() plan {
	p := plan{restartCentre: d.rng.Float64() < centreRestartOdds}
	p.op, p.m = d.pick()
	p.background = d.rng.Float64() < backgroundOdds
	p.killCommand, p.commandAt = d.rng.Float64() < killCommandOdds, d.rng.Float64()
	p.killSync, p.syncAt = d.rng.Float64() < killSyncOdds, d.rng.Float64()
	centreOdds := killCentreIdle
	if p.op == opSync || p.background {
		centreOdds = killCentreOdds
	}
	p.killCentre, p.centreAt = d.rng.Float64() < centreOdds, d.rng.Float64()
	return p
}

// step runs one step and reports a harness failure (a hung command, a
// centre that cannot start, output that cannot be read).
func (d *driver) step() error {
	d.steps++
	p := d.plan()
	if p.restartCentre && !d.w.centre.running() {
		if err := d.w.centre.start(); err != nil {
			return err
		}
	}
	fg, err := start(d.command(p.op, p.m), hangLimit)
	if err != nil {
		return err
	}
	d.started[p.op]++
	if p.killCommand {
		fg.killAfter(d.within(p.op, p.commandAt))
	}
	var bg *proc
	if p.background {
		if bg, err = start(d.w.command(nil, "sync", "--json"), hangLimit); err != nil {
			return err
		}
		d.started["background sync"]++
		if p.killSync {
			bg.killAfter(d.within(opSync, p.syncAt))
		}
	}
	stepDone := make(chan struct{})
	var centreKill <-chan string
	if p.killCentre {
		syncing := func() bool { return (p.op == opSync && fg.running()) || (bg != nil && bg.running()) }
		centreKill = d.killCentreAt(d.within(opSync, p.centreAt), stepDone, syncing)
	}
	res, bgRes := fg.wait(), outcome{}
	if bg != nil {
		bgRes = bg.wait()
	}
	close(stepDone)
	if centreKill != nil {
		if what := <-centreKill; what != "" {
			if what == "centre mid-sync" && (p.op == opSync && lostMidPush(res) || lostMidPush(bgRes)) {
				what = "centre mid-push"
			}
			d.kills.add(what)
		}
	}
	if bg != nil {
		if err := d.settle("background sync", bgRes); err != nil {
			return err
		}
	}
	if err := d.settle(p.op, res); err != nil {
		return err
	}
	return d.apply(p.op, p.m, res)
}

// killCentreAt kills the centre after at (or when the step ends, if
// sooner) and tells what the kill interrupted: "centre mid-sync" when a
// sync was running, "centre" otherwise, "" when the centre was down.
func (d *driver) killCentreAt(at time.Duration, stepDone <-chan struct{}, syncing func() bool) <-chan string {
	killed := make(chan string, 1)
	go func() {
		select {
		case <-time.After(at):
		case <-stepDone:
		}
		midSync := syncing()
		switch {
		case !d.w.centre.kill():
			killed <- ""
		case midSync:
			killed <- "centre mid-sync"
		default:
			killed <- "centre"
		}
	}()
	return killed
}

// lostMidPush tells a sync that lost the centre after its push had
// reached it (not one that found it already gone): the kill came between
// the batch's arrival and its answer, around the centre's commit.
func lostMidPush(o outcome) bool {
	return strings.Contains(o.stderr, "unreachable (push)") && !strings.Contains(o.stderr, "connection refused")
}

// within is a moment drawn within a command's typical duration (a
// little beyond, so that some kills come too late and the command
// completes).
func (d *driver) within(op string, frac float64) time.Duration {
	return time.Duration(frac * 1.2 * float64(d.typical[op]))
}

// settle counts a kill, fails on a hung command and learns how long a
// command takes when left alone.
func (d *driver) settle(what string, o outcome) error {
	switch {
	case o.hung:
		return fmt.Errorf("%s hung: %s", what, o)
	case o.killed:
		d.kills.add(what)
	case o.code == 0:
		op := what
		if op == "background sync" {
			op = opSync
		}
		d.typical[op] = (4*d.typical[op] + o.took) / 5
	}
	return nil
}
