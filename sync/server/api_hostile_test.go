package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/hostile"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// apiCase is a hostile request to the centre (testdata/hostile/api.json):
// a raw body, or one outbox entry built valid and then spoilt by Entry and
// Payload (merged into it; null removes a key, "__replace__" replaces the
// whole payload).
type apiCase struct {
	hostile.Case
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Body        string            `json:"body,omitempty"`
	ContentType string            `json:"content_type,omitempty"` // default: application/json when there is a body
	Header      map[string]string `json:"header,omitempty"`
	Token       string            `json:"token,omitempty"` // "portal" for the portal's operation; default the device's
	Entry       map[string]any    `json:"entry,omitempty"`
	Payload     map[string]any    `json:"payload,omitempty"`
	Status      int               `json:"status"`
	Code        string            `json:"code,omitempty"`   // the error body's code
	Result      string            `json:"result,omitempty"` // "rejected": the batch is answered, the entry refused
	Key         string            `json:"key,omitempty"`    // the refused entry's reason
}

// hostileCentre is the loopback centre with PIN keys and a portal client,
// its database open read-only beside it to count what requests leave.
type hostileCentre struct {
	*centre
	raw         *sql.DB
	docs        string
	portalToken string
}

func newHostileCentre(t *testing.T) *hostileCentre {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "centre.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pin.NewHMACKeys("h1", bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	box, err := pin.GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	app := central.New(st, central.Options{DocumentsDir: filepath.Join(dir, "documents"), MaxDocumentBytes: docLimit,
		Logger: logger, PINKeys: keys, BoxKey: box})
	t.Cleanup(func() { app.Close() })
	if err := app.SeedDemo(ctx, seededMembers, 1, seededAt, nil); err != nil {
		t.Fatal(err)
	}
	c := &centre{t: t, app: app, home: demo.Branches()[0].Code, logs: logs}
	if c.token, c.dev, err = app.AddDevice(ctx, "counter 1", c.home); err != nil {
		t.Fatal(err)
	}
	c.srv = httptest.NewServer(server.New(app, server.Options{Logger: logger}))
	t.Cleanup(c.srv.Close)
	h := &hostileCentre{centre: c, docs: filepath.Join(dir, "documents")}
	if h.portalToken, err = app.AddPortalClient(ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	if h.raw, err = sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.raw.Close() })
	return h
}

// state is what a refused request must leave as it found it: every table
// but the idempotency records (a refused entry is remembered by design) and
// the devices (their last contact).
func (h *hostileCentre) state(t *testing.T) map[string]int {
	t.Helper()
	n := hostile.Counts(t, h.raw, "address_requests", "addresses", "pin_issues", "documents", "accounts", "feed",
		"access_log", "chain_breaks", "audit_records", "branches", "devices", "portal_clients", "members", "beneficiaries")
	var versions int
	if err := h.raw.QueryRow(`SELECT coalesce(sum(version), 0) FROM members`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	n["member versions"] = versions
	n["document files"] = hostile.FileCount(t, h.docs)
	return n
}

var hostilePNG = append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, "scan"...)

func hostileSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Every hostile request of the corpus gets a 4xx naming its field (or, for
// one entry of a batch, that entry refused naming its field), changes
// nothing at the centre, and never panics.
func TestHostileAPIBodies(t *testing.T) {
	h := newHostileCentre(t)
	m := h.homeMember()
	var other string
	for _, p := range h.scope(wire.MaxFeedPage) {
		for _, it := range p.Items {
			if it.Kind == wire.ItemMember && it.Member.RegNo != m.RegNo && other == "" {
				other = it.Member.RegNo
			}
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	for i, c := range hostile.Load[apiCase](t, "api.json") {
		ref := domain.RequestReference(h.home, now, 20000+i)
		vars := map[string]string{"uuid": uuid.Must(uuid.NewV7()).String(), "regno": m.RegNo, "otherregno": other,
			"now": now.Format(time.RFC3339), "today": now.Format(domain.DateLayout), "ref": ref,
			"refprefix": domain.RequestRefPrefix(h.home, now), "branch": h.home, "sum": hostileSHA(hostilePNG)}
		vars["sumupper"] = strings.ToUpper(vars["sum"])
		body := hostile.Expand(t, c.Body, vars)
		if c.Entry != nil || c.Payload != nil {
			body = spoiltEntry(t, c, m, ref, vars)
		}
		vars["bodysum"] = hostileSHA([]byte(body))
		req := request{method: c.Method, path: hostile.Expand(t, c.Path, vars), header: map[string]string{}}
		if body != "" || c.Method == http.MethodPost || c.Method == http.MethodPut {
			req.body = strings.NewReader(body)
			req.contentType = "application/json"
		}
		if c.ContentType != "" || (c.Method == http.MethodPut || c.Method == http.MethodHead) {
			req.contentType = c.ContentType
		}
		if c.Token == "portal" {
			req.token = &h.portalToken
		}
		for k, v := range c.Header {
			req.header[k] = hostile.Expand(t, v, vars)
		}
		before := h.state(t)
		a := h.do(req)
		checkHostileAnswer(t, c, a)
		after := h.state(t)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("%s: %s went from %d to %d: a refused request changed the centre", c.Name, k, v, after[k])
			}
		}
	}
	if strings.Contains(h.logs.String(), "panic") {
		t.Errorf("the centre panicked:\n%s", h.logs.String())
	}
	// The entry the corpus spoils is a valid one: unspoilt, it is applied.
	base := spoiltEntry(t, apiCase{}, m, domain.RequestReference(h.home, now, 19999), map[string]string{})
	a := h.do(request{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(base), contentType: "application/json"})
	if !bytes.Contains(a.body, []byte(`"status":"applied"`)) {
		t.Fatalf("the corpus's base entry is not valid, so its refusals prove nothing: %d %s", a.status, a.body)
	}
}

func checkHostileAnswer(t *testing.T, c apiCase, a answer) {
	t.Helper()
	if a.status != c.Status {
		t.Errorf("%s: status %d, want %d: %.300s", c.Name, a.status, c.Status, a.body)
		return
	}
	if c.Result != "" {
		var resp wire.PushResponse
		if err := wire.DecodeBytes(a.body, &resp); err != nil || len(resp.Results) != 1 {
			t.Errorf("%s: answer %.300s (%v)", c.Name, a.body, err)
			return
		}
		r := resp.Results[0]
		fieldOK := r.Field == hostileField(c.Case) || (r.Field == "" && c.MayOmitField(r.Reason))
		if r.Status != c.Result || !fieldOK || (c.Key != "" && r.Reason != c.Key) {
			t.Errorf("%s: %s field %q reason %q, want %s field %q reason %q", c.Name, r.Status, r.Field, r.Reason,
				c.Result, hostileField(c.Case), c.Key)
		}
		return
	}
	if c.Method == http.MethodHead {
		return // no body to name the field: the status says it
	}
	var e wire.ErrorBody
	if err := wire.DecodeBytes(a.body, &e); err != nil {
		t.Errorf("%s: error body %.300q: %v", c.Name, a.body, err)
		return
	}
	if e.Code != c.Code || e.Field != hostileField(c.Case) {
		t.Errorf("%s: %s field %q (%s), want %s field %q", c.Name, e.Code, e.Field, e.Message, c.Code, hostileField(c.Case))
	}
}

func hostileField(c hostile.Case) string {
	if c.Field == hostile.FieldWhole {
		return ""
	}
	return c.Field
}

// spoiltEntry is a batch of one valid address request for m, with the
// case's changes to the entry and its payload.
func spoiltEntry(t *testing.T, c apiCase, m wire.Member, ref string, vars map[string]string) string {
	t.Helper()
	at := time.Now().UTC().Truncate(time.Second)
	payload := map[string]any{"kind": domain.EventAddressRequested, "request_id": uuid.Must(uuid.NewV7()).String(),
		"reference": ref, "registration_number": m.RegNo, "actor": "agent", "at": at.Format(time.RFC3339),
		"base_version": m.Version,
		"address":      map[string]any{"line1": "12 Rue Oued Ziz", "quarter": "Agdal", "city": "Rabat", "postal_code": "10090"},
		"evidence": map[string]any{"registration_card_copy": true, "cin_copy": true, "cin_read_off_copy": m.CIN,
			"signed_form": true, "form_number": "F-20"}}
	entry := map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "seq": 1, "kind": domain.EventAddressRequested,
		"registration_number": m.RegNo, "created_at": at.Format(time.RFC3339)}
	mergeSpoil(entry, hostile.ExpandAll(t, c.Entry, vars).(map[string]any))
	spoil := hostile.ExpandAll(t, c.Payload, vars).(map[string]any)
	if whole, ok := spoil["__replace__"].(map[string]any); ok {
		payload = whole
	} else {
		mergeSpoil(payload, spoil)
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	entry["payload"] = json.RawMessage(raw)
	batch, err := json.Marshal(map[string]any{"entries": []any{entry}})
	if err != nil {
		t.Fatal(err)
	}
	return string(batch)
}

// merge sets src's keys in dst, objects merged key by key, null removing.
func mergeSpoil(dst, src map[string]any) {
	for k, v := range src {
		switch sv := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			if dv, ok := dst[k].(map[string]any); ok {
				dv = maps.Clone(dv)
				mergeSpoil(dv, sv)
				dst[k] = dv
				continue
			}
			dst[k] = sv
		default:
			dst[k] = v
		}
	}
}
