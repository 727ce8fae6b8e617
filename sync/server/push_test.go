package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

func TestPushBodiesAreDecodedStrictly(t *testing.T) {
	c := newCentre(t, server.Options{})
	post := func(body, contentType string) answer {
		return c.do(request{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(body), contentType: contentType})
	}
	cases := []struct {
		name, body  string
		status      int
		code, field string
	}{
		{"unknown field", `{"entries":[],"force":true}`, 400, wire.CodeBadRequest, "force"},
		{"unknown entry field", `{"entries":[{"id":"x","trusted":1}]}`, 400, wire.CodeBadRequest, "entries.trusted"},
		{"trailing data", `{"entries":[]}{"entries":[]}`, 400, wire.CodeBadRequest, ""},
		{"wrong type", `{"entries":{}}`, 400, wire.CodeBadRequest, "entries"},
		{"empty", ``, 400, wire.CodeBadRequest, ""},
		{"too many entries", manyEntries(wire.MaxPushEntries + 1), 400, wire.CodeBadRequest, "entries"},
		{"too many audit records", `{"entries":[],"audit":[` + strings.Repeat(`{},`, wire.MaxPushAudit) + `{}]}`, 400, wire.CodeBadRequest, "audit"},
		{"over 4 MiB", `{"entries":[],"audit":[{"detail":"` + strings.Repeat("x", wire.MaxBodyBytes) + `"}]}`, 413, wire.CodeTooLarge, ""},
	}
	for _, tc := range cases {
		a := post(tc.body, "application/json")
		if a.status != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, a.status, tc.status, a.body)
			continue
		}
		if e := a.errorBody(t); e.Code != tc.code || e.Field != tc.field {
			t.Errorf("%s: %+v, want code %s field %q", tc.name, e, tc.code, tc.field)
		}
	}
	if a := post(`{"entries":[]}`, "text/plain"); a.status != http.StatusUnsupportedMediaType {
		t.Errorf("a body that is not JSON by its type: %d", a.status)
	}
	if a := post(`{"entries":[]}`, "application/json; charset=utf-8"); a.status != http.StatusOK {
		t.Errorf("JSON with a charset parameter: %d %s", a.status, a.body)
	}
	// The limit is exactly MaxPushEntries: a full batch is served.
	if a := post(manyEntries(wire.MaxPushEntries), "application/json"); a.status != http.StatusOK {
		t.Errorf("a full batch: %d %s", a.status, a.body)
	}
}

// manyEntries is a batch of n entries the centre will answer one by one
// (rejected: no such kind), to test the batch limit.
func manyEntries(n int) string {
	var b strings.Builder
	b.WriteString(`{"entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id, _ := uuid.NewV7()
		b.WriteString(`{"id":"` + id.String() + `","seq":` + strconv.Itoa(i+1) + `,"kind":"nothing","created_at":"2026-03-16T09:00:00Z","payload":{}}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

func TestPushRoundTrip(t *testing.T) {
	c := newCentre(t, server.Options{})
	m := c.homeMember()
	at := time.Now().UTC().Truncate(time.Second)
	ev := domain.ChangeEvent{
		Kind: domain.EventAddressRequested, RequestID: uuid.Must(uuid.NewV7()).String(),
		Reference: domain.RequestReference(c.home, at, 10001), RegNo: m.RegNo, Actor: "agent", At: at, BaseVersion: m.Version,
		Address:  &domain.AddressInput{Line1: "12 Rue Oued Ziz", Quarter: "Agdal", City: "Rabat", PostalCode: "10090"},
		Evidence: &domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: m.CIN, SignedForm: true, FormNumber: "F-20"},
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	entry := wire.Entry{ID: uuid.Must(uuid.NewV7()).String(), Seq: 1, Kind: ev.Kind, RegNo: m.RegNo, CreatedAt: at, Payload: payload}
	a, resp := c.push(wire.PushRequest{Entries: []wire.Entry{entry}})
	if a.status != http.StatusOK || len(resp.Results) != 1 || resp.Results[0].Status != wire.StatusApplied || resp.Results[0].ID != entry.ID {
		t.Fatalf("push: %d %s", a.status, a.body)
	}
	// The response was lost: the same entry again is a duplicate, not a
	// second request.
	if _, again := c.push(wire.PushRequest{Entries: []wire.Entry{entry}}); len(again.Results) != 1 || again.Results[0].Status != wire.StatusDuplicate {
		t.Fatalf("retry: %+v", again)
	}
	// The same key with other content is refused for good.
	changed := entry
	changed.CreatedAt = at.Add(time.Minute)
	if _, reused := c.push(wire.PushRequest{Entries: []wire.Entry{changed}}); len(reused.Results) != 1 ||
		reused.Results[0].Status != wire.StatusRejected || reused.Results[0].Reason != domain.KeyKeyReused {
		t.Fatalf("reused key: %+v", reused)
	}
	// The request comes down the feed, pending, for the branch's supervisors.
	var found *wire.Request
	for _, p := range c.scope(wire.MaxFeedPage) {
		for _, it := range p.Items {
			if it.Kind == wire.ItemRequest && it.Request.ID == ev.RequestID {
				found = it.Request
			}
		}
	}
	if found == nil || found.State != string(domain.RequestPending) || found.RequestedBy != "agent" || found.Reference != ev.Reference {
		t.Fatalf("request in the feed: %+v", found)
	}
}

// Audit records travel with a push; the centre holds the chain and flags a
// break without refusing anything.
func TestPushTakesTheAuditChain(t *testing.T) {
	c := newCentre(t, server.Options{})
	prev := domain.GenesisHash
	var records []wire.AuditRecord
	for seq := int64(1); seq <= 3; seq++ {
		e := domain.AuditEntry{Seq: seq, At: seededAt.Add(time.Duration(seq) * time.Minute), DeviceID: c.dev.ID,
			Actor: "agent", Action: domain.AuditSignIn, PrevHash: prev}
		e.Hash = domain.AuditHash(e)
		records = append(records, wire.AuditRecord{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, PrevHash: e.PrevHash, Hash: e.Hash})
		prev = e.Hash
	}
	a, resp := c.push(wire.PushRequest{Entries: []wire.Entry{}, Audit: records[:2]})
	if a.status != http.StatusOK || resp.Audit.Through != 2 || resp.Audit.Break != nil {
		t.Fatalf("a sound chain: %d %s", a.status, a.body)
	}
	if !bytes.Contains(a.body, []byte(`"results":[]`)) {
		t.Errorf("results must be a list, even empty: %s", a.body)
	}
	tampered := records[2]
	tampered.Detail = "edited after the fact"
	_, resp = c.push(wire.PushRequest{Entries: []wire.Entry{}, Audit: []wire.AuditRecord{tampered}})
	if resp.Audit.Through != 3 || resp.Audit.Break == nil || *resp.Audit.Break != (wire.Break{Seq: 3, Reason: "hash"}) {
		t.Fatalf("a tampered record must be taken and flagged: %+v", resp.Audit)
	}
}
