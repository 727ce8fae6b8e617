package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/internal/perf"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// provisionBranch is the demo branch with the most members (CAS01, 14 of
// the 89 shares of demo/data/branches.tsv): a centre of 2,250,000 demo
// members gives it about 354,000 members, 1,000,000 persons with their
// beneficiaries.
const provisionBranch = "CAS01"

// BenchmarkProvision times provisioning a new console from a loopback
// centre: client.Provision, every feed page of the branch's scope pulled
// and applied, until the console is usable. Target (issue 7): a
// 1,000,000-person scope in ≤ 60 s.
//
// The centre is the SQLite file GUICHET_BENCH_CENTRE (make
// bench-provision seeds one of 2,250,000 demo members), else a centre of
// GUICHET_BENCH_MEMBERS demo members (default 20,000) seeded in a
// temporary folder. GUICHET_BENCH_BRANCH names the scope (default CAS01).
// Each iteration adds a device to the centre and provisions a new
// database (in GUICHET_BENCH_CONSOLE_DIR when set, else a temporary
// folder); make bench-provision runs it with -benchtime 1x.
func BenchmarkProvision(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("GUICHET_BENCH_CENTRE")
	seeded := path == ""
	if seeded {
		path = filepath.Join(b.TempDir(), "centre.db")
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	app := central.New(st, central.Options{Logger: quiet()})
	defer app.Close()
	if seeded {
		members := 20000
		if v := os.Getenv("GUICHET_BENCH_MEMBERS"); v != "" {
			if members, err = strconv.Atoi(v); err != nil || members < 1 {
				b.Fatalf("GUICHET_BENCH_MEMBERS=%q: want a positive number", v)
			}
		}
		if err := app.SeedDemo(ctx, members, 1, seededAt, nil); err != nil {
			b.Fatal(err)
		}
	}
	branch := provisionBranch
	if v := os.Getenv("GUICHET_BENCH_BRANCH"); v != "" {
		branch = v
	}
	srv := httptest.NewServer(server.New(app, server.Options{Logger: quiet()}))
	defer srv.Close()
	var runs []provisionRun
	for b.Loop() {
		runs = append(runs, provisionOnce(b, app, srv.URL, branch))
	}
	b.StopTimer()
	reportProvision(b, path, branch, runs)
}

// provisionRun is one provisioning.
type provisionRun struct {
	elapsed, pulled                 time.Duration // all, and until the last page was applied
	items, pages                    int
	members, beneficiaries, indexed int
	feed                            []time.Duration
	size                            int64
}

func provisionOnce(b *testing.B, app *central.App, url, branch string) provisionRun {
	ctx := context.Background()
	token, _, err := app.AddDevice(ctx, "bench provisioning", branch)
	if err != nil {
		b.Fatal(err)
	}
	dir := os.Getenv("GUICHET_BENCH_CONSOLE_DIR")
	if dir == "" {
		dir = b.TempDir()
	} else if dir, err = os.MkdirTemp(dir, "provision-"); err != nil {
		b.Fatal(err)
	} else {
		defer os.RemoveAll(dir)
	}
	dbPath := filepath.Join(dir, "guichet.db")
	db, err := store.Open(ctx, dbPath, store.MayCreate)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	link := &timedLink{next: http.DefaultTransport, times: map[string][]time.Duration{}}
	opts := client.Options{HTTPClient: &http.Client{Transport: link}, Timeout: 5 * time.Minute, Logger: quiet(),
		DocumentsDir: filepath.Join(dir, "documents")}
	var run provisionRun
	t0 := time.Now()
	_, rep, err := client.Provision(ctx, db, url, token, opts, func(client.PullProgress) {
		run.pages++
		run.pulled = time.Since(t0)
	})
	run.elapsed = time.Since(t0)
	if err != nil {
		b.Fatal(err)
	}
	run.items, run.feed = rep.Pulled, link.times[wire.PathFeed]
	raw, err := openRaw(dbPath)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	err = raw.QueryRow(`SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM beneficiaries),
		(SELECT count(*) FROM person_search)`).Scan(&run.members, &run.beneficiaries, &run.indexed)
	if err != nil || run.members == 0 {
		b.Fatalf("provisioned %d members (%v)", run.members, err)
	}
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(dbPath + suffix); err == nil {
			run.size += fi.Size()
		}
	}
	return run
}

func reportProvision(b *testing.B, centre, branch string, runs []provisionRun) {
	if len(runs) == 0 {
		return
	}
	r := runs[len(runs)-1]
	feed := perf.DistOf(r.feed)
	var inFeed time.Duration
	for _, d := range r.feed {
		inFeed += d
	}
	persons := r.members + r.beneficiaries
	perSecond := float64(persons) / r.elapsed.Seconds()
	fmt.Printf("\nprovisioning a console for branch %s from a loopback centre (%s)\n", branch, centre)
	fmt.Printf("machine: %s\ndate: %s; the centre (httptest) and the console share this process\n\n",
		perf.Machine(), time.Now().Format("2006-01-02 15:04 MST"))
	perf.Table(os.Stdout, []string{"members", "persons", "feed items", "pages", "elapsed s", "pull s", "index s",
		"persons/s", "feed requests s", "feed p50 ms", "p95 ms", "console MB", "1,000,000 persons at this rate", "target"},
		[][]string{{fmt.Sprint(r.members), fmt.Sprint(persons), fmt.Sprint(r.items), fmt.Sprint(feed.N),
			fmt.Sprintf("%.1f", r.elapsed.Seconds()), fmt.Sprintf("%.1f", r.pulled.Seconds()),
			fmt.Sprintf("%.1f", (r.elapsed - r.pulled).Seconds()), fmt.Sprintf("%.0f", perSecond),
			fmt.Sprintf("%.1f", inFeed.Seconds()), perf.Ms(feed.P50), perf.Ms(feed.P95),
			fmt.Sprintf("%.0f", float64(r.size)/1e6), fmt.Sprintf("%.0f s", 1e6/perSecond), "≤ 60 s"}})
	fmt.Println("\n(pull s: until the last page was applied; index s: the rest, mostly building the search index;")
	fmt.Println("feed requests s: the page requests' times added up, transfer included; each overlaps the applying of the page before)")
	b.ReportMetric(r.elapsed.Seconds(), "provision-s")
	b.ReportMetric(perSecond, "persons/s")
	perf.ReportDist(b, "feed-", feed)
}
