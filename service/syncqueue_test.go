package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// kicks counts the sync passes the service asked for; the rest of the
// Syncer is not used by these operations.
type kicks struct {
	Syncer
	n int
}

func (k *kicks) Kick() { k.n++ }

// answer records the centre's answer to an entry as the sync engine does.
func (f *fixture) answer(t *testing.T, id, state string, res wire.Result) {
	t.Helper()
	body, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) error {
		return tx.RecordAnswers(f.ctx, []store.Answer{{ID: id, State: state, Result: string(body), Reason: res.Reason}}, f.now)
	}))
}

// approvedHere records a request (agent) and its approval (super) for
// member 1; the request reached the centre, the approval did not.
func (f *fixture) approvedHere(t *testing.T) (AddressRequest, store.OutboxEntry) {
	t.Helper()
	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	_, err = f.svc.ApproveAddressChange(f.ctx, super, req.Ref)
	must(t, err)
	out, err := f.db.Outbox(f.ctx)
	must(t, err)
	f.answer(t, out[0].ID, store.EntryDelivered, wire.Result{ID: out[0].ID, Status: wire.StatusApplied})
	return req, out[1]
}

// centreRecord is the centre's record of member 1 after another branch
// changed the address.
func centreRecord(version int64, line1 string) *wire.Member {
	return &wire.Member{RegNo: "123456789", Society: "MGPAP", HomeBranch: "RAB01", CIN: "AB123456", PPR: "12345678",
		FamilyName: "Alaoui", GivenName: "Mohamed", BirthDate: "1961-03-10", Sex: "M", Category: "retired",
		Status: "active", Version: version, Beneficiaries: []wire.Beneficiary{},
		Address: &wire.Address{AddressInput: domain.AddressInput{Line1: line1, City: "Casablanca", PostalCode: "20000"},
			Verified: true, ValidFrom: time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC)}}
}

func (f *fixture) entryState(t *testing.T, id string) (state string, attempts int, discardReason string) {
	t.Helper()
	must(t, f.raw.QueryRow(`SELECT state, attempts, discard_reason FROM outbox WHERE id = ?`, id).Scan(&state, &attempts, &discardReason))
	return state, attempts, discardReason
}

func TestSyncEntriesShowReasonsNeverSecrets(t *testing.T) {
	f := newFixture(t)
	_, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusRejected,
		Reason: domain.KeyOwnRequest, Field: "actor"})
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) error {
		_, err := tx.EnqueueEntry(f.ctx, wire.KindPasswordChanged, store.AccountHoldPrefix+"agent", f.now,
			wire.PasswordChange{Username: "agent", PasswordHash: "$argon2id$v=19$secret-hash", At: f.now})
		return err
	}))
	if _, err := f.svc.SyncEntries(f.ctx, f.admin); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("an admin lists members' entries: %v", err)
	}
	agent := f.signIn(t, "agent", agentPW)
	reset := agent
	reset.MustChangePassword = true
	if _, err := f.svc.SyncEntries(f.ctx, reset); !errors.Is(err, domain.ErrPasswordChange) {
		t.Errorf("a session that must change its password lists entries: %v", err)
	}
	list, err := f.svc.SyncEntries(f.ctx, agent)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("listed %d entries, want the set-aside approval and the password change: %+v", len(list), list)
	}
	e := list[0]
	if e.State != EntrySetAside || e.Kind != domain.EventAddressApproved || e.RegNo != "123456789" ||
		e.MemberName != "Alaoui Mohamed" || e.MemberID != 1 || e.Answer != wire.StatusRejected ||
		e.Reason != domain.KeyOwnRequest || e.Field != "actor" || e.Attempts != 1 || e.Reference == "" ||
		e.Address == nil || e.Address.Line1 != "7 Rue Oued Ziz" || e.IsConflict() || e.Resolvable() {
		t.Errorf("set-aside entry: %+v", e)
	}
	p := list[1]
	if !p.IsPasswordChange() || p.Username != "agent" || p.RegNo != "" || p.State != EntryPending {
		t.Errorf("password change: %+v", p)
	}
	if dump := fmt.Sprintf("%+v", list); strings.Contains(dump, "argon2id") || strings.Contains(dump, "secret-hash") {
		t.Errorf("a password hash reached the Sync screen: %s", dump)
	}
	if last := f.lastAudit(t); last.Action != domain.AuditSyncListed || !strings.Contains(last.Detail, "123456789") {
		t.Errorf("the listing is not audited with the members shown: %+v", last)
	}
}

func TestRetryEntryIsASupervisorsAndAudited(t *testing.T) {
	f := newFixture(t)
	k := &kicks{}
	f.svc.syncer = k
	_, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	kicked := k.n

	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	if err := f.svc.RetryEntry(f.ctx, agent, approval.ID); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("an agent retried an entry: %v", err)
	}
	if state, _, _ := f.entryState(t, approval.ID); state != store.EntrySetAside {
		t.Fatalf("a refused retry changed the entry: %s", state)
	}
	must(t, f.svc.RetryEntry(f.ctx, super, approval.ID))
	if state, attempts, _ := f.entryState(t, approval.ID); state != store.EntryPending || attempts != 1 {
		t.Errorf("retried entry: %s after %d attempts, want pending after 1", state, attempts)
	}
	if last := f.lastAudit(t); last.Action != domain.AuditSyncRetry || last.Subject != approval.ID || last.Actor != "super" {
		t.Errorf("retry audit: %+v", last)
	}
	if k.n != kicked+1 {
		t.Errorf("the retry asked for %d sync passes, want 1", k.n-kicked)
	}
	if err := f.svc.RetryEntry(f.ctx, super, approval.ID); !errors.Is(err, &domain.Error{Key: domain.KeyEntryNotSetAside}) {
		t.Errorf("retrying a pending entry: %v", err)
	}
	if err := f.svc.RetryEntry(f.ctx, super, "no-such-entry"); !errors.Is(err, &domain.Error{Key: domain.KeyEntryNotFound}) {
		t.Errorf("retrying an unknown entry: %v", err)
	}
}

func TestDiscardEntryNeedsAReasonAndAdoptsTheCentresCopy(t *testing.T) {
	f := newFixture(t)
	_, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	// The feed brought the centre's record meanwhile: held back, since the
	// member has an unsettled entry.
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) error {
		held, err := tx.ApplyFeedItem(f.ctx, wire.FeedItem{Seq: 5, Kind: wire.ItemMember, Member: centreRecord(4, "9 Boulevard Zerktouni")}, f.now)
		if err == nil && !held {
			t.Error("the feed overwrote a member with an entry set aside")
		}
		return err
	}))

	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	if err := f.svc.DiscardEntry(f.ctx, agent, approval.ID, "duplicate"); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("an agent discarded an entry: %v", err)
	}
	for _, reason := range []string{"", "   ", "bad\x1b[31m"} {
		err := f.svc.DiscardEntry(f.ctx, super, approval.ID, reason)
		if fe, ok := domain.AsFieldError(err); !ok || fe.Field != "reason" {
			t.Errorf("reason %q: %v, want a field error on reason", reason, err)
		}
	}
	if state, _, _ := f.entryState(t, approval.ID); state != store.EntrySetAside {
		t.Fatalf("a refused discard changed the entry: %s", state)
	}
	must(t, f.svc.DiscardEntry(f.ctx, super, approval.ID, "approved by mistake"))
	if state, _, why := f.entryState(t, approval.ID); state != store.EntryDiscarded || why != "approved by mistake" {
		t.Errorf("discarded entry: %s, %q", state, why)
	}
	// The discard's audit, then the approval's taken back (see
	// TestDiscardingAnApprovalReopensItsRequest).
	discard := f.auditTail(t, 2)[0]
	if discard.Action != domain.AuditSyncDiscard || discard.Subject != approval.ID || !strings.Contains(discard.Detail, "approved by mistake") {
		t.Errorf("discard audit: %+v", discard)
	}
	file, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	if file.Member.Version != 4 || file.Addresses[0].Line1 != "9 Boulevard Zerktouni" {
		t.Errorf("the centre's held copy was not adopted: v%d, %+v", file.Member.Version, file.Addresses[0])
	}
	if err := f.svc.DiscardEntry(f.ctx, super, approval.ID, "again"); !errors.Is(err, &domain.Error{Key: domain.KeyEntryNotSetAside}) {
		t.Errorf("discarding twice: %v", err)
	}
}

func TestResolveConflictLeadsToANewRequest(t *testing.T) {
	f := newFixture(t)
	req, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusConflict,
		Reason: domain.KeyVersionConflict, Current: centreRecord(2, "9 Boulevard Zerktouni")})

	agent, super := f.signIn(t, "agent", agentPW), f.signIn(t, "super", supervisorPW)
	list, err := f.svc.SyncEntries(f.ctx, super)
	must(t, err)
	c := list[0].Conflict
	if !list[0].Resolvable() || c == nil || c.Local.Version != 2 || c.Local.Address.Line1 != "7 Rue Oued Ziz" ||
		c.Centre.Version != 2 || c.Centre.Address.Line1 != "9 Boulevard Zerktouni" || !c.Centre.Verified {
		t.Fatalf("conflict: %+v", c)
	}
	if _, err := f.svc.ResolveConflict(f.ctx, agent, approval.ID, "moved again"); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("an agent resolved a conflict: %v", err)
	}
	if _, err := f.svc.ResolveConflict(f.ctx, super, approval.ID, ""); err == nil {
		t.Fatal("resolved without a reason")
	}
	res, err := f.svc.ResolveConflict(f.ctx, super, approval.ID, "the centre has a newer address")
	must(t, err)
	if res.MemberID != 1 || res.Rejected != req.Ref || res.Address.Line1 != "7 Rue Oued Ziz" {
		t.Errorf("resolution: %+v", res)
	}
	if state, _, _ := f.entryState(t, approval.ID); state != store.EntryDiscarded {
		t.Errorf("the approval is %s, want discarded", state)
	}
	// The centre's record is the member's here now.
	file, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	if file.Member.Version != 2 || file.Addresses[0].Line1 != "9 Boulevard Zerktouni" {
		t.Errorf("member after resolution: v%d %+v", file.Member.Version, file.Addresses[0])
	}
	// The request, pending at the centre, is rejected there too.
	r, err := f.db.Request(f.ctx, req.Ref)
	must(t, err)
	if r.State != domain.RequestRejected || r.DecisionReason != ReasonVersionConflict || r.DecidedBy != "super" {
		t.Errorf("request after resolution: %+v", r)
	}
	out, err := f.db.Outbox(f.ctx)
	must(t, err)
	if last := out[len(out)-1]; last.Kind != domain.EventAddressRejected || last.State != store.EntryPending ||
		!strings.Contains(last.Payload, ReasonVersionConflict) {
		t.Errorf("the rejection is not queued: %+v", last)
	}
	// The address can be recorded again, on the centre's version.
	again := goodChange()
	again.Address = res.Address
	req2, _, err := f.svc.RequestAddressChange(f.ctx, agent, again)
	if err != nil || req2.BaseVersion != 2 {
		t.Errorf("new request: %+v, %v", req2, err)
	}
	if _, err := f.svc.ResolveConflict(f.ctx, super, approval.ID, "again"); !errors.Is(err, &domain.Error{Key: domain.KeyEntryNotSetAside}) {
		t.Errorf("resolving twice: %v", err)
	}
}

func TestResolveConflictTakesTheNewestCopyAndKeepsMakerChecker(t *testing.T) {
	f := newFixture(t)
	_, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusConflict,
		Reason: domain.KeyVersionConflict, Current: centreRecord(2, "9 Boulevard Zerktouni")})
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) error {
		_, err := tx.ApplyFeedItem(f.ctx, wire.FeedItem{Seq: 8, Kind: wire.ItemMember, Member: centreRecord(3, "1 Place des Nations Unies")}, f.now)
		return err
	}))
	// The agent who made the request, promoted since, may not reject it.
	f.exec(t, `UPDATE users SET role = 'supervisor' WHERE username = 'agent'`)
	requester := f.signIn(t, "agent", agentPW)
	if _, err := f.svc.ResolveConflict(f.ctx, requester, approval.ID, "mine"); !errors.Is(err, domain.ErrOwnRequest) {
		t.Fatalf("the requester rejected their own request: %v", err)
	}
	if state, _, _ := f.entryState(t, approval.ID); state != store.EntrySetAside {
		t.Fatalf("a refused resolution changed the entry: %s", state)
	}
	_, err := f.svc.ResolveConflict(f.ctx, f.signIn(t, "super2", supervisorPW), approval.ID, "newer address at the centre")
	must(t, err)
	file, err := f.db.MemberFile(f.ctx, 1)
	must(t, err)
	if file.Member.Version != 3 || file.Addresses[0].Line1 != "1 Place des Nations Unies" {
		t.Errorf("the newer held copy was not the one adopted: v%d %+v", file.Member.Version, file.Addresses[0])
	}
}

func TestResolveOnlyAConflict(t *testing.T) {
	f := newFixture(t)
	_, approval := f.approvedHere(t)
	f.answer(t, approval.ID, store.EntrySetAside, wire.Result{ID: approval.ID, Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	super := f.signIn(t, "super", supervisorPW)
	if _, err := f.svc.ResolveConflict(context.Background(), super, approval.ID, "why"); !errors.Is(err, ErrNotAConflict) {
		t.Errorf("resolving a rejection: %v", err)
	}
}
