package main

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/cnops/guichet/internal/perf"
	"github.com/cnops/guichet/sync/wire"
)

// recorder gathers what the devices saw; safe for concurrent use.
type recorder struct {
	mu      sync.Mutex
	times   map[string][]time.Duration // per route: answered requests
	errors  map[string]int             // per route
	samples map[string]string          // per route: the first error seen
	entries map[string]int             // entry statuses
	items   int                        // feed items pulled
	late    int                        // cycles that started late (the one before overran)
}

func newRecorder() *recorder {
	return &recorder{times: map[string][]time.Duration{}, errors: map[string]int{}, samples: map[string]string{},
		entries: map[string]int{}}
}

func (r *recorder) timed(route string, d time.Duration) {
	r.mu.Lock()
	r.times[route] = append(r.times[route], d)
	r.mu.Unlock()
}

func (r *recorder) fail(route, what string) {
	r.mu.Lock()
	r.errors[route]++
	if _, ok := r.samples[route]; !ok {
		r.samples[route] = what
	}
	r.mu.Unlock()
}

func (r *recorder) entry(status string) {
	r.mu.Lock()
	r.entries[status]++
	r.mu.Unlock()
}

func (r *recorder) pulled(n int) {
	r.mu.Lock()
	r.items += n
	r.mu.Unlock()
}

func (r *recorder) lateCycle() {
	r.mu.Lock()
	r.late++
	r.mu.Unlock()
}

// Result is a run's outcome, as the report prints it.
type Result struct {
	Routes     []RouteResult
	Applied    int            // entries the centre applied
	Statuses   map[string]int // every entry answer by status
	Items      int            // feed items pulled
	Errors     int            // failed requests and refused entries
	Late       int
	Wall       time.Duration
	LoadCPU    time.Duration // the generator's CPU time during the run
	CentreCPU  time.Duration // the centre's, when it ran in a process of its own
	CentreKind string        // "child process", "in process" or the external URL
}

// RouteResult is one route's latencies and errors.
type RouteResult struct {
	Route       string
	Dist        perf.Dist
	Errors      int
	FirstError  string
	PerSecond   float64
	MeetsTarget bool // p99 ≤ target
}

// result summarises the recorder over wall.
func (r *recorder) result(wall, target time.Duration, centreKind string) Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := Result{Statuses: map[string]int{}, Items: r.items, Late: r.late, Wall: wall, Applied: r.entries[wire.StatusApplied],
		CentreKind: centreKind}
	routes := []string{"all"}
	for route := range r.times {
		routes = append(routes, route)
	}
	for route := range r.errors {
		if !slices.Contains(routes, route) {
			routes = append(routes, route)
		}
	}
	slices.Sort(routes[1:])
	var all []time.Duration
	for _, ds := range r.times {
		all = append(all, ds...)
	}
	for _, route := range routes {
		ds, n := r.times[route], r.errors[route]
		if route == "all" {
			ds = all
			for _, e := range r.errors {
				n += e
			}
		}
		d := perf.DistOf(ds)
		res.Routes = append(res.Routes, RouteResult{Route: route, Dist: d, Errors: n, FirstError: r.samples[route],
			PerSecond: float64(d.N) / wall.Seconds(), MeetsTarget: d.P99 <= target})
		if route == "all" {
			res.Errors = n
		}
	}
	for s, n := range r.entries {
		res.Statuses[s] = n
	}
	return res
}

// Print writes the report: the machine, the run, the latency table, the
// entries and the CPU shares.
func (res Result) Print(w io.Writer, cfg config, target time.Duration) {
	fmt.Fprintf(w, "\nguichet-load: %d devices, each every %s: pull the feed%s; %s against the centre (%s)\n",
		cfg.devices, cfg.interval, pushWhat(cfg), res.Wall.Round(time.Millisecond), res.CentreKind)
	fmt.Fprintf(w, "machine: %s\ndate: %s; centre storage %s\n\n", perf.Machine(), time.Now().Format("2006-01-02 15:04 MST"),
		cfg.storageName())
	var rows [][]string
	for _, r := range res.Routes {
		rows = append(rows, []string{r.Route, fmt.Sprint(r.Dist.N), fmt.Sprintf("%.1f", r.PerSecond), perf.Ms(r.Dist.P50),
			perf.Ms(r.Dist.P95), perf.Ms(r.Dist.P99), perf.Ms(r.Dist.Max), fmt.Sprint(r.Errors)})
	}
	perf.Table(w, []string{"route", "requests", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"}, rows)
	fmt.Fprintf(w, "\nentries: %d applied (%.0f/s)", res.Applied, float64(res.Applied)/res.Wall.Seconds())
	for _, s := range []string{wire.StatusDuplicate, wire.StatusConflict, wire.StatusRejected, wire.StatusDeferred} {
		if n := res.Statuses[s]; n > 0 {
			fmt.Fprintf(w, ", %d %s", n, s)
		}
	}
	fmt.Fprintf(w, "; feed items pulled: %d; cycles started late: %d\n", res.Items, res.Late)
	for _, r := range res.Routes {
		if r.FirstError != "" {
			fmt.Fprintf(w, "first %s error: %s\n", r.Route, r.FirstError)
		}
	}
	fmt.Fprintf(w, "CPU: the generator used %.0f%% of the machine (%s CPU over %s × %d CPUs)",
		100*perf.CPUShare(res.LoadCPU, res.Wall), res.LoadCPU.Round(time.Millisecond), res.Wall.Round(time.Millisecond), nproc())
	switch {
	case res.CentreCPU > 0:
		fmt.Fprintf(w, ", the centre %.0f%% (%s CPU)\n", 100*perf.CPUShare(res.CentreCPU, res.Wall), res.CentreCPU.Round(time.Millisecond))
	case res.CentreKind == kindInProcess:
		fmt.Fprintln(w, ", the centre's included (same process)")
	default:
		fmt.Fprintln(w)
	}
	all := res.Routes[0]
	verdict := "met"
	if !all.MeetsTarget || res.Errors > 0 {
		verdict = "MISSED"
	}
	fmt.Fprintf(w, "target p99 ≤ %s, no error: %s (p99 %s ms, %d errors)\n", target, verdict, perf.Ms(all.Dist.P99), res.Errors)
}

func pushWhat(cfg config) string {
	switch {
	case cfg.pushEvery == 0:
		return fmt.Sprintf(", after one push of %d entries at the start", cfg.batch)
	case cfg.pushEvery == 1:
		return fmt.Sprintf(" after pushing %d entries", cfg.batch)
	}
	return fmt.Sprintf(" after pushing %d entries every %d cycles", cfg.batch, cfg.pushEvery)
}
