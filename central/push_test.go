package central_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func TestRequestOnOneDeviceApprovedOnAnother(t *testing.T) {
	f := newFixture(t)
	if f.rabA.Number != 1 || f.rabB.Number != 2 || f.casA.Number != 1 {
		t.Fatalf("device numbers %d %d %d, want 1 2 1 (per branch)", f.rabA.Number, f.rabB.Number, f.casA.Number)
	}
	req := f.request(rabat, agent, memberA, 1)
	wantStatus(t, "request", f.pushOne(f.rabA, req), wire.StatusApplied, "")
	if q := f.requestState(req.RequestID); q.State != "pending" || q.Branch != rabat || q.BaseVersion != 1 ||
		q.RequestedBy != agent || q.Reference != req.Reference {
		t.Fatalf("request as held: %+v", q)
	}
	approvedAt := f.clock.Add(time.Hour)
	wantStatus(t, "approval", f.pushOne(f.rabB, decision(domain.EventAddressApproved, req, super, approvedAt)),
		wire.StatusApplied, "")
	m := f.member(memberA)
	if m.Version != 2 || m.Address == nil || m.Address.AddressInput != newAddress || !m.Address.Verified ||
		!m.Address.ValidFrom.Equal(approvedAt) {
		t.Fatalf("member after approval: version %d, address %+v", m.Version, m.Address)
	}
	if q := f.requestState(req.RequestID); q.State != "approved" || q.DecidedBy != super || q.DecidedAt == nil {
		t.Fatalf("request after approval: %+v", q)
	}
}

func TestRejectAndCancel(t *testing.T) {
	f := newFixture(t)
	reqA := f.request(rabat, agent, memberA, 1)
	reqB := f.request(rabat, agent, memberB, 1)
	f.push(f.rabA, entry(t, reqA), entry(t, reqB))

	wantStatus(t, "cancel by another", f.pushOne(f.rabB, decision(domain.EventAddressCancelled, reqA, super, f.clock)),
		wire.StatusRejected, domain.KeyNotRequester)
	noReason := decision(domain.EventAddressRejected, reqA, super, f.clock)
	noReason.Reason = ""
	if got := f.pushOne(f.rabB, noReason); got.Status != wire.StatusRejected || got.Field != "reason" {
		t.Fatalf("rejection without a reason: %+v", got)
	}
	longReason := decision(domain.EventAddressRejected, reqA, super, f.clock)
	longReason.Reason = strings.Repeat("r", domain.MaxReasonLen+1)
	if got := f.pushOne(f.rabB, longReason); got.Status != wire.StatusRejected || got.Field != "reason" {
		t.Fatalf("a reason over the console's limit: %+v", got)
	}
	wantStatus(t, "reject", f.pushOne(f.rabB, decision(domain.EventAddressRejected, reqA, super, f.clock)),
		wire.StatusApplied, "")
	wantStatus(t, "cancel", f.pushOne(f.rabA, decision(domain.EventAddressCancelled, reqB, agent, f.clock)),
		wire.StatusApplied, "")
	if q := f.requestState(reqA.RequestID); q.State != "rejected" || q.DecisionNote == "" {
		t.Fatalf("rejected request: %+v", q)
	}
	if q := f.requestState(reqB.RequestID); q.State != "cancelled" || q.DecidedBy != agent {
		t.Fatalf("cancelled request: %+v", q)
	}
	if m := f.member(memberA); m.Version != 1 || m.Address.AddressInput == newAddress {
		t.Fatal("a rejection changed the record")
	}
	wantStatus(t, "approve a rejected request", f.pushOne(f.rabB, decision(domain.EventAddressApproved, reqA, super2, f.clock)),
		wire.StatusRejected, domain.KeyNotPending)
}

func TestOwnRequestRefusedFromAnotherDevice(t *testing.T) {
	f := newFixture(t)
	req := f.request(rabat, super, memberA, 1)
	wantStatus(t, "request", f.pushOne(f.rabA, req), wire.StatusApplied, "")
	wantStatus(t, "own approval from device B", f.pushOne(f.rabB, decision(domain.EventAddressApproved, req, super, f.clock)),
		wire.StatusRejected, domain.KeyOwnRequest)
	if m := f.member(memberA); m.Version != 1 {
		t.Fatalf("version %d after a refused approval", m.Version)
	}
	wantStatus(t, "approval by another supervisor", f.pushOne(f.rabB, decision(domain.EventAddressApproved, req, super2, f.clock)),
		wire.StatusApplied, "")
}

func TestOnePendingChangePerMember(t *testing.T) {
	f := newFixture(t)
	wantStatus(t, "first", f.pushOne(f.rabA, f.request(rabat, agent, memberA, 1)), wire.StatusApplied, "")
	wantStatus(t, "second, other device", f.pushOne(f.rabB, f.request(rabat, super, memberA, 1)),
		wire.StatusRejected, domain.KeyChangePending)
}

// Casablanca's console fetched a Rabat member at version 1 and recorded a
// change while Rabat approved another: Casablanca's approval is a conflict
// that returns the record as it is and changes nothing.
func TestConflictReturnsCurrentAndLeavesRecord(t *testing.T) {
	f := newFixture(t)
	rab := f.request(rabat, agent, memberA, 1)
	f.push(f.rabA, entry(t, rab))
	wantStatus(t, "Rabat approves", f.pushOne(f.rabB, decision(domain.EventAddressApproved, rab, super, f.clock)),
		wire.StatusApplied, "")

	cas := f.request(casa, casaAgent, memberA, 1)
	cas.Address = &domain.AddressInput{Line1: "5 Boulevard Anfa", City: "Casablanca", PostalCode: "20000"}
	wantStatus(t, "Casablanca's request on version 1", f.pushOne(f.casA, cas), wire.StatusApplied, "")
	approval := entry(t, decision(domain.EventAddressApproved, cas, casaSuper, f.clock))
	got := f.push(f.casA, approval)[0]
	wantStatus(t, "Casablanca approves", got, wire.StatusConflict, domain.KeyVersionConflict)
	if got.Current == nil || got.Current.Version != 2 || got.Current.Address.AddressInput != newAddress {
		t.Fatalf("conflict's current record: %+v", got.Current)
	}
	if m := f.member(memberA); m.Version != 2 || m.Address.AddressInput != newAddress {
		t.Fatalf("record overwritten: %+v", m)
	}
	if q := f.requestState(cas.RequestID); q.State != "pending" {
		t.Fatalf("conflicting request %s, want still pending", q.State)
	}
	// A conflict is evaluated again when retried, not replayed.
	wantStatus(t, "retry", f.push(f.casA, approval)[0], wire.StatusConflict, domain.KeyVersionConflict)
}

func TestDuplicateReplaysFirstAnswer(t *testing.T) {
	f := newFixture(t)
	req := entry(t, f.request(rabat, agent, memberA, 1))
	wantStatus(t, "first", f.push(f.rabA, req)[0], wire.StatusApplied, "")
	// The same entry again, re-encoded with its keys in another order and
	// its time in another zone: the same content.
	var fields map[string]any
	json.Unmarshal(req.Payload, &fields)
	again := req
	again.Payload, _ = json.MarshalIndent(fields, "", "  ")
	again.CreatedAt = req.CreatedAt.In(time.FixedZone("WEST", 3600))
	got := f.push(f.rabA, again)[0]
	if got.Status != wire.StatusDuplicate || got.ID != req.ID {
		t.Fatalf("replay: %+v", got)
	}
	var n int
	f.st.Read(f.ctx, func(r central.Reader) error {
		rows, err := r.FeedAfter(f.ctx, rabat, 0, 100)
		for _, row := range rows {
			if row.Kind == wire.ItemRequest {
				n++
			}
		}
		return err
	})
	if n != 1 {
		t.Fatalf("%d request feed rows after a replay, want 1", n)
	}
}

func TestKeyReused(t *testing.T) {
	f := newFixture(t)
	first := entry(t, f.request(rabat, agent, memberA, 1))
	f.push(f.rabA, first)
	other := entry(t, f.request(rabat, agent, memberB, 1))
	other.ID = first.ID
	if got := f.push(f.rabA, other)[0]; got.Status != wire.StatusRejected || got.Reason != domain.KeyKeyReused || got.Field != "id" {
		t.Fatalf("same key, other content: %+v", got)
	}
	wantStatus(t, "same entry under another token", f.push(f.rabB, first)[0], wire.StatusRejected, domain.KeyKeyReused)
	// The first record stands: the entry is still a duplicate for its device.
	wantStatus(t, "original device", f.push(f.rabA, first)[0], wire.StatusDuplicate, "")
}

func TestDeferredBehindRefusedEntryOfSameMember(t *testing.T) {
	f := newFixture(t)
	bad := f.request(rabat, "ghost", memberA, 1) // no such account
	approval := decision(domain.EventAddressApproved, bad, super, f.clock)
	good := f.request(rabat, agent, memberB, 1)
	res := f.push(f.rabA, entry(t, bad), entry(t, approval), entry(t, good))
	wantStatus(t, "refused", res[0], wire.StatusRejected, domain.KeyUnknownActor)
	wantStatus(t, "same member, later", res[1], wire.StatusDeferred, "")
	wantStatus(t, "other member", res[2], wire.StatusApplied, "")
	if q := f.requestState(good.RequestID); q.State != "pending" {
		t.Fatal("the other member's request was not kept")
	}
}

func TestBatchOverLimitRefused(t *testing.T) {
	f := newFixture(t)
	entries := make([]wire.Entry, wire.MaxPushEntries+1)
	for i := range entries {
		entries[i] = entry(t, f.request(rabat, agent, memberA, 1))
	}
	_, err := f.app.Push(f.ctx, f.rabA, wire.PushRequest{Entries: entries})
	if fe, ok := domain.AsFieldError(err); !ok || fe.Field != "entries" {
		t.Fatalf("101 entries: %v", err)
	}
	var pending bool
	f.st.Read(f.ctx, func(r central.Reader) (err error) {
		pending, err = r.PendingRequestExists(f.ctx, memberA)
		return err
	})
	if pending {
		t.Fatal("a refused batch stored an entry")
	}
}

func TestActorComesFromCentreAccounts(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, actor string
		dev         wire.Device
		reason      string
	}{
		{"unknown account", "mallory", f.rabA, domain.KeyUnknownActor},
		{"account of another branch", casaAgent, f.rabA, domain.KeyWrongBranch},
	}
	for _, c := range cases {
		wantStatus(t, c.name, f.pushOne(c.dev, f.request(rabat, c.actor, memberA, 1)), wire.StatusRejected, c.reason)
	}
	if err := f.app.DisableUser(f.ctx, agent); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "disabled account", f.pushOne(f.rabA, f.request(rabat, agent, memberA, 1)),
		wire.StatusRejected, domain.KeyAccountDisabled)
}

// The role is the centre's: an agent's approval is refused whatever the
// console let through.
func TestAgentCannotApprove(t *testing.T) {
	f := newFixture(t)
	req := f.request(rabat, super, memberA, 1)
	f.pushOne(f.rabA, req)
	wantStatus(t, "agent approving", f.pushOne(f.rabB, decision(domain.EventAddressApproved, req, agent, f.clock)),
		wire.StatusRejected, domain.KeyForbidden)
}

func TestOtherBranchTokenCannotDecide(t *testing.T) {
	f := newFixture(t)
	req := f.request(rabat, agent, memberA, 1)
	f.pushOne(f.rabA, req)
	// Casablanca's supervisor, on Casablanca's device, deciding Rabat's
	// request.
	wantStatus(t, "other branch", f.pushOne(f.casA, decision(domain.EventAddressApproved, req, casaSuper, f.clock)),
		wire.StatusRejected, domain.KeyWrongBranch)
	// A Rabat supervisor's name on Casablanca's token does not help.
	wantStatus(t, "other branch", f.pushOne(f.casA, decision(domain.EventAddressApproved, req, super, f.clock)),
		wire.StatusRejected, domain.KeyWrongBranch)
	if q := f.requestState(req.RequestID); q.State != "pending" {
		t.Fatal("decided by another branch")
	}
}

func TestRequestChecks(t *testing.T) {
	f := newFixture(t)
	other := f.request(rabat, agent, memberA, 1)
	other.Reference = domain.RequestReference(casa, f.clock, 10001)
	if got := f.pushOne(f.rabA, other); got.Reason != domain.KeyWrongBranch || got.Field != "reference" {
		t.Fatalf("reference of another branch: %+v", got)
	}
	first := f.request(rabat, agent, memberA, 1)
	f.pushOne(f.rabA, first)
	taken := f.request(rabat, agent, memberB, 1)
	taken.Reference = first.Reference
	wantStatus(t, "reference used", f.pushOne(f.rabB, taken), wire.StatusRejected, domain.KeyReferenceTaken)

	bad := f.request(rabat, agent, memberB, 1)
	bad.Address.PostalCode = "1000"
	if got := f.pushOne(f.rabA, bad); got.Field != "postal_code" || got.Reason != domain.KeyPostalCodeFormat {
		t.Fatalf("bad postal code: %+v", got)
	}
	wrongCIN := f.request(rabat, agent, memberB, 1)
	wrongCIN.Evidence.CINReadOffCopy = "A123456"
	if got := f.pushOne(f.rabA, wrongCIN); got.Reason != domain.KeyCINMismatch {
		t.Fatalf("CIN copy of another person: %+v", got)
	}
	unknown := f.request(rabat, agent, "999999999", 1)
	wantStatus(t, "unknown member", f.pushOne(f.rabA, unknown), wire.StatusRejected, domain.KeyMemberNotFound)

	e := entry(t, f.request(rabat, agent, memberB, 1))
	e.Payload = []byte(`{"kind":"address.requested","surprise":1}`)
	if got := f.push(f.rabA, e)[0]; got.Reason != domain.KeyMalformedEntry || got.Field != "payload.surprise" {
		t.Fatalf("unknown payload field: %+v", got)
	}
	e = entry(t, f.request(rabat, agent, memberB, 1))
	e.Kind = "member.deleted"
	wantStatus(t, "unknown kind", f.push(f.rabA, e)[0], wire.StatusRejected, domain.KeyUnknownKind)
}

func TestEvidenceException(t *testing.T) {
	f := newFixture(t)
	noForm := func() domain.ChangeEvent {
		ev := f.request(rabat, agent, memberA, 1)
		ev.Evidence.SignedForm, ev.Evidence.FormNumber = false, ""
		return ev
	}
	wantStatus(t, "no exception", f.pushOne(f.rabA, noForm()), wire.StatusRejected, domain.KeyEvidenceMissing)
	self := noForm()
	self.Actor = super
	self.Exception = &domain.Exception{GrantedBy: super, Reason: "form lost at the post", Missing: []string{"signed_form"}}
	wantStatus(t, "granted by the actor", f.pushOne(f.rabA, self), wire.StatusRejected, domain.KeySecondPersonSame)
	byAgent := noForm()
	byAgent.Actor = super
	byAgent.Exception = &domain.Exception{GrantedBy: agent, Reason: "form lost at the post"}
	wantStatus(t, "granted by an agent", f.pushOne(f.rabA, byAgent), wire.StatusRejected, domain.KeyForbidden)
	ok := noForm()
	ok.Exception = &domain.Exception{GrantedBy: super, Reason: "form lost at the post"}
	wantStatus(t, "granted by a supervisor", f.pushOne(f.rabA, ok), wire.StatusApplied, "")
	q := f.requestState(ok.RequestID)
	if q.Exception == nil || q.Exception.GrantedBy != super || len(q.Exception.Missing) != 1 ||
		q.Exception.Missing[0] != domain.EvidenceSignedForm {
		t.Fatalf("exception as held: %+v", q.Exception)
	}
}

func TestPasswordChange(t *testing.T) {
	f := newFixture(t)
	hash, err := domain.HashPassword("a brand new password")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.ResetPassword(f.ctx, agent, "temporary-password"); err != nil {
		t.Fatal(err)
	}
	change := func(user, hash string) wire.Entry {
		payload, _ := json.Marshal(wire.PasswordChange{Username: user, PasswordHash: hash, At: f.clock})
		e := entry(t, domain.ChangeEvent{Kind: wire.KindPasswordChanged, At: f.clock})
		e.Payload = payload
		return e
	}
	// The refused change names the account as typed: the next one of the
	// same account still waits behind it.
	res := f.push(f.rabA, change(" Amina ", "$argon2id$v=19$m=1048576,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"),
		change(agent, hash), change(casaAgent, hash), change(super, hash), change("mallory", hash))
	if res[0].Status != wire.StatusRejected || res[0].Field != "password_hash" {
		t.Fatalf("unbounded hash: %+v", res[0])
	}
	wantStatus(t, "after a refused change of the same account", res[1], wire.StatusDeferred, "")
	wantStatus(t, "account of another branch", res[2], wire.StatusRejected, domain.KeyWrongBranch)
	wantStatus(t, "valid", res[3], wire.StatusApplied, "")
	wantStatus(t, "unknown account", res[4], wire.StatusRejected, domain.KeyUnknownActor)
	wantStatus(t, "retried alone", f.push(f.rabA, change(agent, hash))[0], wire.StatusApplied, "")
	acc := held(f, "account", func(r central.Reader) (central.AccountRecord, bool, error) { return r.Account(f.ctx, agent) })
	if acc.PasswordHash != hash || acc.MustChangePassword || !domain.VerifyPassword(acc.PasswordHash, "a brand new password") {
		t.Fatalf("account after the change: must change %v", acc.MustChangePassword)
	}
}

func TestRevokedDeviceRefused(t *testing.T) {
	f := newFixture(t)
	dev, err := f.app.DeviceByToken(f.ctx, f.tokens[f.rabA.ID])
	if err != nil || dev.ID != f.rabA.ID || dev.Branch != rabat || dev.Number != 1 {
		t.Fatalf("valid token: %+v, %v", dev, err)
	}
	if _, err := f.app.DeviceByToken(f.ctx, f.tokens[f.rabA.ID]+"x"); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
	if err := f.app.RevokeDevice(f.ctx, f.rabA.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.DeviceByToken(f.ctx, f.tokens[f.rabA.ID]); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("revoked token: %v", err)
	}
	if _, err := f.app.Push(f.ctx, f.rabA, wire.PushRequest{}); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("push with a revoked device: %v", err)
	}
	if err := f.app.RevokeDevice(f.ctx, "no-such-device"); !errors.Is(err, central.ErrNotFound) {
		t.Fatalf("revoking an unknown device: %v", err)
	}
	list, err := f.app.Devices(f.ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("devices: %v %v", list, err)
	}
	for _, d := range list {
		if (d.RevokedAt != nil) != (d.ID == f.rabA.ID) {
			t.Errorf("device %s revoked at %v", d.ID, d.RevokedAt)
		}
		if d.ID == f.rabA.ID && d.LastSeen == nil {
			t.Error("last seen not recorded")
		}
	}
}
