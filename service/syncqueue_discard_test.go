package service

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// refusedHere is the centre's refusal of a request it already has one
// pending for (another console asked first).
var refusedHere = wire.Result{Status: wire.StatusRejected, Reason: domain.KeyChangePending}

// setAside records the centre's refusal of an entry and leaves the
// entries after it pending (deferred), as a push does.
func (f *fixture) setAside(t *testing.T, id string) {
	t.Helper()
	res := refusedHere
	res.ID = id
	f.answer(t, id, store.EntrySetAside, res)
}

// outbox lists the outbox in sequence order.
func (f *fixture) outbox(t *testing.T) []store.OutboxEntry {
	t.Helper()
	out, err := f.db.Outbox(f.ctx)
	must(t, err)
	return out
}

// auditTail returns the last n audit entries, oldest first.
func (f *fixture) auditTail(t *testing.T, n int) []domain.AuditEntry {
	t.Helper()
	var all []domain.AuditEntry
	must(t, f.db.EachAudit(f.ctx, func(e domain.AuditEntry) error { all = append(all, e); return nil }))
	if len(all) < n {
		t.Fatalf("%d audit entries, want at least %d", len(all), n)
	}
	return all[len(all)-n:]
}

// Discarding a request's "requested" entry discards the request's later
// unsettled entries (here its cancellation), each audited with a reason
// naming the entry they follow; another request of the same member keeps
// its entry.
func TestDiscardTakesTheRequestsLaterEntriesAlong(t *testing.T) {
	f := newFixture(t)
	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	first, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	_, err = f.svc.CancelAddressChange(f.ctx, agent, first.Ref)
	must(t, err)
	second, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	out := f.outbox(t)
	if len(out) != 3 {
		t.Fatalf("outbox: %+v", out)
	}
	requested, cancelled, other := out[0], out[1], out[2]
	f.setAside(t, requested.ID)
	f.now = f.now.Add(time.Hour)

	must(t, f.svc.DiscardEntry(f.ctx, super, requested.ID, "made twice at two counters"))
	if state, _, why := f.entryState(t, requested.ID); state != store.EntryDiscarded || why != "made twice at two counters" {
		t.Errorf("the discarded entry: %s, %q", state, why)
	}
	state, _, why := f.entryState(t, cancelled.ID)
	if state != store.EntryDiscarded || !strings.Contains(why, "follows discarded entry 1") ||
		!strings.Contains(why, "made twice at two counters") {
		t.Errorf("the request's cancellation: %s, %q", state, why)
	}
	if state, _, _ := f.entryState(t, other.ID); state != store.EntryPending {
		t.Errorf("the member's other request's entry is %s, want pending", state)
	}
	last := f.lastAudit(t)
	if last.Action != domain.AuditSyncDiscard || last.Subject != cancelled.ID || last.Actor != "super" ||
		!strings.Contains(last.Detail, requested.ID) || !strings.Contains(last.Detail, "follows discarded entry 1") {
		t.Errorf("the follower's discard audit: %+v", last)
	}
	// The request was cancelled here already: it stays as it was.
	r, err := f.db.Request(f.ctx, first.Ref)
	must(t, err)
	if r.State != domain.RequestCancelled || r.DecidedBy != "agent" || r.DecisionReason != "" {
		t.Errorf("the first request: %+v", r)
	}
	if r, err := f.db.Request(f.ctx, second.Ref); err != nil || r.State != domain.RequestPending {
		t.Errorf("the second request: %+v %v", r, err)
	}
}

// A request whose "requested" entry is discarded never reached the centre:
// pending here, it is cancelled here (audited under its reference, nothing
// queued), so the member can get a new request.
func TestDiscardingAnUndeliveredRequestCancelsItHere(t *testing.T) {
	f := newFixture(t)
	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	requested := f.outbox(t)[0]
	f.setAside(t, requested.ID)
	f.now = f.now.Add(time.Hour)

	must(t, f.svc.DiscardEntry(f.ctx, super, requested.ID, "the member came to another counter"))
	r, err := f.db.Request(f.ctx, req.Ref)
	must(t, err)
	if r.State != domain.RequestCancelled || r.DecidedBy != "super" || !r.DecidedAt.Equal(f.now) ||
		r.DecisionReason != undeliveredReason+"the member came to another counter" {
		t.Errorf("the request after the discard: %+v", r)
	}
	last := f.lastAudit(t)
	var detail map[string]any
	must(t, json.Unmarshal([]byte(last.Detail), &detail))
	if last.Action != domain.AuditChangeCancelled || last.Subject != req.Ref || last.Actor != "super" ||
		detail["not_delivered"] != true || detail["was"] != string(domain.RequestPending) {
		t.Errorf("the cancellation's audit: %+v", last)
	}
	if out := f.outbox(t); len(out) != 1 {
		t.Errorf("the cancellation here queued an entry for the centre: %+v", out)
	}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange()); err != nil {
		t.Errorf("a new request for the member: %v", err)
	}
}

// A request approved here whose "requested" entry is discarded: its
// approval is discarded along, the request is cancelled here, and the
// member's record goes back to what the centre has (the version the
// request was made on and the address it replaced), the history keeping
// both addresses.
func TestDiscardingARequestApprovedHereTakesTheApprovalBack(t *testing.T) {
	f := newFixture(t)
	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	before, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	f.now = f.now.Add(time.Hour)
	_, err = f.svc.ApproveAddressChange(f.ctx, super, req.Ref)
	must(t, err)
	out := f.outbox(t)
	f.setAside(t, out[0].ID)
	f.now = f.now.Add(time.Hour)

	must(t, f.svc.DiscardEntry(f.ctx, f.signIn(t, "super2", supervisorPW), out[0].ID, "refused at the centre"))
	if state, _, why := f.entryState(t, out[1].ID); state != store.EntryDiscarded || !strings.Contains(why, "follows discarded entry 1") {
		t.Errorf("the approval's entry: %s, %q", state, why)
	}
	r, err := f.db.Request(f.ctx, req.Ref)
	must(t, err)
	if r.State != domain.RequestCancelled || r.DecidedBy != "super2" {
		t.Errorf("the request: %+v", r)
	}
	file, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	cur, approved := file.Addresses[0], file.Addresses[1]
	if file.Member.Version != before.Member.Version || cur.ValidTo != nil || cur.Line1 != before.Addresses[0].Line1 ||
		cur.City != before.Addresses[0].City || !cur.Verified || !cur.ValidFrom.Equal(f.now) {
		t.Errorf("the member after the discard: v%d (was v%d), current %+v", file.Member.Version, before.Member.Version, cur)
	}
	if approved.Line1 != "7 Rue Oued Ziz" || approved.ValidTo == nil || !approved.ValidTo.Equal(f.now) ||
		len(file.Addresses) != len(before.Addresses)+2 {
		t.Errorf("the history after the discard: %+v", file.Addresses)
	}
}

// A conflict resolved takes nothing else along: the approval's request
// goes on (it is rejected through the usual path).
func TestResolveConflictDiscardsOnlyTheApproval(t *testing.T) {
	f := newFixture(t)
	_, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusConflict,
		Reason: domain.KeyVersionConflict, Current: centreRecord(2, "9 Boulevard Zerktouni")})
	_, err := f.svc.ResolveConflict(f.ctx, f.signIn(t, "super2", supervisorPW), approval.ID, "newer at the centre")
	must(t, err)
	discards := 0
	for _, a := range f.auditActions(t) {
		if a == domain.AuditSyncDiscard {
			discards++
		}
	}
	if discards != 1 {
		t.Errorf("%d discards audited, want 1", discards)
	}
	if out := f.outbox(t); out[len(out)-1].Kind != domain.EventAddressRejected || out[len(out)-1].State != store.EntryPending {
		t.Errorf("the rejection is not queued: %+v", out[len(out)-1])
	}
}

// A discard always goes through, even for a request this console does not
// hold (nothing here to cancel).
func TestDiscardingARequestNotHeldHere(t *testing.T) {
	f := newFixture(t)
	var o store.OutboxEntry
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) (err error) {
		o, err = tx.Enqueue(f.ctx, domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: "gone",
			RegNo: "123456789", At: f.now})
		return err
	}))
	f.setAside(t, o.ID)
	must(t, f.svc.DiscardEntry(f.ctx, f.signIn(t, "super", supervisorPW), o.ID, "no such request"))
	if state, _, _ := f.entryState(t, o.ID); state != store.EntryDiscarded {
		t.Errorf("the entry is %s", state)
	}
}

// An approval the centre refused or found in conflict, discarded on its
// own: the centre never applied it and still has the request pending. The
// approval is taken back here (the member's record is again the one the
// request was made on, the history keeping both addresses), the request is
// pending again, both audited, nothing goes to the centre, and another
// supervisor may decide it again.
func TestDiscardingAnApprovalReopensItsRequest(t *testing.T) {
	for name, answer := range map[string]wire.Result{
		"rejected": {Status: wire.StatusRejected, Reason: domain.KeyOwnRequest},
		"conflict": {Status: wire.StatusConflict, Reason: domain.KeyVersionConflict, Current: centreRecord(2, "9 Boulevard Zerktouni")},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			before, err := f.db.MemberFile(f.ctx, 1)
			must(t, err)
			req, approval := f.approvedHere(t)
			answer.ID = approval.ID
			f.answer(t, approval.ID, store.EntrySetAside, answer)
			f.now = f.now.Add(time.Hour)
			super2 := f.signIn(t, "super2", supervisorPW)

			must(t, f.svc.DiscardEntry(f.ctx, super2, approval.ID, "approved on the wrong form"))
			if state, _, why := f.entryState(t, approval.ID); state != store.EntryDiscarded || why != "approved on the wrong form" {
				t.Errorf("the approval's entry: %s, %q", state, why)
			}
			file, err := f.db.MemberFile(f.ctx, 1)
			must(t, err)
			if len(file.Addresses) != len(before.Addresses)+2 {
				t.Fatalf("the history after the discard: %+v", file.Addresses)
			}
			cur, approved, was := file.Addresses[0], file.Addresses[1], before.Addresses[0]
			if file.Member.Version != before.Member.Version || cur.ValidTo != nil || cur.Input() != was.Input() ||
				cur.Verified != was.Verified || !cur.ValidFrom.Equal(f.now) {
				t.Errorf("the member after the discard: v%d (was v%d), current %+v", file.Member.Version, before.Member.Version, cur)
			}
			if approved.Line1 != "7 Rue Oued Ziz" || approved.ValidTo == nil || !approved.ValidTo.Equal(f.now) {
				t.Errorf("the address approved here: %+v", approved)
			}
			r, err := f.db.Request(f.ctx, req.Ref)
			must(t, err)
			if r.State != domain.RequestPending || r.DecidedBy != "" || r.DecisionReason != "" || !r.DecidedAt.IsZero() {
				t.Errorf("the request after the discard: %+v", r)
			}
			audits := f.auditTail(t, 2)
			if d := audits[0]; d.Action != domain.AuditSyncDiscard || d.Subject != approval.ID || d.Actor != "super2" {
				t.Errorf("the discard's audit: %+v", d)
			}
			reopened := audits[1]
			var detail map[string]any
			must(t, json.Unmarshal([]byte(reopened.Detail), &detail))
			if reopened.Action != domain.AuditChangeReopened || reopened.Subject != req.Ref || reopened.Actor != "super2" ||
				detail["request_id"] != req.ID || detail["approved_by"] != "super" || detail["approval_undone"] != true ||
				detail["reason"] != "approved on the wrong form" {
				t.Errorf("the reopening's audit: %+v", reopened)
			}
			if out := f.outbox(t); len(out) != 2 {
				t.Errorf("the discard queued an entry for the centre: %+v", out)
			}

			// Pending again: another supervisor approves it, on the
			// record the centre has, and that approval is queued.
			if _, err := f.svc.ApproveAddressChange(f.ctx, super2, req.Ref); err != nil {
				t.Fatalf("approving the request again: %v", err)
			}
			out := f.outbox(t)
			if last := out[len(out)-1]; len(out) != 3 || last.Kind != domain.EventAddressApproved || last.State != store.EntryPending {
				t.Errorf("the new approval is not queued: %+v", out)
			}
			if file, err := f.db.MemberFile(f.ctx, 1); err != nil || file.Member.Version != before.Member.Version+1 ||
				file.Addresses[0].Line1 != "7 Rue Oued Ziz" {
				t.Errorf("the member after the new approval: %+v %v", file.Member, err)
			}
		})
	}
}

// The approval's request cannot be pending again beside another pending
// request of the member: the discard is refused with ErrChangePending and
// nothing changes, until that request is decided or cancelled.
func TestDiscardingAnApprovalWaitsForTheMembersPendingRequest(t *testing.T) {
	f := newFixture(t)
	req, approval := f.approvedHere(t)
	f.setAside(t, approval.ID)
	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	next := goodChange()
	next.Address.Line1 = "9 Rue Tarik Ibn Ziad"
	later, _, err := f.svc.RequestAddressChange(f.ctx, agent, next)
	must(t, err)
	approvedFile, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	counts := f.counts(t)

	if err := f.svc.DiscardEntry(f.ctx, super, approval.ID, "approved on the wrong form"); !errors.Is(err, domain.ErrChangePending) {
		t.Fatalf("discarding beside a pending request: %v", err)
	}
	if state, _, _ := f.entryState(t, approval.ID); state != store.EntrySetAside {
		t.Errorf("a refused discard changed the entry: %s", state)
	}
	file, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	if r, err := f.db.Request(f.ctx, req.Ref); err != nil || r.State != domain.RequestApproved ||
		file.Member.Version != approvedFile.Member.Version || len(file.Addresses) != len(approvedFile.Addresses) ||
		f.counts(t) != counts {
		t.Errorf("a refused discard changed the request (%+v %v) or the member (v%d, %d addresses)",
			r, err, file.Member.Version, len(file.Addresses))
	}

	_, err = f.svc.CancelAddressChange(f.ctx, agent, later.Ref)
	must(t, err)
	must(t, f.svc.DiscardEntry(f.ctx, super, approval.ID, "approved on the wrong form"))
	if r, err := f.db.Request(f.ctx, req.Ref); err != nil || r.State != domain.RequestPending {
		t.Errorf("the request once the other one is cancelled: %+v %v", r, err)
	}
}
