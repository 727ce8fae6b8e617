package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

// metricsAddress is where serve said its metrics listen, "" when it did
// not say.
func (s *serving) metricsAddress() string {
	for line := range strings.Lines(s.logs.String()) {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) == nil && l["msg"] == "guichet-central metrics listening" {
			return l["address"].(string)
		}
	}
	return ""
}

func get(t *testing.T, url string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var versioned = map[string]string{wire.VersionHeader: strconv.Itoa(wire.Version)}

func TestServeAnswersMetricsOnAListenerOfItsOwn(t *testing.T) {
	db := withBranch(t)
	var added deviceAddedJSON
	if r := centralCmd(t, "", "--db", db, "devices", "add", "--name", "c1", "--branch", "RAB01", "--json"); r.code != 0 || json.Unmarshal([]byte(r.stdout), &added) != nil {
		t.Fatalf("devices add: %+v", r)
	}
	s := startServe(t, "--db", db)
	maddr := s.metricsAddress()
	if maddr == "" || maddr == s.addr {
		t.Fatalf("metrics at %q, API at %q: %s", maddr, s.addr, s.logs)
	}
	healthOf(t, http.DefaultClient, "http://"+s.addr)
	if code, body := get(t, "http://"+s.addr+wire.PathFeed, map[string]string{wire.VersionHeader: versioned[wire.VersionHeader],
		"Authorization": "Bearer " + added.Token}); code != http.StatusOK {
		t.Fatalf("feed: %d %s", code, body)
	}

	code, body := get(t, "http://"+maddr+"/metrics", nil)
	if code != http.StatusOK {
		t.Fatalf("scrape: %d %s", code, body)
	}
	for _, want := range []string{
		`guichet_http_requests_total{code="200",route="GET /v1/health"} 1`,
		`guichet_http_requests_total{code="200",route="GET /v1/feed"} 1`,
		`guichet_feed_items_total `, `guichet_devices_seen 1`, `guichet_storage_up 1`,
		`guichet_pins_waiting{channel="post"} 0`, `go_goroutines `, `process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the scrape lacks %q", want)
		}
	}
	// Each listener serves its own: no metrics on the API, no API on the
	// metrics listener.
	if code, _ := get(t, "http://"+s.addr+"/metrics", versioned); code != http.StatusNotFound {
		t.Errorf("/metrics on the API listener: %d", code)
	}
	if code, _ := get(t, "http://"+maddr+wire.PathHealth, versioned); code != http.StatusNotFound {
		t.Errorf("the API on the metrics listener: %d", code)
	}

	s.cancel()
	if code := <-s.done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, s.logs)
	}
	s.done <- 0
	if _, err := net.DialTimeout("tcp", maddr, time.Second); err == nil {
		t.Error("the metrics port must be closed after the stop")
	}
}

func TestServeWithoutMetrics(t *testing.T) {
	dir := isolate(t)
	file := filepath.Join(dir, "central.yaml")
	write(t, file, "server:\n  metrics_listen: \"\"\n")
	if c, err := loadConfig(file, nil); err != nil || c.MetricsListen != "" {
		t.Fatalf("metrics_listen empty in the file: %q, %v", c.MetricsListen, err)
	}
	// The environment says off: an empty variable counts as unset.
	t.Setenv("GUICHET_CENTRAL_SERVER_METRICS_LISTEN", "off")
	s := startServe(t)
	if a := s.metricsAddress(); a != "" {
		t.Fatalf("server.metrics_listen off must serve no metrics, got %s", a)
	}
	if !strings.Contains(s.logs.String(), "guichet-central listening") {
		t.Fatalf("the API must still be served: %s", s.logs)
	}
}

func TestMetricsListenIsChecked(t *testing.T) {
	dir := isolate(t)
	pinKeysEnv(t)
	t.Setenv("GUICHET_CENTRAL_SERVER_METRICS_LISTEN", "localhost")
	if r := centralCmd(t, "", "serve", "--listen", "127.0.0.1:0"); r.code != 1 || !strings.Contains(r.stderr, "GUICHET_CENTRAL_SERVER_METRICS_LISTEN") {
		t.Fatalf("a bad metrics address: %+v", r)
	}
	// A port already taken stops start-up, naming the key, and the API's
	// port is let go.
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	api, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	apiAddr := api.Addr().String()
	api.Close()
	t.Setenv("GUICHET_CENTRAL_SERVER_METRICS_LISTEN", taken.Addr().String())
	r := centralCmd(t, "", "--db", filepath.Join(dir, "centre.db"), "serve", "--listen", apiAddr)
	if r.code != 1 || !strings.Contains(r.stderr, "server.metrics_listen") {
		t.Fatalf("a metrics port taken: %+v", r)
	}
	again, err := net.Listen("tcp", apiAddr)
	if err != nil {
		t.Fatalf("the API port was kept: %v", err)
	}
	again.Close()
}
