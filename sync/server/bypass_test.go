package server_test

// Bypass attempts (issue #8): each is sent over HTTP to the real handler
// of a real centre, as the holder of a device token (or a portal client)
// could send it, and must be refused and leave a record: the centre's
// warning naming the device, the entry and the reason, or its chain-break
// table, or its access log.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// Four eyes are a person's, not a device's: the supervisor who recorded a
// request cannot decide it from another device of the branch, however the
// name is spelt.
func TestBypassSelfApprovalFromASecondDevice(t *testing.T) {
	a := newAttack(newPINCentre(t))
	req := a.request(a.home().Branch, "supervisor", a.homeMembers(1)[0])
	a.recorded(a.home(), req)
	for _, kind := range []string{domain.EventAddressApproved, domain.EventAddressRejected} {
		e := a.changeEntry(decision(kind, req, "supervisor"))
		a.refusedAndLogged(kind+" of one's own request", a.second, e, a.pushOne(a.second, e), domain.KeyOwnRequest)
	}
	for _, spelling := range []string{"Supervisor", " supervisor", "SUPERVISOR"} {
		e := a.changeEntry(decision(domain.EventAddressApproved, req, spelling))
		if r := a.pushOne(a.second, e); r.Status != wire.StatusRejected ||
			(r.Reason != domain.KeyOwnRequest && r.Reason != domain.KeyUnknownActor) {
			t.Errorf("self-approval spelt %q: %+v", spelling, r)
		}
	}
	a.stillPending(a.second, req)
	// Another person on the same device may: the refusals were the person's.
	if r := a.pushOne(a.second, a.changeEntry(decision(domain.EventAddressApproved, req, secondSupervisor))); r.Status != wire.StatusApplied {
		t.Fatalf("approval by another supervisor: %+v", r)
	}
}

// The role is the centre's account's, never the payload's.
func TestBypassForgedRoleInAPayload(t *testing.T) {
	a := newAttack(newPINCentre(t))
	req := a.request(a.home().Branch, "agent", a.homeMembers(1)[0])
	a.recorded(a.home(), req)

	// A role field the event does not have is refused, and named.
	var forged map[string]any
	raw, _ := json.Marshal(decision(domain.EventAddressApproved, req, "agent"))
	if err := json.Unmarshal(raw, &forged); err != nil {
		t.Fatal(err)
	}
	forged["role"] = "supervisor"
	e := a.entry(domain.EventAddressApproved, req.RegNo, forged)
	e.BaseVersion = req.BaseVersion
	r := a.pushOne(a.second, e)
	a.refusedAndLogged("an approval claiming the supervisor role", a.second, e, r, domain.KeyMalformedEntry)
	if r.Field != "payload.role" {
		t.Errorf("the forged field must be named: %+v", r)
	}

	// Names the centre knows with another role, or not at all.
	for actor, reason := range map[string]string{
		"agent":            domain.KeyForbidden,    // an agent never decides
		"admin":            domain.KeyForbidden,    // separation of duties
		"root":             domain.KeyUnknownActor, // no such account
		otherSupervisor:    domain.KeyWrongBranch,  // a supervisor, of another branch
		"supervisor\u200b": domain.KeyUnknownActor, // a look-alike name
	} {
		e := a.changeEntry(decision(domain.EventAddressApproved, req, actor))
		a.refusedAndLogged(fmt.Sprintf("an approval by %q", actor), a.second, e, a.pushOne(a.second, e), reason)
	}
	a.stillPending(a.home(), req)
}

// An entry's key is its first device's: the same entry under another
// device's token is refused for good and the first record stays.
func TestBypassEntryReplayedUnderAnotherDevicesToken(t *testing.T) {
	a := newAttack(newPINCentre(t))
	req := a.request(a.home().Branch, "agent", a.homeMembers(1)[0])
	e := a.changeEntry(req)
	if r := a.pushOne(a.home(), e); r.Status != wire.StatusApplied {
		t.Fatalf("the request: %+v", r)
	}
	for name, d := range map[string]device{"second device": a.second, "other branch": a.other} {
		a.refusedAndLogged("replayed by the "+name, d, e, a.pushOne(d, e), domain.KeyKeyReused)
	}
	if r := a.pushOne(a.home(), e); r.Status != wire.StatusDuplicate {
		t.Fatalf("the first device's retry must still be its duplicate: %+v", r)
	}
	// The same request under a fresh key: its member has a change pending.
	again := a.entry(req.Kind, req.RegNo, req)
	a.refusedAndLogged("the same request under a new key", a.second, again, a.pushOne(a.second, again), domain.KeyChangePending)
	held, _ := a.heldBy(a.home(), req.RequestID, req.RegNo)
	if held == nil || held.RequestedBy != "agent" || held.Reference != req.Reference {
		t.Fatalf("the first record must stay: %+v", held)
	}
	// A refused entry's key is its device's too.
	bad := a.changeEntry(decision(domain.EventAddressApproved, req, "agent"))
	a.refusedAndLogged("an agent's approval", a.home(), bad, a.pushOne(a.home(), bad), domain.KeyForbidden)
	a.refusedAndLogged("the refused entry replayed", a.second, bad, a.pushOne(a.second, bad), domain.KeyKeyReused)
	a.stillPending(a.home(), req)
	// Once the request is withdrawn, a replay under a fresh key cannot
	// bring it back: its reference is taken.
	if r := a.pushOne(a.home(), a.changeEntry(decision(domain.EventAddressCancelled, req, "agent"))); r.Status != wire.StatusApplied {
		t.Fatalf("the cancellation: %+v", r)
	}
	again = a.entry(req.Kind, req.RegNo, req)
	a.refusedAndLogged("the withdrawn request under a new key", a.second, again, a.pushOne(a.second, again), domain.KeyReferenceTaken)
	if held, _ := a.heldBy(a.home(), req.RequestID, req.RegNo); held == nil || held.State != string(domain.RequestCancelled) {
		t.Fatalf("the request must stay withdrawn: %+v", held)
	}
}

// A device writes for its own branch only, whoever it names.
func TestBypassTokenOfOneBranchWritingAnother(t *testing.T) {
	a := newAttack(newPINCentre(t))
	theirs := a.request(a.otherBranch, otherAgent, a.otherMember)
	a.recorded(a.other, theirs)
	mine := a.homeMembers(1)[0]
	hash, err := domain.HashPassword("taken over at another branch")
	if err != nil {
		t.Fatal(err)
	}
	before := a.account(a.other, otherSupervisor)
	now := time.Now().UTC().Truncate(time.Second)
	reissue := domain.PINEvent{Kind: domain.EventPINReissued, IssueID: uuid.Must(uuid.NewV7()).String(),
		RegNo: a.otherMember.RegNo, Channel: domain.ChannelPost, Actor: otherAgent, At: now}
	cancel := decision(domain.EventAddressCancelled, theirs, otherAgent)
	cancel.Reason = ""
	for _, tc := range []struct {
		what string
		e    wire.Entry
	}{
		{"approval of their request by our supervisor", a.changeEntry(decision(domain.EventAddressApproved, theirs, "supervisor"))},
		{"rejection of their request by our supervisor", a.changeEntry(decision(domain.EventAddressRejected, theirs, "supervisor"))},
		{"approval by their supervisor through our token", a.changeEntry(decision(domain.EventAddressApproved, theirs, otherSupervisor))},
		{"cancellation by their requester through our token", a.changeEntry(cancel)},
		{"a request by their agent", a.changeEntry(a.request(a.home().Branch, otherAgent, mine))},
		{"a request under their branch's reference", a.changeEntry(a.request(a.otherBranch, "agent", mine))},
		{"their supervisor's password", a.entry(wire.KindPasswordChanged, "",
			wire.PasswordChange{Username: otherSupervisor, PasswordHash: hash, At: now})},
		{"a PIN reissue by their agent", a.entry(reissue.Kind, reissue.RegNo, reissue)},
	} {
		a.refusedAndLogged(tc.what, a.home(), tc.e, a.pushOne(a.home(), tc.e), domain.KeyWrongBranch)
	}
	a.stillPending(a.other, theirs)
	if after := a.account(a.other, otherSupervisor); after.PasswordHash != before.PasswordHash {
		t.Fatal("another branch's password was changed")
	}
	// Their own supervisor, on their own device, may.
	if r := a.pushOne(a.other, a.changeEntry(decision(domain.EventAddressApproved, theirs, otherSupervisor))); r.Status != wire.StatusApplied {
		t.Fatalf("their approval: %+v", r)
	}
}

// An entry the centre refused stays refused when sent again: as it was
// (evaluated again, refused again, logged again) or mended under the same
// key (refused for good).
func TestBypassRefusedEntryResent(t *testing.T) {
	a := newAttack(newPINCentre(t))
	req := a.request(a.home().Branch, "agent", a.homeMembers(1)[0])
	a.recorded(a.home(), req)
	bad := a.changeEntry(decision(domain.EventAddressApproved, req, "agent"))
	for i := range 2 {
		a.refusedAndLogged(fmt.Sprintf("send %d", i+1), a.home(), bad, a.pushOne(a.home(), bad), domain.KeyForbidden)
	}
	if n := a.logged("WARN", "entry refused", "entry", bad.ID); n != 2 {
		t.Errorf("each send must be logged: %d warnings", n)
	}
	// Mended to what would pass (another supervisor), under the same key.
	mended := bad
	mended.Payload, _ = json.Marshal(decision(domain.EventAddressApproved, req, secondSupervisor))
	for _, d := range []device{a.home(), a.second} {
		a.refusedAndLogged("the mended entry", d, mended, a.pushOne(d, mended), domain.KeyKeyReused)
	}
	a.stillPending(a.home(), req)
	if got := a.app.Counters().Entries[wire.StatusRejected]; got != 4 {
		t.Errorf("rejected entries counted: %d, want 4", got)
	}
	// A new key is the way, and the refused one stays refused after it.
	if r := a.pushOne(a.home(), a.changeEntry(decision(domain.EventAddressApproved, req, secondSupervisor))); r.Status != wire.StatusApplied {
		t.Fatalf("the approval under a new key: %+v", r)
	}
	if r := a.pushOne(a.home(), mended); r.Status != wire.StatusRejected || r.Reason != domain.KeyKeyReused {
		t.Fatalf("the mended entry after the approval: %+v", r)
	}
}

// The centre takes each device's audit chain and flags every break: a
// record removed before or after shipping, a wrong previous hash, another
// device's records; a gap stops the intake.
func TestBypassAuditChainWithAnEntryRemoved(t *testing.T) {
	a := newAttack(newPINCentre(t))
	pushAudit := func(d device, records []wire.AuditRecord) wire.AuditAck {
		t.Helper()
		ans, resp := a.pushAs(d, wire.PushRequest{Audit: records})
		if ans.status != http.StatusOK {
			t.Fatalf("audit push: %d %s", ans.status, ans.body)
		}
		return resp.Audit
	}
	wantBreak := func(what string, d device, ack wire.AuditAck, through, seq int64, reason string) {
		t.Helper()
		if ack.Through != through || ack.Break == nil || *ack.Break != (wire.Break{Seq: seq, Reason: reason}) {
			t.Errorf("%s: %+v, want through %d and break %d %s", what, ack, through, seq, reason)
		}
		breaks, err := a.app.ChainBreaks(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(breaks, func(b central.ChainBreak) bool {
			return b.DeviceID == d.ID && b.Seq == seq && b.Reason == reason
		}) {
			t.Errorf("%s: not in the chain-break table: %+v", what, breaks)
		}
		if a.logged("WARN", "audit chain break", "device", d.ID, "branch", d.Branch, "seq", seq, "reason", reason) == 0 {
			t.Errorf("%s: no warning in the log:\n%s", what, a.logs.String())
		}
	}

	// Removed before shipping: the records after the gap are not taken,
	// however often they come, and the break stays once the gap is filled.
	chain := auditChain(a.dev.ID, 5)
	wantBreak("a gap", a.home(), pushAudit(a.home(), slices.Concat(chain[:2], chain[3:])), 2, 3, domain.BreakSequence)
	wantBreak("after the gap again", a.home(), pushAudit(a.home(), chain[3:]), 2, 3, domain.BreakSequence)
	wantBreak("the gap filled", a.home(), pushAudit(a.home(), chain[2:]), 5, 3, domain.BreakSequence)

	// Removed after shipping, the rest renumbered and chained anew.
	shipped := auditChain(a.second.ID, 5)
	if ack := pushAudit(a.second, shipped); ack.Through != 5 || ack.Break != nil {
		t.Fatalf("a sound chain: %+v", ack)
	}
	rewritten := relinked(a.second.ID, slices.Concat(shipped[:2], shipped[3:]))
	wantBreak("a shipped record removed", a.second, pushAudit(a.second, rewritten[2:]), 5, 3, "resent_differs")

	// A record that does not follow its predecessor.
	other := auditChain(a.other.ID, 3)
	other[2].PrevHash = other[0].Hash
	other[2] = relinkedFrom(a.other.ID, other[2])
	wantBreak("a wrong previous hash", a.other, pushAudit(a.other, other), 3, 3, domain.BreakPreviousHash)

	// Another device's records under this token: they hash with their own
	// device's id, and the chain they land in is the token's.
	thief := a.addDevice(context.Background(), "counter 3", a.home().Branch)
	wantBreak("another device's chain", thief, pushAudit(thief, chain[:2]), 2, 1, domain.BreakHash)
	// The gap, two records resent differing, the previous hash, two foreign records.
	if got := a.app.Counters().ChainBreaks; got != 6 {
		t.Errorf("chain breaks counted: %d, want 6", got)
	}
	// A record naming another device is not in the protocol: the batch is refused.
	body := `{"entries":[],"audit":[{"seq":1,"device_id":"` + a.dev.ID + `"}]}`
	ans := a.do(request{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(body),
		contentType: "application/json", token: &thief.token})
	if ans.status != http.StatusBadRequest || ans.errorBody(t).Field != "audit.device_id" {
		t.Errorf("a record naming a device: %d %s", ans.status, ans.body)
	}
	if a.logged("INFO", "request", "path", wire.PathPush, "status", http.StatusBadRequest, "device", thief.ID) == 0 {
		t.Errorf("the refused batch is not in the request log:\n%s", a.logs.String())
	}
}

// relinkedFrom recomputes a record's hash over its (changed) fields.
func relinkedFrom(deviceID string, r wire.AuditRecord) wire.AuditRecord {
	r.Hash = domain.AuditHash(domain.AuditEntry{Seq: r.Seq, At: r.At, DeviceID: deviceID, Actor: r.Actor,
		Action: r.Action, Subject: r.Subject, Detail: r.Detail, PrevHash: r.PrevHash})
	return r
}

// A portal client guessing a member's PIN locks it after
// central.MaxPINFailures wrong tries; every check is in the access log,
// and a device's token does not open the portal's route.
func TestBypassPortalGuessingPINs(t *testing.T) {
	c := newPINCentre(t)
	code := c.reissueAtCounter()
	since := time.Now().Add(-time.Second)
	var guesses []string
	for i := 0; len(guesses) < central.MaxPINFailures+1; i++ {
		if g := fmt.Sprintf("%0*d", len(code), i); g != code {
			guesses = append(guesses, g)
		}
	}
	for i, g := range guesses {
		want := wire.PINInvalid
		if i >= central.MaxPINFailures-1 {
			want = wire.PINLocked
		}
		if got := c.result(c.verify(verifyBody(c.member.RegNo, g), c.portalToken)); got != want {
			t.Fatalf("guess %d: %s, want %s", i+1, got, want)
		}
	}
	if got := c.result(c.verify(verifyBody(c.member.RegNo, code), c.portalToken)); got != wire.PINLocked {
		t.Fatalf("the right PIN once locked: %s", got)
	}
	checks := len(guesses) + 1
	// The device token is refused before any check.
	if ans := c.verify(verifyBody(c.member.RegNo, code), c.token); ans.status != http.StatusUnauthorized {
		t.Fatalf("a device token on the portal's route: %d %s", ans.status, ans.body)
	}
	if c.logged("WARN", "portal token refused", "device", c.dev.ID, "reason", "device token") != 1 {
		t.Errorf("the device token on the portal's route is not logged:\n%s", c.logs.String())
	}

	log, err := c.app.AccessLog(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Subject == c.member.RegNo && strings.HasPrefix(e.Action, central.ActionPINVerify) {
			if e.Actor != "portal" || e.DeviceID != "portal" {
				t.Errorf("access log line without its client: %+v", e)
			}
			actions = append(actions, strings.TrimPrefix(e.Action, central.ActionPINVerify+"."))
		}
	}
	want := slices.Concat(slices.Repeat([]string{wire.PINInvalid}, central.MaxPINFailures-1),
		slices.Repeat([]string{wire.PINLocked}, checks-central.MaxPINFailures+1))
	if !slices.Equal(actions, want) {
		t.Errorf("access log: %v, want %v", actions, want)
	}
	if n := c.logged("INFO", "PIN verified", "client", "portal"); n != checks {
		t.Errorf("%d PIN checks in the log, want %d", n, checks)
	}
	for _, secret := range append(guesses, code) {
		if strings.Contains(c.logs.String(), `"`+secret+`"`) {
			t.Fatalf("a PIN in the log:\n%s", c.logs.String())
		}
	}
	// A revoked client's token is refused and logged with its name.
	if err := c.app.RevokePortalClient(context.Background(), "portal"); err != nil {
		t.Fatal(err)
	}
	if ans := c.verify(verifyBody(c.member.RegNo, code), c.portalToken); ans.status != http.StatusUnauthorized ||
		c.logged("WARN", "portal token refused", "client", "portal", "reason", "revoked") != 1 {
		t.Errorf("a revoked portal client: %d %s\n%s", ans.status, ans.body, c.logs.String())
	}
	if strings.Contains(c.logs.String(), c.portalToken) || strings.Contains(c.logs.String(), c.token) {
		t.Fatal("a token in the log")
	}
}

// A revoked device's token and an unknown token write nothing and are
// logged (never the token).
func TestBypassRevokedAndUnknownDeviceTokens(t *testing.T) {
	a := newAttack(newPINCentre(t))
	if err := a.app.RevokeDevice(context.Background(), a.second.ID); err != nil {
		t.Fatal(err)
	}
	e := a.changeEntry(a.request(a.home().Branch, "agent", a.homeMembers(1)[0]))
	unknown := device{token: strings.Repeat("A", 43)}
	for name, d := range map[string]device{"revoked": a.second, "unknown": unknown} {
		ans, _ := a.pushAs(d, wire.PushRequest{Entries: []wire.Entry{e}})
		if ans.status != http.StatusUnauthorized || ans.errorBody(t).Code != wire.CodeUnauthorized {
			t.Errorf("%s token: %d %s", name, ans.status, ans.body)
		}
	}
	if a.logged("WARN", "device token refused", "reason", "revoked", "device", a.second.ID, "branch", a.second.Branch) != 1 ||
		a.logged("WARN", "device token refused", "reason", "unknown") != 1 ||
		a.logged("INFO", "request", "path", wire.PathPush, "status", http.StatusUnauthorized) != 2 {
		t.Errorf("refused tokens must be logged:\n%s", a.logs.String())
	}
	if strings.Contains(a.logs.String(), a.second.token) || strings.Contains(a.logs.String(), unknown.token) {
		t.Fatal("a token in the log")
	}
	// Nothing was kept of the entry: its key is still free.
	if r := a.pushOne(a.home(), e); r.Status != wire.StatusApplied {
		t.Fatalf("the entry from a device in use: %+v", r)
	}
}
