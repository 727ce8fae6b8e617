package client_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/perf"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// benchCentre opens an empty centre storage for a benchmark.
type benchCentre struct {
	name string
	open func(b *testing.B, dir string) central.Storage
}

// benchCentres are the storages the push benchmark runs against, one
// sub-benchmark each.
var benchCentres = []benchCentre{
	{"sqlite", func(b *testing.B, dir string) central.Storage {
		st, err := sqlite.Open(context.Background(), filepath.Join(dir, "centre.db"))
		if err != nil {
			b.Fatal(err)
		}
		return st
	}},
	// A fresh schema of the test server (GUICHET_TEST_POSTGRES), dropped
	// at the end; the benchmark fails when the server is unreachable.
	{"postgres", func(b *testing.B, _ string) central.Storage {
		st, err := postgres.Open(context.Background(), pgtest.DSN(b), postgres.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return st
	}},
}

// BenchmarkPush times pushing a full outbox to a loopback centre: the
// real central.App and sync/server handler on an httptest server, a
// console provisioned from it whose service recorded the entries (half
// address-change requests by the agent, half their approvals by the
// supervisor, one member each), then engine passes until nothing is
// pending. Target (issue 7): 10,000 entries in ≤ 5 s, SQLite and
// PostgreSQL centres. GUICHET_BENCH_ENTRIES sets the count (default
// 10,000); make bench-push runs it with -benchtime 1x. Recording the
// entries is not timed (tens of seconds at 10,000).
func BenchmarkPush(b *testing.B) {
	entries := 10000
	if v := os.Getenv("GUICHET_BENCH_ENTRIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n%2 != 0 {
			b.Fatalf("GUICHET_BENCH_ENTRIES=%q: want an even number ≥ 2", v)
		}
		entries = n
	}
	for _, c := range benchCentres {
		b.Run(c.name, func(b *testing.B) {
			var runs []pushRun
			for range b.N {
				b.StopTimer()
				q := queuedConsole(b, c, entries)
				b.StartTimer()
				runs = append(runs, q.drain(b))
			}
			b.StopTimer()
			reportPush(b, c.name, entries, runs)
		})
	}
}

// timedLink times each request to the centre by path.
type timedLink struct {
	next  http.RoundTripper
	mu    sync.Mutex
	times map[string][]time.Duration
}

func (t *timedLink) RoundTrip(r *http.Request) (*http.Response, error) {
	t0 := time.Now()
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.Body != nil {
		// The body is read by the caller: time it through the close.
		resp.Body = &timedBody{ReadCloser: resp.Body, done: func() { t.add(r.URL.Path, time.Since(t0)) }}
	}
	return resp, err
}

func (t *timedLink) add(path string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.times[path] = append(t.times[path], d)
}

// timedBody calls done once, when the caller closes the body it read.
type timedBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (t *timedBody) Close() error {
	err := t.ReadCloser.Close()
	t.once.Do(t.done)
	return err
}

// queued is a console with a full outbox, its engine not yet started.
type queued struct {
	ctx    context.Context
	db     *store.DB
	link   *timedLink
	opts   client.Options
	app    *central.App
	record time.Duration // recording the entries through the service
}

// queuedConsole seeds a centre of c with enough members in the demo home
// branch, provisions a console from it and records entries/2 requests
// and their approvals there.
func queuedConsole(b *testing.B, c benchCentre, entries int) *queued {
	ctx := context.Background()
	dir := b.TempDir()
	app := central.New(c.open(b, dir), central.Options{Logger: quiet(), DocumentsDir: filepath.Join(dir, "documents")})
	b.Cleanup(func() { app.Close() })
	// The home branch holds 12/89 of the demo members: seed enough that
	// it has entries/2 of them with room to spare.
	if err := app.SeedDemo(ctx, 4*entries+2000, 1, seededAt, nil); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(server.New(app, server.Options{Logger: quiet()}))
	b.Cleanup(srv.Close)
	home := demo.Branches()[0].Code
	token, _, err := app.AddDevice(ctx, "bench", home)
	if err != nil {
		b.Fatal(err)
	}
	q := &queued{ctx: ctx, app: app, link: &timedLink{next: http.DefaultTransport, times: map[string][]time.Duration{}}}
	q.opts = client.Options{HTTPClient: &http.Client{Transport: q.link}, Timeout: time.Minute, Logger: quiet(),
		DocumentsDir: filepath.Join(dir, "console-docs")}
	if q.db, err = store.Open(ctx, filepath.Join(dir, "guichet.db"), store.MayCreate); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { q.db.Close() })
	if _, _, err := client.Provision(ctx, q.db, srv.URL, token, q.opts, nil); err != nil {
		b.Fatal(err)
	}
	policy := service.Policy{Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC, DocumentsDir: q.opts.DocumentsDir}
	if policy.RegNo, err = domain.NewRegNoRule("[0-9]{6,12}"); err != nil {
		b.Fatal(err)
	}
	svc, err := service.New(ctx, q.db, policy) // no syncer: nothing leaves before the timer starts
	if err != nil {
		b.Fatal(err)
	}
	agent, err := svc.SignIn(ctx, "agent", agentPW)
	if err != nil {
		b.Fatal(err)
	}
	super, err := svc.SignIn(ctx, "supervisor", superPW)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	for i, m := range homeMembers(b, q.db, entries/2) {
		req, _, err := svc.RequestAddressChange(ctx, agent, service.ChangeInput{MemberID: m.id, ConfirmWarnings: true,
			Address:  domain.AddressInput{Line1: fmt.Sprintf("%d avenue Fal Ould Oumeir", 1+i%300), City: "Rabat", PostalCode: "10080"},
			Evidence: domain.Evidence{RegistrationCardCopy: true, CINReadOffCopy: m.cin, FormNumber: fmt.Sprintf("F%d", i+1)}})
		if err != nil {
			b.Fatalf("request %d: %v", i, err)
		}
		if _, err := svc.ApproveAddressChange(ctx, super, req.Ref); err != nil {
			b.Fatalf("approval %d: %v", i, err)
		}
	}
	q.record = time.Since(t0)
	if pending, _, err := q.db.SyncCounts(ctx); err != nil || pending != entries {
		b.Fatalf("%d entries queued (%v), want %d", pending, err, entries)
	}
	return q
}

// memberRef is a member of the console and the CIN on its copy.
type memberRef struct {
	id  int64
	cin string
}

// homeMembers returns the first n active members of the console.
func homeMembers(b *testing.B, db *store.DB, n int) []memberRef {
	raw, err := openRaw(db.Path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT id, cin FROM members WHERE status = 'active' ORDER BY id LIMIT ?`, n)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []memberRef
	for rows.Next() {
		var m memberRef
		if err := rows.Scan(&m.id, &m.cin); err != nil {
			b.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil || len(out) < n {
		b.Fatalf("%d active members in the home branch (%v), want %d", len(out), err, n)
	}
	return out
}

// openRaw opens a console's database read-only, outside the store.
func openRaw(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
}

// pushRun is one timed drain.
type pushRun struct {
	elapsed, record time.Duration
	passes          int
	rep             client.Report
	push, feed      []time.Duration
}

// drain runs engine passes until the outbox is empty and checks that the
// centre applied every entry.
func (q *queued) drain(b *testing.B) pushRun {
	e, err := client.New(q.db, q.opts)
	if err != nil {
		b.Fatal(err)
	}
	run := pushRun{record: q.record}
	t0 := time.Now()
	for {
		rep, err := e.Pass(q.ctx)
		run.passes++
		if err != nil {
			b.Fatalf("pass %d: %v", run.passes, err)
		}
		run.rep.Pushed += rep.Pushed
		run.rep.Applied += rep.Applied
		run.rep.SetAside += rep.SetAside
		run.rep.Pulled += rep.Pulled
		if rep.Pending == 0 || run.passes == 100 {
			run.rep.Pending = rep.Pending
			break
		}
	}
	run.elapsed = time.Since(t0)
	if run.rep.Pending != 0 || run.rep.SetAside != 0 || run.rep.Applied != run.rep.Pushed {
		b.Fatalf("not drained: %+v after %d passes", run.rep, run.passes)
	}
	q.link.mu.Lock()
	run.push, run.feed = q.link.times[wire.PathPush], q.link.times[wire.PathFeed]
	q.link.mu.Unlock()
	return run
}

// reportPush prints the table and reports the metrics of the last run.
func reportPush(b *testing.B, centre string, entries int, runs []pushRun) {
	if len(runs) == 0 {
		return
	}
	r := runs[len(runs)-1]
	push, feed := perf.DistOf(r.push), perf.DistOf(r.feed)
	var pushSum time.Duration
	for _, d := range r.push {
		pushSum += d
	}
	fmt.Printf("\npushing %d queued entries to a loopback centre (%s): engine passes until drained\n", entries, centre)
	fmt.Printf("machine: %s\n", perf.Machine())
	fmt.Printf("date: %s; recording them through the service took %s (not timed)\n\n",
		time.Now().Format("2006-01-02 15:04 MST"), r.record.Round(time.Millisecond))
	perf.Table(os.Stdout, []string{"centre", "entries", "drained in s", "entries/s", "push requests", "push s",
		"push p50 ms", "p95 ms", "p99 ms", "feed pages", "feed p50 ms", "items pulled", "target"},
		[][]string{{centre, fmt.Sprint(r.rep.Applied), fmt.Sprintf("%.2f", r.elapsed.Seconds()),
			fmt.Sprintf("%.0f", float64(r.rep.Applied)/r.elapsed.Seconds()), fmt.Sprint(push.N),
			fmt.Sprintf("%.2f", pushSum.Seconds()), perf.Ms(push.P50), perf.Ms(push.P95), perf.Ms(push.P99),
			fmt.Sprint(feed.N), perf.Ms(feed.P50), fmt.Sprint(r.rep.Pulled), "10,000 in ≤ 5 s"}})
	b.ReportMetric(r.elapsed.Seconds(), "drain-s")
	b.ReportMetric(float64(r.rep.Applied)/r.elapsed.Seconds(), "entries/s")
	perf.ReportDist(b, "push-", push)
}
