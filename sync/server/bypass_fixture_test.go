package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// attack is the loopback centre (with PIN keys and a portal client) set up
// for bypass attempts: a second device of the home branch, a device of
// another branch with an agent and a supervisor of its own, and a second
// supervisor of the home branch for the approvals that must go through.
type attack struct {
	*pinCentre
	second      device // another device of the home branch
	other       device // a device of otherBranch
	otherBranch string
	otherMember wire.Member // a member of otherBranch
	seq         int64
	refs        int
}

// device is a registered device and its token.
type device struct {
	token string
	wire.Device
}

// Accounts beyond the demo's (agent, supervisor, admin of the home branch).
const (
	secondSupervisor = "supervisor2"
	otherAgent       = "agent.other"
	otherSupervisor  = "supervisor.other"
)

func newAttack(c *pinCentre) *attack {
	c.t.Helper()
	ctx := context.Background()
	a := &attack{pinCentre: c}
	// The seeded population, as the centre holds it, gives a member of
	// another branch (the home device's feed shows only its own).
	err := demo.Population(demo.Options{Members: seededMembers, Seed: 1, Now: seededAt}, func(m wire.Member) error {
		if a.otherBranch == "" && m.HomeBranch != c.home && m.Status == "active" {
			a.otherBranch, a.otherMember = m.HomeBranch, m
		}
		return nil
	})
	if err != nil || a.otherBranch == "" {
		c.t.Fatalf("no active member outside the home branch: %v", err)
	}
	a.second = a.addDevice(ctx, "counter 2", c.home)
	a.other = a.addDevice(ctx, "other counter", a.otherBranch)
	for _, u := range []central.NewUser{
		{Username: secondSupervisor, DisplayName: "Second Supervisor", Role: domain.RoleSupervisor, Branch: c.home},
		{Username: otherAgent, DisplayName: "Other Agent", Role: domain.RoleAgent, Branch: a.otherBranch},
		{Username: otherSupervisor, DisplayName: "Other Supervisor", Role: domain.RoleSupervisor, Branch: a.otherBranch},
	} {
		u.Password = "a long enough password 1"
		if err := c.app.AddUser(ctx, u); err != nil {
			c.t.Fatalf("account %s: %v", u.Username, err)
		}
	}
	return a
}

func (a *attack) addDevice(ctx context.Context, name, branch string) device {
	a.t.Helper()
	token, dev, err := a.app.AddDevice(ctx, name, branch)
	if err != nil {
		a.t.Fatal(err)
	}
	return device{token, dev}
}

// home is the first device of the home branch (the centre's own).
func (a *attack) home() device { return device{a.token, a.dev} }

// pushAs sends a batch with a device's token.
func (a *attack) pushAs(d device, req wire.PushRequest) (answer, wire.PushResponse) {
	a.t.Helper()
	if req.Entries == nil {
		req.Entries = []wire.Entry{}
	}
	raw, err := json.Marshal(req)
	if err != nil {
		a.t.Fatal(err)
	}
	ans := a.do(request{method: http.MethodPost, path: wire.PathPush, body: bytes.NewReader(raw),
		contentType: "application/json", token: &d.token})
	var resp wire.PushResponse
	if ans.status == http.StatusOK {
		if err := wire.DecodeBytes(ans.body, &resp); err != nil {
			a.t.Fatalf("push answer: %v\n%s", err, ans.body)
		}
	}
	return ans, resp
}

// pushOne sends one entry and returns its result.
func (a *attack) pushOne(d device, e wire.Entry) wire.Result {
	a.t.Helper()
	ans, resp := a.pushAs(d, wire.PushRequest{Entries: []wire.Entry{e}})
	if ans.status != http.StatusOK || len(resp.Results) != 1 || resp.Results[0].ID != e.ID {
		a.t.Fatalf("push of %s: %d %s", e.Kind, ans.status, ans.body)
	}
	return resp.Results[0]
}

// entry wraps a payload as a fresh outbox entry of kind for member regno.
func (a *attack) entry(kind, regno string, payload any) wire.Entry {
	a.t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		a.t.Fatal(err)
	}
	a.seq++
	return wire.Entry{ID: uuid.Must(uuid.NewV7()).String(), Seq: a.seq, Kind: kind, RegNo: regno,
		CreatedAt: time.Now().UTC().Truncate(time.Second), Payload: raw}
}

// request is an address-change request by actor for m, as a console of
// branch records it, with full evidence.
func (a *attack) request(branch, actor string, m wire.Member) domain.ChangeEvent {
	a.refs++
	at := time.Now().UTC().Truncate(time.Second)
	return domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: uuid.Must(uuid.NewV7()).String(),
		Reference: domain.RequestReference(branch, at, 20000+a.refs), RegNo: m.RegNo, Actor: actor, At: at,
		BaseVersion: m.Version,
		Address:     &domain.AddressInput{Line1: fmt.Sprintf("%d Rue Oued Ziz", a.refs), Quarter: "Agdal", City: "Rabat", PostalCode: "10090"},
		Evidence:    &domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: m.CIN, SignedForm: true, FormNumber: "F-77"}}
}

// decision is kind (approved, rejected, cancelled) of req by actor.
func decision(kind string, req domain.ChangeEvent, actor string) domain.ChangeEvent {
	return domain.ChangeEvent{Kind: kind, RequestID: req.RequestID, Reference: req.Reference, RegNo: req.RegNo,
		Actor: actor, At: time.Now().UTC().Truncate(time.Second), BaseVersion: req.BaseVersion, Reason: "checked at the counter"}
}

// changeEntry is the outbox entry of a change event.
func (a *attack) changeEntry(ev domain.ChangeEvent) wire.Entry {
	a.t.Helper()
	e := a.entry(ev.Kind, ev.RegNo, ev)
	if domain.ChangesRecord(ev.Kind) {
		e.BaseVersion = ev.BaseVersion
	}
	return e
}

// recorded pushes a request from d that must be applied.
func (a *attack) recorded(d device, ev domain.ChangeEvent) {
	a.t.Helper()
	if r := a.pushOne(d, a.changeEntry(ev)); r.Status != wire.StatusApplied {
		a.t.Fatalf("request by %s: %+v", ev.Actor, r)
	}
}

// homeMembers are n active members of the home branch, by the feed.
func (a *attack) homeMembers(n int) []wire.Member {
	a.t.Helper()
	var out []wire.Member
	for _, p := range a.scope(wire.MaxFeedPage) {
		for _, it := range p.Items {
			if m := it.Member; m != nil && m.HomeBranch == a.home().Branch && m.Status == "active" && len(out) < n {
				out = append(out, *m)
			}
		}
	}
	if len(out) < n {
		a.t.Fatalf("%d active members in the home branch, want %d", len(out), n)
	}
	return out
}

// feed is d's whole feed, oldest first.
func (a *attack) feed(d device) []wire.FeedItem {
	a.t.Helper()
	var items []wire.FeedItem
	after := int64(0)
	for {
		var page wire.FeedPage
		ans := a.do(request{method: http.MethodGet, path: fmt.Sprintf("%s?after=%d", wire.PathFeed, after), token: &d.token})
		if ans.status != http.StatusOK {
			a.t.Fatalf("feed: %d %s", ans.status, ans.body)
		}
		if err := wire.DecodeBytes(ans.body, &page); err != nil {
			a.t.Fatal(err)
		}
		items = append(items, page.Items...)
		if !page.More {
			return items
		}
		after = page.Next
	}
}

// heldBy is what d's feed says now of the request id and the member regno
// (the newest copy of each).
func (a *attack) heldBy(d device, requestID, regno string) (req *wire.Request, m *wire.Member) {
	a.t.Helper()
	for _, it := range a.feed(d) {
		if it.Request != nil && it.Request.ID == requestID {
			req = it.Request
		}
		if it.Member != nil && it.Member.RegNo == regno {
			m = it.Member
		}
	}
	return req, m
}

// account is the newest copy of an account in d's feed.
func (a *attack) account(d device, username string) wire.Account {
	a.t.Helper()
	var acc *wire.Account
	for _, it := range a.feed(d) {
		if it.Account != nil && it.Account.Username == username {
			acc = it.Account
		}
	}
	if acc == nil {
		a.t.Fatalf("no account %s in the feed of %s", username, d.Branch)
	}
	return *acc
}

// stillPending checks that nothing was applied to the request: it is
// pending, undecided, and its member's record is at the version it was
// made on.
func (a *attack) stillPending(d device, ev domain.ChangeEvent) {
	a.t.Helper()
	req, m := a.heldBy(d, ev.RequestID, ev.RegNo)
	if req == nil || req.State != string(domain.RequestPending) || req.DecidedBy != "" {
		a.t.Fatalf("request %s must still be pending: %+v", ev.Reference, req)
	}
	if m == nil || m.Version != ev.BaseVersion {
		a.t.Fatalf("member %s must be untouched at version %d: %+v", ev.RegNo, ev.BaseVersion, m)
	}
}

// logLines are the centre's structured log lines so far.
func (c *centre) logLines() []map[string]any {
	c.t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(c.logs.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			c.t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// logged counts the lines at level with message msg whose attributes
// include every key, value pair of kv (values compared as text).
func (c *centre) logged(level, msg string, kv ...any) int {
	c.t.Helper()
	n := 0
next:
	for _, l := range c.logLines() {
		if l["level"] != level || l["msg"] != msg {
			continue
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if fmt.Sprint(l[fmt.Sprint(kv[i])]) != fmt.Sprint(kv[i+1]) {
				continue next
			}
		}
		n++
	}
	return n
}

// refusedAndLogged checks an entry's answer (rejected with reason) and the
// centre's warning naming the device, the entry and the reason.
func (a *attack) refusedAndLogged(what string, d device, e wire.Entry, got wire.Result, reason string) {
	a.t.Helper()
	if got.Status != wire.StatusRejected || got.Reason != reason {
		a.t.Errorf("%s: %+v, want rejected %s", what, got, reason)
		return
	}
	if a.logged("WARN", "entry refused", "device", d.ID, "branch", d.Branch, "entry", e.ID,
		"status", wire.StatusRejected, "reason", reason) == 0 {
		a.t.Errorf("%s: no warning naming device %s, entry %s and %s in the log:\n%s", what, d.ID, e.ID, reason, a.logs.String())
	}
}

// auditChain is a sound chain of n sign-ins of the device.
func auditChain(deviceID string, n int) []wire.AuditRecord {
	records := make([]wire.AuditRecord, n)
	for i := range records {
		records[i] = wire.AuditRecord{Seq: int64(i + 1), At: seededAt.Add(time.Duration(i) * time.Minute),
			Actor: "agent", Action: domain.AuditSignIn, Subject: fmt.Sprintf("attempt %d", i+1)}
	}
	return relinked(deviceID, records)
}

// relinked numbers the records from 1 and chains them anew, as a forger
// who rewrites a device's chain would.
func relinked(deviceID string, records []wire.AuditRecord) []wire.AuditRecord {
	out := make([]wire.AuditRecord, len(records))
	prev := domain.GenesisHash
	for i, r := range records {
		r.Seq, r.PrevHash = int64(i+1), prev
		r.Hash = domain.AuditHash(domain.AuditEntry{Seq: r.Seq, At: r.At, DeviceID: deviceID, Actor: r.Actor,
			Action: r.Action, Subject: r.Subject, Detail: r.Detail, PrevHash: r.PrevHash})
		out[i], prev = r, r.Hash
	}
	return out
}
