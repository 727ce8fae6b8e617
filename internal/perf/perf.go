// Package perf holds what the benchmarks and the load generator share to
// report their figures alike: the machine line (CPU model, nproc, memory,
// Go version, load average), nearest-rank percentiles of latencies, the
// process's CPU time, and Markdown tables. It is for measuring only:
// nothing in the console or the centre imports it.
package perf

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Machine describes the host in one line: CPU model, CPUs usable (what
// nproc prints), memory, Go version and load average, so that a figure
// never travels without the machine it came from.
func Machine() string {
	return fmt.Sprintf("%s, %d CPUs (nproc), %s RAM, %s, load average %s",
		CPUModel(), runtime.NumCPU(), MemTotal(), runtime.Version(), LoadAvg())
}

// MemTotal is /proc/meminfo's MemTotal in GB.
func MemTotal() string {
	var kb int64
	if _, err := fmt.Sscanf(procField("/proc/meminfo", "MemTotal", ""), "%d kB", &kb); err != nil || kb <= 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f GB", float64(kb)/(1<<20))
}

// CPUModel is the first "model name" of /proc/cpuinfo (the architecture
// where there is none).
func CPUModel() string { return procField("/proc/cpuinfo", "model name", runtime.GOARCH) }

// LoadAvg is the 1, 5 and 15 minute load average ("?" off Linux).
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// procField returns the value of the first "key: value" line of a /proc
// file, or def.
func procField(path, key, def string) string {
	f, err := os.Open(path)
	if err != nil {
		return def
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return def
}

// Dist is the distribution of a set of durations.
type Dist struct {
	N                  int
	P50, P95, P99, Max time.Duration
	Mean               time.Duration
}

// DistOf computes the nearest-rank percentiles of ds (left unchanged).
func DistOf(ds []time.Duration) Dist {
	s := slices.Clone(ds)
	slices.Sort(s)
	d := Dist{N: len(s), P50: Percentile(s, 50), P95: Percentile(s, 95), P99: Percentile(s, 99)}
	if len(s) == 0 {
		return d
	}
	var sum time.Duration
	for _, x := range s {
		sum += x
	}
	d.Max, d.Mean = s[len(s)-1], sum/time.Duration(len(s))
	return d
}

// Percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of sorted
// durations; 0 when there are none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Ms formats a duration in milliseconds with two decimals.
func Ms(d time.Duration) string { return fmt.Sprintf("%.2f", Millis(d)) }

// Millis is a duration in (fractional) milliseconds.
func Millis(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// Metrics is what a benchmark reports custom metrics to (*testing.B).
type Metrics interface {
	ReportMetric(n float64, unit string)
}

// ReportDist reports the percentiles as the benchmark's p50-ms, p95-ms and
// p99-ms metrics, prefixed (e.g. "push-") when prefix is not empty.
func ReportDist(m Metrics, prefix string, d Dist) {
	m.ReportMetric(Millis(d.P50), prefix+"p50-ms")
	m.ReportMetric(Millis(d.P95), prefix+"p95-ms")
	m.ReportMetric(Millis(d.P99), prefix+"p99-ms")
}

// Table writes a Markdown table.
func Table(w io.Writer, header []string, rows [][]string) {
	fmt.Fprintf(w, "| %s |\n", strings.Join(header, " | "))
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---:"
	}
	sep[0] = "---"
	fmt.Fprintf(w, "|%s|\n", strings.Join(sep, "|"))
	for _, r := range rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
	}
}

// CPUTime is the user plus system CPU time this process has used so far.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return RusageCPU(&ru)
}

// RusageCPU is the user plus system time of a rusage.
func RusageCPU(ru *syscall.Rusage) time.Duration {
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// CPUShare is cpu over wall × nproc: the share of the whole machine used.
func CPUShare(cpu, wall time.Duration) float64 {
	if wall <= 0 {
		return 0
	}
	return float64(cpu) / (float64(wall) * float64(runtime.NumCPU()))
}
