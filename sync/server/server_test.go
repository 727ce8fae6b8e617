package server_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

func TestEveryRequestMustNameTheProtocolVersion(t *testing.T) {
	c := newCentre(t, server.Options{})
	for _, version := range []string{"", "0", "1", strconv.Itoa(wire.Version + 1), "2.0", "one"} {
		for _, op := range []request{
			{method: http.MethodGet, path: wire.PathHealth},
			{method: http.MethodGet, path: wire.PathDevice},
			{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(`{"entries":[]}`), contentType: "application/json"},
		} {
			op.header = map[string]string{wire.VersionHeader: version}
			a := c.do(op)
			if a.status != http.StatusUpgradeRequired {
				t.Fatalf("%s %s with version %q: status %d, want 426", op.method, op.path, version, a.status)
			}
			e := a.errorBody(t)
			if e.Code != wire.CodeProtocolUnsupported || !slices.Equal(e.Supported, []int{wire.Version}) || !strings.Contains(e.Message, "update") {
				t.Fatalf("version %q: unclear answer %+v", version, e)
			}
		}
	}
}

func TestHealthNeedsNoToken(t *testing.T) {
	clock := time.Date(2026, 3, 16, 10, 30, 0, 0, time.UTC)
	c := newCentre(t, server.Options{Now: func() time.Time { return clock }})
	a := c.do(request{method: http.MethodGet, path: wire.PathHealth, token: ptr("")})
	var h wire.Health
	if a.status != http.StatusOK || wire.DecodeBytes(a.body, &h) != nil {
		t.Fatalf("health: %d %s", a.status, a.body)
	}
	if h.Status != "ok" || !slices.Equal(h.Protocols, []int{wire.Version}) || !h.Time.Equal(clock) {
		t.Fatalf("health: %+v", h)
	}
	if a.header.Get("Cache-Control") != "no-store" {
		t.Errorf("answers must not be cached: %q", a.header.Get("Cache-Control"))
	}
}

func TestDeviceTokens(t *testing.T) {
	c := newCentre(t, server.Options{})
	var dev wire.Device
	if a := c.get(wire.PathDevice, &dev); a.status != http.StatusOK || dev.ID != c.dev.ID || dev.Branch != c.home || dev.Number != 1 || dev.ServerTime.IsZero() {
		t.Fatalf("device: %d %+v", a.status, dev)
	}
	for name, auth := range map[string]map[string]string{
		"no header":      {"Authorization": ""},
		"empty bearer":   {"Authorization": "Bearer "},
		"other scheme":   {"Authorization": "Basic " + c.token},
		"wrong token":    {"Authorization": "Bearer " + strings.Repeat("A", 43)},
		"token and junk": {"Authorization": "Bearer " + c.token + "x"},
	} {
		a := c.do(request{method: http.MethodGet, path: wire.PathDevice, header: auth})
		if a.status != http.StatusUnauthorized || a.errorBody(t).Code != wire.CodeUnauthorized {
			t.Errorf("%s: %d %s", name, a.status, a.body)
		}
	}
	// The scheme is case-insensitive (RFC 9110).
	if a := c.do(request{method: http.MethodGet, path: wire.PathDevice, header: map[string]string{"Authorization": "bearer " + c.token}}); a.status != http.StatusOK {
		t.Errorf("lower-case scheme: %d", a.status)
	}
	if err := c.app.RevokeDevice(context.Background(), c.dev.ID); err != nil {
		t.Fatal(err)
	}
	for _, op := range []request{
		{method: http.MethodGet, path: wire.PathDevice},
		{method: http.MethodGet, path: wire.PathFeed},
		{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(`{"entries":[]}`), contentType: "application/json"},
	} {
		if a := c.do(op); a.status != http.StatusUnauthorized || a.errorBody(t).Code != wire.CodeUnauthorized {
			t.Errorf("revoked token on %s: %d %s", op.path, a.status, a.body)
		}
	}
}

func TestUnknownOperationsAndMethods(t *testing.T) {
	c := newCentre(t, server.Options{})
	if a := c.do(request{method: http.MethodGet, path: "/v1/admin"}); a.status != http.StatusNotFound || a.errorBody(t).Code != wire.CodeNotFound {
		t.Errorf("unknown path: %d %s", a.status, a.body)
	}
	a := c.do(request{method: http.MethodDelete, path: wire.PathPush})
	if a.status != http.StatusMethodNotAllowed || a.header.Get("Allow") != http.MethodPost || a.errorBody(t).Code != wire.CodeBadRequest {
		t.Errorf("DELETE push: %d %v %s", a.status, a.header, a.body)
	}
	if a := c.do(request{method: http.MethodPut, path: wire.PathDocument + "a/b"}); a.status != http.StatusNotFound {
		t.Errorf("nested document path: %d", a.status)
	}
}

// A panic in an operation is one 500, logged, and the centre goes on.
func TestPanicsAreRecovered(t *testing.T) {
	logs := &syncBuffer{}
	// No centre at all: the first call to it panics.
	h := server.New(nil, server.Options{Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	req := httptest.NewRequest(http.MethodGet, wire.PathDevice, nil)
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	req.Header.Set("Authorization", "Bearer secret-token-value")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var e wire.ErrorBody
	if rec.Code != http.StatusInternalServerError || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Code != wire.CodeInternal {
		t.Fatalf("panic answered %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "panic") || !strings.Contains(logs.String(), `"status":500`) {
		t.Errorf("the panic must be logged with the request: %s", logs)
	}
	if strings.Contains(logs.String(), "secret-token-value") {
		t.Error("the token reached the log")
	}
}

// An internal failure answers a generic message; the details go to the log.
func TestInternalErrorsStayInTheLog(t *testing.T) {
	c := newCentre(t, server.Options{})
	c.app.Close() // the database is gone from under the handler
	a := c.get(wire.PathDevice, nil)
	e := a.errorBody(t)
	if a.status != http.StatusInternalServerError || e.Code != wire.CodeInternal || e.Message != "internal error" {
		t.Fatalf("answer %d %+v", a.status, e)
	}
	if !strings.Contains(c.logs.String(), "closed") {
		t.Errorf("the log must say what failed: %s", c.logs)
	}
}

func TestRequestLogLines(t *testing.T) {
	c := newCentre(t, server.Options{})
	m := c.homeMember()
	c.do(request{method: http.MethodGet, path: wire.PathLookup + "?regno=" + m.RegNo, header: map[string]string{wire.ActorHeader: "agent"}})
	// A password change the centre refuses is logged as refused, without
	// the hash it carried.
	hash, err := domain.HashPassword("a password for nobody")
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(wire.PasswordChange{Username: "mallory", PasswordHash: hash, At: seededAt})
	change := wire.Entry{ID: uuid.Must(uuid.NewV7()).String(), Seq: 1, Kind: wire.KindPasswordChanged, CreatedAt: seededAt, Payload: payload}
	if _, resp := c.push(wire.PushRequest{Entries: []wire.Entry{change}}); len(resp.Results) != 1 || resp.Results[0].Reason != domain.KeyUnknownActor {
		t.Fatalf("password change of an unknown account: %+v", resp)
	}
	if !strings.Contains(c.logs.String(), `"msg":"entry refused"`) {
		t.Fatalf("the centre's refusal is not in the log:\n%s", c.logs)
	}
	c.do(request{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(`{"entries":[],"secret":"body-text"}`), contentType: "application/json"})
	var lines []map[string]any
	for line := range strings.Lines(c.logs.String()) {
		var l map[string]any
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if l["msg"] == "request" {
			lines = append(lines, l)
		}
	}
	if len(lines) < 3 {
		t.Fatalf("want a line per request, got %d:\n%s", len(lines), c.logs)
	}
	last := lines[len(lines)-1]
	if last["method"] != "POST" || last["path"] != wire.PathPush || last["status"] != float64(400) ||
		last["device"] != c.dev.ID || last["duration"] == nil || last["bytes"] == nil {
		t.Errorf("push line: %v", last)
	}
	for _, secret := range []string{c.token, m.RegNo, "body-text", hash} {
		if strings.Contains(c.logs.String(), secret) {
			t.Errorf("%q reached the log:\n%s", secret, c.logs)
		}
	}
}
