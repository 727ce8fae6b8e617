package service_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/cnops/guichet/store"
)

// BenchmarkSearchMix runs the search query mix (searchmix_test.go) on the
// database named by GUICHET_BENCH_DB, normally the 1,000,000-member demo
// database `make bench` seeds, and prints the report to standard output.
// It is skipped without the variable. GUICHET_BENCH_ROUNDS sets the timed
// rounds (default 3), GUICHET_BENCH_SEED the draw (default 1) and
// GUICHET_BENCH_SCALE the drawn queries per class (default 1).
//
// Every Search writes its audit entry to that database, as in real use:
// each run adds a few thousand entries to the bench database's chain.
func BenchmarkSearchMix(b *testing.B) {
	path := os.Getenv("GUICHET_BENCH_DB")
	if path == "" {
		b.Skip("GUICHET_BENCH_DB is not set (make bench sets it)")
	}
	rounds, seed, scale := envInt(b, "GUICHET_BENCH_ROUNDS", 3), envInt(b, "GUICHET_BENCH_SEED", 1), 1.0
	if v := os.Getenv("GUICHET_BENCH_SCALE"); v != "" {
		var err error
		if scale, err = strconv.ParseFloat(v, 64); err != nil || scale <= 0 {
			b.Fatalf("GUICHET_BENCH_SCALE=%q: want a positive number", v)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.MustExist)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	h, err := openHarness(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer h.close()
	members, persons, err := h.persons()
	if err != nil {
		b.Fatal(err)
	}
	d, err := newDrawer(ctx, h.raw, uint64(seed))
	if err != nil {
		b.Fatal(err)
	}
	queries, err := buildMix(d, scale)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var res *mixResult
	for range b.N {
		if res, err = h.run(queries, rounds, uint64(seed)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	size := int64(0)
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(path + suffix); err == nil {
			size += st.Size()
		}
	}
	res.report(os.Stdout, fmt.Sprintf("\nsearch mix on %s: %d members, %d persons (with beneficiaries), %.2f GB, seed %d",
		path, members, persons, float64(size)/1e9, seed))
	s, q, _, _, _, _ := res.classDists(-1)
	b.ReportMetric(float64(s.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(s.p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(s.p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(q.p95.Microseconds())/1000, "sql-p95-ms")
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}
