package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

func TestBackoffFullJitterStaysInItsWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base, ceiling := time.Second, time.Minute
	for attempt := 0; attempt < 12; attempt++ {
		window := min(base<<attempt, ceiling)
		lo, hi := window, time.Duration(0)
		for range 2000 {
			d := Backoff(attempt, base, ceiling, r, 0)
			if d < 0 || d >= window {
				t.Fatalf("attempt %d: %s outside [0, %s)", attempt, d, window)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// Full jitter spreads over the whole window, down to almost nothing.
		if lo > window/20 || hi < window*19/20 {
			t.Errorf("attempt %d: draws span [%s, %s] of [0, %s)", attempt, lo, hi, window)
		}
	}
	if d := Backoff(1<<20, base, ceiling, r, 0); d >= ceiling {
		t.Errorf("a huge attempt count must stay under the cap: %s", d)
	}
}

func TestBackoffHonoursRetryAfterAsAFloor(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		if d := Backoff(0, time.Second, time.Minute, r, 30*time.Second); d != 30*time.Second {
			t.Fatalf("Retry-After 30s above a 1s window: waited %s", d)
		}
		if d := Backoff(10, time.Second, time.Minute, r, 2*time.Second); d < 2*time.Second || d >= time.Minute {
			t.Fatalf("Retry-After 2s under a 60s window: waited %s", d)
		}
	}
	if d := Backoff(0, time.Second, time.Minute, r, 1000*time.Hour); d != maxRetryAfter {
		t.Errorf("an absurd Retry-After must be bounded: %s", d)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"120":                           2 * time.Minute,
		" 7 ":                           7 * time.Second,
		"-3":                            0,
		"soon":                          0,
		"Mon, 15 Jun 2026 09:01:30 GMT": 90 * time.Second,
		"Mon, 15 Jun 2026 08:00:00 GMT": 0,
		"99999999999":                   maxRetryAfter,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("Retry-After %q = %s, want %s", in, got, want)
		}
	}
}

// The HTTP side: version and token on every request, error bodies read
// into *wire.Error, Retry-After kept, the 426 answer recognised.
func TestLinkSendsVersionAndTokenAndReadsErrorAnswers(t *testing.T) {
	var gotVersion, gotAuth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotVersion, gotAuth = r.Header.Get(wire.VersionHeader), r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/base/v1/health":
			w.Write([]byte(`{"status":"ok","protocols":[1],"time":"2026-06-15T09:00:00Z"}`))
		case "/base/v1/busy":
			w.Header().Set("Retry-After", "12")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":"busy","message":"try later \u001b[31m"}`))
		case "/base/v1/old":
			w.WriteHeader(http.StatusUpgradeRequired)
			w.Write([]byte(`{"error":"protocol_unsupported","message":"update","supported":[2]}`))
		default:
			w.Write([]byte(`{"status":"ok","extra":1}`))
		}
	}))
	defer srv.Close()
	base, err := url.Parse(srv.URL + "/base")
	if err != nil {
		t.Fatal(err)
	}
	l := &link{base: base, token: "tok-0123456789abcdef", http: srv.Client(), timeout: time.Second, now: time.Now}
	ctx := context.Background()
	var h wire.Health
	if err := l.getJSON(ctx, "health", wire.PathHealth, nil, nil, &h); err != nil || h.Status != "ok" {
		t.Fatalf("health: %+v %v", h, err)
	}
	if gotVersion != strconv.Itoa(wire.Version) || gotAuth != "Bearer tok-0123456789abcdef" {
		t.Fatalf("headers: version %q, authorization %q", gotVersion, gotAuth)
	}
	err = l.getJSON(ctx, "busy", "/v1/busy", nil, nil, &h)
	var we *wire.Error
	if !errors.As(err, &we) || we.Status != 503 || we.Body.Code != wire.CodeBusy || we.Body.Message != "try later [31m" {
		t.Fatalf("busy answer: %#v", err)
	}
	if retryAfterOf(err) != 12*time.Second || errors.Is(err, ErrOffline) || errors.Is(err, ErrUpdateNeeded) {
		t.Fatalf("busy answer misread: retry after %s", retryAfterOf(err))
	}
	if err = l.getJSON(ctx, "old", "/v1/old", nil, nil, &h); !errors.Is(err, ErrUpdateNeeded) {
		t.Fatalf("426 must read as update needed: %v", err)
	}
	if err = l.getJSON(ctx, "strict", "/v1/other", nil, nil, &h); err == nil {
		t.Fatal("an answer with an unknown field must be refused")
	}
	srv.Close()
	if err = l.getJSON(ctx, "health", wire.PathHealth, nil, nil, &h); !errors.Is(err, ErrOffline) {
		t.Fatalf("a closed centre must read as offline: %v", err)
	}
}
