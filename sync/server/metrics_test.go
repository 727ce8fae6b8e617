package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// metered serves the centre's API again with metrics, and the metrics on
// a listener of their own, as guichet-central serve does.
type metered struct {
	t   *testing.T
	url string // the metrics listener's
}

func meter(c *centre, opts server.Options) *metered {
	c.t.Helper()
	m := server.NewMetrics(c.app, nil)
	opts.Metrics, opts.Logger = m, nil
	c.srv.Close()
	c.srv = httptest.NewServer(server.New(c.app, opts))
	c.t.Cleanup(c.srv.Close)
	ms := httptest.NewServer(m.Handler())
	c.t.Cleanup(ms.Close)
	return &metered{t: c.t, url: ms.URL}
}

// scrape reads the metrics as Prometheus would.
func (m *metered) scrape() map[string]*dto.MetricFamily {
	m.t.Helper()
	resp, err := http.Get(m.url + "/metrics")
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		m.t.Fatalf("scrape: %d %s", resp.StatusCode, body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		m.t.Fatalf("scrape does not parse: %v\n%s", err, body)
	}
	return families
}

// value is the sample of a family with exactly these labels (a
// histogram's count); ok is false when there is none.
func value(families map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
	for _, s := range f.Metric {
		got := map[string]string{}
		for _, l := range s.Label {
			got[l.GetName()] = l.GetValue()
		}
		match := len(got) == len(labels)/2
		for i := 0; match && i+1 < len(labels); i += 2 {
			match = got[labels[i]] == labels[i+1]
		}
		if !match {
			continue
		}
		switch {
		case s.Counter != nil:
			return s.Counter.GetValue(), true
		case s.Gauge != nil:
			return s.Gauge.GetValue(), true
		case s.Histogram != nil:
			return float64(s.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func want(t *testing.T, families map[string]*dto.MetricFamily, v float64, name string, labels ...string) {
	t.Helper()
	if got, ok := value(families, name, labels...); !ok || got != v {
		t.Errorf("%s%v = %v (present %v), want %v", name, labels, got, ok, v)
	}
}

// addressChange is an address change of m ready to push.
func addressChange(t *testing.T, c *centre, m wire.Member) wire.Entry {
	t.Helper()
	at := time.Now().UTC().Truncate(time.Second)
	ev := domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: uuid.Must(uuid.NewV7()).String(),
		Reference: domain.RequestReference(c.home, at, 10001), RegNo: m.RegNo, Actor: "agent", At: at, BaseVersion: m.Version,
		Address:  &domain.AddressInput{Line1: "12 Rue Oued Ziz", City: "Rabat", PostalCode: "10090"},
		Evidence: &domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: m.CIN, SignedForm: true, FormNumber: "F-20"}}
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Entry{ID: uuid.Must(uuid.NewV7()).String(), Seq: 1, Kind: ev.Kind, RegNo: m.RegNo, CreatedAt: at, Payload: payload}
}

func TestMetricsCountRequestsByRoutePattern(t *testing.T) {
	c := newCentre(t, server.Options{})
	s := meter(c, server.Options{})
	before := s.scrape()
	want(t, before, 0, "guichet_push_entries_total", "status", wire.StatusApplied)
	want(t, before, 0, "guichet_feed_items_total")

	c.do(request{method: http.MethodGet, path: wire.PathHealth})
	items := 0
	for _, p := range c.scope(wire.MaxFeedPage) {
		items += len(p.Items)
	}
	m := c.homeMember() // the scope again
	items *= 2
	if a, resp := c.push(wire.PushRequest{Entries: []wire.Entry{addressChange(t, c, m)}}); a.status != http.StatusOK ||
		resp.Results[0].Status != wire.StatusApplied {
		t.Fatalf("push: %d %s", a.status, a.body)
	}
	sum := strings.Repeat("ab", 32)
	if a := c.do(request{method: http.MethodHead, path: wire.PathDocument + sum}); a.status != http.StatusNotFound {
		t.Fatalf("HEAD of a scan not held: %d", a.status)
	}
	c.do(request{method: http.MethodGet, path: "/v1/members/" + m.RegNo})
	c.do(request{method: http.MethodDelete, path: wire.PathPush})

	got := s.scrape()
	want(t, got, 1, "guichet_http_requests_total", "route", "GET "+wire.PathHealth, "code", "200")
	want(t, got, 1, "guichet_http_requests_total", "route", "POST "+wire.PathPush, "code", "200")
	want(t, got, 1, "guichet_http_request_duration_seconds", "route", "POST "+wire.PathPush)
	want(t, got, 1, "guichet_http_requests_total", "route", "HEAD "+wire.PathDocument+"{sha256}", "code", "404")
	want(t, got, 1, "guichet_http_requests_total", "route", "unmatched", "code", "404")
	want(t, got, 1, "guichet_http_requests_total", "route", "unmatched", "code", "405")
	want(t, got, 1, "guichet_push_entries_total", "status", wire.StatusApplied)
	want(t, got, 0, "guichet_push_entries_total", "status", wire.StatusRejected)
	want(t, got, float64(items), "guichet_feed_items_total")
	want(t, got, 0, "guichet_http_in_flight")
	want(t, got, 0, "guichet_http_busy_total")
	want(t, got, 1, "guichet_storage_up")
	want(t, got, 1, "guichet_devices_seen") // the device authenticated
	want(t, got, 0, "guichet_pins_waiting", "channel", string(domain.ChannelPost))
	// Routes are patterns: no hash or registration number in a label.
	for _, f := range got {
		for _, sample := range f.Metric {
			for _, l := range sample.Label {
				if strings.Contains(l.GetValue(), sum) || strings.Contains(l.GetValue(), m.RegNo) {
					t.Errorf("%s has a raw path in a label: %s", f.GetName(), l.GetValue())
				}
			}
		}
	}
	// The Go runtime's and the process's collectors are there.
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if got[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	// The API does not serve them.
	if a := c.do(request{method: http.MethodGet, path: "/metrics"}); a.status != http.StatusNotFound {
		t.Errorf("/metrics on the API listener: %d", a.status)
	}
}

func TestMetricsCountBusyRefusalsAndRequestsInFlight(t *testing.T) {
	c := newCentre(t, server.Options{})
	s := meter(c, server.Options{MaxInFlight: 1})
	_, sum := scan(1 << 10)
	pr, pw := io.Pipe()
	slow := make(chan answer, 1)
	go func() {
		slow <- c.do(request{method: http.MethodPut, path: wire.PathDocument + sum, body: pr, contentType: "image/png"})
	}()
	pw.Write(pngMagic)
	refused := 0
	for deadline := time.Now().Add(5 * time.Second); refused < 3 && time.Now().Before(deadline); {
		if a := c.do(request{method: http.MethodGet, path: wire.PathHealth}); a.status == http.StatusServiceUnavailable {
			refused++
		} else {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if refused != 3 {
		t.Fatalf("%d busy answers while the slot was taken", refused)
	}
	during := s.scrape()
	want(t, during, 1, "guichet_http_in_flight") // the upload; the scrape has a listener of its own
	want(t, during, 3, "guichet_http_busy_total")
	want(t, during, 3, "guichet_http_requests_total", "route", "GET "+wire.PathHealth, "code", "503")

	pw.Write(bytes.Repeat([]byte{7}, 1<<10-len(pngMagic)))
	pw.Close()
	if a := <-slow; a.status != http.StatusCreated {
		t.Fatalf("the slow upload: %d %s", a.status, a.body)
	}
	after := s.scrape()
	want(t, after, 0, "guichet_http_in_flight")
	want(t, after, 1, "guichet_http_requests_total", "route", "PUT "+wire.PathDocument+"{sha256}", "code", "201")
}

func TestMetricsCountPINVerificationsAndChainBreaks(t *testing.T) {
	c := newPINCentre(t)
	s := meter(c.centre, server.Options{})
	code := c.reissueAtCounter()
	if r := c.result(c.verify(verifyBody(c.member.RegNo, code), c.portalToken)); r != wire.PINValid {
		t.Fatalf("the right PIN: %s", r)
	}
	wrong := "0" + code[1:]
	if wrong == code {
		wrong = "1" + code[1:]
	}
	if r := c.result(c.verify(verifyBody(c.member.RegNo, wrong), c.portalToken)); r != wire.PINInvalid {
		t.Fatalf("a wrong PIN: %s", r)
	}
	// A record that does not follow the chain (its previous hash is not
	// the genesis) is a break, met twice and counted once.
	e := domain.AuditEntry{Seq: 1, At: seededAt, DeviceID: c.dev.ID, Actor: "agent", Action: domain.AuditSignIn,
		PrevHash: strings.Repeat("0", 63) + "1"}
	e.Hash = domain.AuditHash(e)
	record := wire.AuditRecord{Seq: 1, At: e.At, Actor: e.Actor, Action: e.Action, PrevHash: e.PrevHash, Hash: e.Hash}
	for range 2 {
		if a, resp := c.push(wire.PushRequest{Entries: []wire.Entry{}, Audit: []wire.AuditRecord{record}}); a.status != http.StatusOK ||
			resp.Audit.Break == nil {
			t.Fatalf("a broken chain: %d %s", a.status, a.body)
		}
	}
	got := s.scrape()
	want(t, got, 1, "guichet_pin_verifications_total", "result", wire.PINValid)
	want(t, got, 1, "guichet_pin_verifications_total", "result", wire.PINInvalid)
	want(t, got, 0, "guichet_pin_verifications_total", "result", wire.PINLocked)
	want(t, got, 2, "guichet_http_requests_total", "route", "POST "+wire.PathPINVerify, "code", "200")
	want(t, got, 1, "guichet_push_entries_total", "status", wire.StatusApplied) // the reissue
	want(t, got, 1, "guichet_chain_breaks_total")
}

// When the storage cannot be read, the queue gauges are left out (not 0)
// and guichet_storage_up says so; the counters are still served.
func TestMetricsSayWhenTheStorageCannotBeRead(t *testing.T) {
	c := newCentre(t, server.Options{})
	s := meter(c, server.Options{})
	c.do(request{method: http.MethodGet, path: wire.PathHealth})
	c.app.Close()
	got := s.scrape()
	want(t, got, 0, "guichet_storage_up")
	if _, ok := value(got, "guichet_pins_waiting", "channel", string(domain.ChannelPost)); ok {
		t.Error("a queue depth that could not be read must be absent")
	}
	want(t, got, 1, "guichet_http_requests_total", "route", "GET "+wire.PathHealth, "code", "200")
	want(t, got, 0, "guichet_feed_items_total")
}
