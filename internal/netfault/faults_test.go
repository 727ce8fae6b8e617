package netfault

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

// The injectors themselves: each fault does what its name says, so that
// the soak's faults are real ones.

// body is what the upstream of the proxy tests answers: 64 KiB with a
// Content-Length, so a cut answer shows as a short body.
var body = bytes.Repeat([]byte("0123456789abcdef"), 4096)

func upstream(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		served.Add(1)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &served
}

// fetch GETs url with a fresh connection and reads the whole answer.
func fetch(url string, timeout time.Duration) (int, time.Duration, error) {
	c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
	t0 := time.Now()
	resp, err := c.Get(url)
	if err != nil {
		return 0, time.Since(t0), err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	return len(got), time.Since(t0), err
}

func TestProxyToxicsBreakTheLinkAsNamed(t *testing.T) {
	t.Parallel()
	srv, _ := upstream(t)
	p, err := NewProxy("test", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	url := "http://" + p.Addr() + "/"
	cases := []struct {
		name  string
		toxic Toxic
		check func(n int, took time.Duration, err error) bool
	}{
		{"answer cut mid-body", Toxic{"limit_data", "downstream", map[string]int64{"bytes": 5000}},
			func(n int, _ time.Duration, err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) && n < 5000 }},
		{"request cut", Toxic{"limit_data", "upstream", map[string]int64{"bytes": 20}},
			func(n int, _ time.Duration, err error) bool { return err != nil }},
		{"reset", Toxic{"reset_peer", "downstream", map[string]int64{"timeout": 0}},
			func(n int, _ time.Duration, err error) bool { return err != nil }},
		{"black hole", Toxic{"timeout", "upstream", map[string]int64{"timeout": 0}},
			func(n int, took time.Duration, err error) bool { return err != nil && took >= 300*time.Millisecond }},
		{"latency", Toxic{"latency", "downstream", map[string]int64{"latency": 200}},
			func(n int, took time.Duration, err error) bool {
				return err == nil && n == len(body) && took >= 200*time.Millisecond
			}},
		{"bandwidth", Toxic{"bandwidth", "downstream", map[string]int64{"rate": 256}}, // KB/s: 64 KiB in ¼ s
			func(n int, took time.Duration, err error) bool {
				return err == nil && n == len(body) && took >= 200*time.Millisecond
			}},
		{"slicer", Toxic{"slicer", "downstream", map[string]int64{"average_size": 512, "size_variation": 100, "delay": 1000}},
			func(n int, took time.Duration, err error) bool { // 128 slices, 1 ms apart
				return err == nil && n == len(body) && took >= 100*time.Millisecond
			}},
	}
	for _, c := range cases {
		if err := p.Arm(c.toxic); err != nil {
			t.Fatal(err)
		}
		limit := 2 * time.Second
		if c.toxic.Type == "timeout" {
			limit = 300 * time.Millisecond
		}
		n, took, err := fetch(url, limit)
		if !c.check(n, took, err) {
			t.Errorf("%s (%s): %d bytes in %s, %v", c.name, &c.toxic, n, took, err)
		}
		p.Clear()
		if n, _, err := fetch(url, time.Second); err != nil || n != len(body) {
			t.Fatalf("after clearing %s: %d bytes, %v", c.name, n, err)
		}
	}
}

func TestInjectorAnswersInTheCentresPlace(t *testing.T) {
	var ran atomic.Int64
	inj := NewInjector(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		w.Write([]byte(`{}`))
	}))
	srv := httptest.NewServer(inj)
	defer srv.Close()
	get := func() (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+wire.PathFeed, nil)
		req.Header.Set("Authorization", "Bearer device-a")
		return http.DefaultClient.Do(req)
	}
	cases := []struct {
		fault  HTTPFault
		status int // 0: no answer at all
		ran    int64
	}{
		{HTTPFault{Mode: Fail500, Path: wire.PathFeed, Times: 1}, http.StatusInternalServerError, 0},
		{HTTPFault{Mode: TooMany, Times: 1, RetryAfter: time.Second}, http.StatusTooManyRequests, 0},
		{HTTPFault{Mode: CommitThenLose, Path: wire.PathFeed, Times: 1}, 0, 1},
		{HTTPFault{Mode: CommitThen500, Times: 1}, http.StatusInternalServerError, 1},
		{HTTPFault{Mode: Fail500, Path: wire.PathPush, Times: 1}, http.StatusOK, 1}, // another path: through
	}
	for _, c := range cases {
		before := ran.Load()
		inj.Arm(c.fault)
		resp, err := get()
		switch {
		case c.status == 0 && err == nil:
			t.Errorf("%s: answered %d, want the connection closed", &c.fault, resp.StatusCode)
		case c.status != 0 && (err != nil || resp.StatusCode != c.status):
			t.Errorf("%s: %v, %v; want %d", &c.fault, resp, err, c.status)
		}
		if err == nil {
			if c.fault.Mode == TooMany && resp.Header.Get("Retry-After") != "1" {
				t.Errorf("429 with Retry-After %q", resp.Header.Get("Retry-After"))
			}
			resp.Body.Close()
		}
		if got := ran.Load() - before; got != c.ran {
			t.Errorf("%s: the centre's handler ran %d times, want %d", &c.fault, got, c.ran)
		}
		inj.Disarm()
	}
	// The request after the 429 closed its wait.
	if gaps := inj.Gaps(); len(gaps) != 1 || gaps[0].Asked != time.Second || inj.Awaiting() != 0 {
		t.Errorf("gaps after one 429: %+v, %d awaiting", gaps, inj.Awaiting())
	}
}

func TestDrawCoversEveryKind(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[Kind]int{}
	for range 2000 {
		f := Draw(r)
		if (f.Toxic == nil) == (f.HTTP == nil) {
			t.Fatalf("%s: want a toxic or an HTTP fault", f)
		}
		seen[f.Kind]++
	}
	for _, k := range Kinds {
		if seen[k] == 0 {
			t.Errorf("%s never drawn", k)
		}
	}
}
