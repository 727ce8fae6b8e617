package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// member is one member a simulated device records changes for, with the
// version the centre holds (each approval adds one).
type member struct {
	regno, cin string
	version    int64
}

// device is one simulated console: its token, its branch's accounts, its
// share of the branch's members, its outbox sequence, audit chain, request
// numbers and feed cursor. It speaks the wire protocol itself, as the sync
// engine does, without a database of its own: the load is the centre's.
type device struct {
	id, token, branch string
	agent, supervisor string
	members           []member
	next              int // the member to change next
	seq               int64
	audit             domain.AuditHead
	refNext, refLast  int
	cursor            int64
	rnd               *rand.Rand
}

// client is what every device shares: the centre's address and the HTTP
// transport (one pool of keep-alive connections).
type client struct {
	base string
	http *http.Client
	rec  *recorder
}

// cycle is one second of a device's life: a batch pushed (when push is
// set), then the feed pulled until it has no more.
func (c *client) cycle(ctx context.Context, d *device, push bool, batch int) {
	if push {
		c.push(ctx, d, batch)
	}
	for {
		more, ok := c.pull(ctx, d)
		if !ok || !more {
			return
		}
	}
}

// push sends batch entries (an even number): address-change requests by
// the branch's agent, each followed by its approval by the branch's
// supervisor (so the member is free for another change), with their audit
// records.
func (c *client) push(ctx context.Context, d *device, batch int) {
	req := wire.PushRequest{}
	var changed []*member
	now := time.Now().UTC()
	for len(req.Entries) < batch && len(d.members) > 0 {
		m := &d.members[d.next%len(d.members)]
		d.next++
		if d.refNext > d.refLast {
			c.rec.fail("push", "request numbers used up")
			return
		}
		ref := domain.RequestReference(d.branch, now, d.refNext)
		d.refNext++
		id := uuid.Must(uuid.NewV7()).String()
		addr := domain.AddressInput{Line1: fmt.Sprintf("%d rue Oqba Ibn Nafii", 1+d.rnd.IntN(300)), Quarter: "Agdal",
			City: "Rabat", PostalCode: "10080", Province: "Rabat"}
		requested := domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: id, Reference: ref,
			RegNo: m.regno, Actor: d.agent, At: now, BaseVersion: m.version, Address: &addr,
			Evidence: &domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: m.cin,
				SignedForm: true, FormNumber: "L" + strconv.Itoa(d.refNext)}}
		approved := domain.ChangeEvent{Kind: domain.EventAddressApproved, RequestID: id, Reference: ref,
			RegNo: m.regno, Actor: d.supervisor, At: now, BaseVersion: m.version, Address: &addr}
		c.add(d, &req, requested, 0, domain.AuditChangeRecorded, d.agent)
		c.add(d, &req, approved, m.version, domain.AuditChangeApproved, d.supervisor)
		changed = append(changed, m)
	}
	if len(req.Entries) == 0 {
		c.rec.fail("push", "no member left to change")
		return
	}
	var resp wire.PushResponse
	if !c.do(ctx, d, "push", http.MethodPost, wire.PathPush, nil, req, &resp) {
		return
	}
	c.settle(d, req, resp, changed)
}

// add appends one entry and the audit record the console writes with it.
func (c *client) add(d *device, req *wire.PushRequest, ev domain.ChangeEvent, base int64, action, actor string) {
	payload, err := json.Marshal(ev)
	if err != nil {
		panic(err) // plain values always marshal
	}
	d.seq++
	req.Entries = append(req.Entries, wire.Entry{ID: uuid.Must(uuid.NewV7()).String(), Seq: d.seq, Kind: ev.Kind,
		RegNo: ev.RegNo, BaseVersion: base, CreatedAt: ev.At, Payload: payload})
	detail, err := json.Marshal(map[string]any{"request_id": ev.RequestID, "registration_number": ev.RegNo,
		"base_version": ev.BaseVersion})
	if err != nil {
		panic(err)
	}
	e := domain.AuditEntry{Seq: d.audit.Seq + 1, At: ev.At, DeviceID: d.id, Actor: actor, Action: action,
		Subject: ev.Reference, Detail: string(detail), PrevHash: d.audit.Hash}
	if e.Seq == 1 {
		e.PrevHash = domain.GenesisHash
	}
	e.Hash = domain.AuditHash(e)
	d.audit = domain.AuditHead{Seq: e.Seq, Hash: e.Hash}
	req.Audit = append(req.Audit, wire.AuditRecord{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action,
		Subject: e.Subject, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
}

// settle counts the centre's answers and moves the members' versions on.
// A member the centre refused is dropped from the device's share.
func (c *client) settle(d *device, req wire.PushRequest, resp wire.PushResponse, changed []*member) {
	if len(resp.Results) != len(req.Entries) {
		c.rec.fail("push", fmt.Sprintf("%d answers for %d entries", len(resp.Results), len(req.Entries)))
		return
	}
	if resp.Audit.Break != nil {
		c.rec.fail("push", "audit chain break: "+resp.Audit.Break.Reason)
	}
	refused := map[string]bool{}
	for i, r := range resp.Results {
		c.rec.entry(r.Status)
		if r.Status != wire.StatusApplied {
			refused[req.Entries[i].RegNo] = true
			c.rec.fail("push", "entry "+r.Status+" "+r.Reason)
		}
	}
	for _, m := range changed {
		if !refused[m.regno] {
			m.version++
		}
	}
	if len(refused) > 0 {
		kept := d.members[:0]
		for _, m := range d.members {
			if !refused[m.regno] {
				kept = append(kept, m)
			}
		}
		d.members = kept
	}
}

// feedPage is what a device reads of a feed page: the items stay raw, so
// that the generator spends its CPU on load, not on decoding members.
type feedPage struct {
	Items []json.RawMessage `json:"items"`
	Next  int64             `json:"next"`
	More  bool              `json:"more"`
}

// pull reads one feed page after the device's cursor.
func (c *client) pull(ctx context.Context, d *device) (more, ok bool) {
	var page feedPage
	q := url.Values{"after": {strconv.FormatInt(d.cursor, 10)}, "limit": {strconv.Itoa(wire.MaxFeedPage)}}
	if !c.do(ctx, d, "feed", http.MethodGet, wire.PathFeed, q, nil, &page) {
		return false, false
	}
	if page.More && page.Next <= d.cursor {
		c.rec.fail("feed", "the cursor does not advance")
		return false, false
	}
	c.rec.pulled(len(page.Items))
	d.cursor = max(d.cursor, page.Next)
	return page.More, true
}

// do sends one request as the device, times it (through reading the whole
// answer) and decodes a 200 answer into out (plainly: the console's strict
// decoding is not what is measured).
func (c *client) do(ctx context.Context, d *device, route, method, path string, q url.Values, in, out any) bool {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			panic(err)
		}
		body = bytes.NewReader(b)
	}
	u := c.base + path
	if q != nil {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		c.rec.fail(route, err.Error())
		return false
	}
	req.Header.Set("Authorization", "Bearer "+d.token)
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	t0 := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			c.rec.fail(route, "transport: "+err.Error())
		}
		return false
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, wire.MaxBodyBytes+1))
	resp.Body.Close()
	took := time.Since(t0)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			c.rec.fail(route, "reading the answer: "+err.Error())
		}
		return false
	case resp.StatusCode != http.StatusOK:
		c.rec.timed(route, took)
		c.rec.fail(route, fmt.Sprintf("HTTP %d: %.120s", resp.StatusCode, bytes.TrimSpace(raw)))
		return false
	}
	c.rec.timed(route, took)
	if err := json.Unmarshal(raw, out); err != nil {
		c.rec.fail(route, "decoding the answer: "+err.Error())
		return false
	}
	return true
}
