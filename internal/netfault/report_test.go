package netfault

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/perf"
	"github.com/cnops/guichet/sync/wire"
)

// report logs what the run did (go test -v shows it).
func (s *soak) report(setUp, faulted, drained time.Duration) {
	var b strings.Builder
	fmt.Fprintf(&b, "network-fault soak: %d faults, setup %s, faults %s, final sync %s\n", sum(s.faults),
		setUp.Round(time.Millisecond), faulted.Round(time.Millisecond), drained.Round(time.Millisecond))
	fmt.Fprintf(&b, "machine: %s\n", perf.Machine())
	var kinds []string
	for _, k := range Kinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, s.faults[k]))
	}
	fmt.Fprintf(&b, "faults by kind: %s\n", strings.Join(kinds, ", "))
	led := s.op.led
	approved, rejected, pending := 0, 0, 0
	scans := 0
	for _, r := range led.requests {
		switch r.state {
		case domain.RequestApproved:
			approved++
		case domain.RequestRejected:
			rejected++
		default:
			pending++
		}
		if r.scan != "" {
			scans++
		}
	}
	post := 0
	for _, p := range led.pins {
		if p.channel == domain.ChannelPost {
			post++
		}
	}
	fmt.Fprintf(&b, "operations drawn %d: %d requests (%d with a scan), %d approved, %d rejected, %d left pending; "+
		"%d PIN reissues (%d post, %d counter); %d sign-ins\n", s.ops, len(led.requests), scans, approved, rejected,
		pending, len(led.pins), post, len(led.pins)-post, led.signIns)
	fmt.Fprintf(&b, "refused by the rules (expected, not acknowledged): %s\n", counts(led.refused))
	inj := s.centre.inj
	gaps := inj.Gaps()
	least := time.Duration(0)
	for i, g := range gaps {
		if i == 0 || g.Waited-g.Asked < least {
			least = g.Waited - g.Asked
		}
	}
	fmt.Fprintf(&b, "injector answered: 500 %d, 429 %d (least wait beyond Retry-After %s), commit-lost %d (%d pushes), "+
		"commit-500 %d (%d pushes)\n", inj.Served(Fail500), inj.Served(TooMany), least.Round(time.Millisecond),
		inj.Served(CommitThenLose), inj.ServedOn(CommitThenLose, wire.PathPush),
		inj.Served(CommitThen500), inj.ServedOn(CommitThen500, wire.PathPush))
	for _, k := range s.consoles {
		entries := count(s.t, k.ro, `SELECT count(*) FROM outbox`)
		audit := count(s.t, k.ro, `SELECT count(*) FROM audit`)
		// The centre's last answer "duplicate": the entry had been applied
		// and its answer lost, and it was not applied again.
		dups := count(s.t, k.ro, `SELECT count(*) FROM outbox WHERE json_extract(answer, '$.status') = 'duplicate'`)
		levels, _, _ := k.logs.snapshot()
		fmt.Fprintf(&b, "%s: %d passes, %d requests (%d failed), %d entries delivered (%d answered duplicate), "+
			"%d audit entries, %d sync warnings\n", k.name, k.watch.passes.Load(), k.watch.requests.Load(),
			k.watch.failures.Load(), entries, dups, audit, levels[slog.LevelWarn])
	}
	levels, errs, _ := s.centre.logs.snapshot()
	fmt.Fprintf(&b, "centre: %d error log lines", levels[slog.LevelError])
	if len(errs) > 0 {
		fmt.Fprintf(&b, ", first: %s", errs[0])
	}
	s.t.Log(b.String())
}

func sum(m map[Kind]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
