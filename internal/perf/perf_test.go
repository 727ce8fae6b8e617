package perf

import (
	"strings"
	"testing"
	"time"
)

func TestDistNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	d := DistOf(ds)
	if d.N != 100 || d.P50 != 50*time.Millisecond || d.P95 != 95*time.Millisecond || d.P99 != 99*time.Millisecond ||
		d.Max != 100*time.Millisecond || d.Mean != 50500*time.Microsecond {
		t.Fatalf("got %+v", d)
	}
	if ds[0] != 100*time.Millisecond {
		t.Fatal("DistOf sorted its argument")
	}
	if one := DistOf([]time.Duration{7}); one.P50 != 7 || one.P99 != 7 {
		t.Fatalf("one sample: %+v", one)
	}
	if none := DistOf(nil); none.N != 0 || none.P99 != 0 {
		t.Fatalf("no sample: %+v", none)
	}
}

type metrics map[string]float64

func (m metrics) ReportMetric(n float64, unit string) { m[unit] = n }

func TestReportAndTable(t *testing.T) {
	m := metrics{}
	ReportDist(m, "push-", Dist{P50: 1500 * time.Microsecond, P95: 2 * time.Millisecond, P99: 3 * time.Millisecond})
	if m["push-p50-ms"] != 1.5 || m["push-p95-ms"] != 2 || m["push-p99-ms"] != 3 {
		t.Fatalf("metrics %v", m)
	}
	var b strings.Builder
	Table(&b, []string{"what", "ms"}, [][]string{{"a", Ms(1500 * time.Microsecond)}})
	want := "| what | ms |\n|---|---:|\n| a | 1.50 |\n"
	if b.String() != want {
		t.Fatalf("table:\n%s\nwant:\n%s", b.String(), want)
	}
	if line := Machine(); !strings.Contains(line, "CPUs (nproc)") || !strings.Contains(line, "go1") {
		t.Fatalf("machine line %q", line)
	}
}

func TestCPUTimeGrows(t *testing.T) {
	before := CPUTime()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if after := CPUTime(); after <= before || x == 0 {
		t.Fatalf("CPU time %v then %v", before, after)
	}
	if s := CPUShare(time.Second, time.Second); s <= 0 || s > 1 {
		t.Fatalf("share %v", s)
	}
}
