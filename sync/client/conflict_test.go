package client_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// Accounts of a second branch, added at the centre for its console.
const (
	otherAgent   = "karim"
	otherSuper   = "nadia"
	otherAgentPW = "karim-password-1"
	otherSuperPW = "nadia-password-1"
)

// otherBranch returns a branch other than home that has members of the
// demo population, and gives it an agent and a supervisor at the centre.
func (w *world) otherBranch(members int) string {
	w.t.Helper()
	branch := othersMembers(w.t, members, w.home)[0].HomeBranch
	for _, u := range []central.NewUser{
		{Username: otherAgent, DisplayName: "Karim Alaoui", Role: domain.RoleAgent, Branch: branch, Password: otherAgentPW},
		{Username: otherSuper, DisplayName: "Nadia Berrada", Role: domain.RoleSupervisor, Branch: branch, Password: otherSuperPW},
	} {
		if err := w.app.AddUser(w.ctx, u); err != nil {
			w.t.Fatal(err)
		}
	}
	return branch
}

// centreMember is the centre's record of a member.
func (w *world) centreMember(regno string) wire.Member {
	w.t.Helper()
	var m wire.Member
	err := w.st.Read(w.ctx, func(r central.Reader) error {
		var ok bool
		var err error
		if m, ok, err = r.Member(w.ctx, regno); err == nil && !ok {
			err = errors.New("no such member at the centre")
		}
		return err
	})
	if err != nil {
		w.t.Fatalf("member %s: %v", regno, err)
	}
	return m
}

// centreRequest is the centre's record of a request, ok=false when the
// centre never had it.
func (w *world) centreRequest(id string) (wire.Request, bool) {
	w.t.Helper()
	var q wire.Request
	var ok bool
	err := w.st.Read(w.ctx, func(r central.Reader) (err error) {
		q, ok, err = r.Request(w.ctx, id)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return q, ok
}

// answer is the centre's last answer to an outbox entry, as kept there.
func (c *console) answer(seq int64) (string, wire.Result) {
	c.t.Helper()
	var id, raw string
	if err := c.query(`SELECT id, coalesce(answer, '') FROM outbox WHERE seq = ?`, seq).Scan(&id, &raw); err != nil {
		c.t.Fatal(err)
	}
	var res wire.Result
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &res); err != nil {
			c.t.Fatalf("entry %d's answer %q: %v", seq, raw, err)
		}
	}
	return id, res
}

// Two branches change the same member: the home branch's console A and
// console C of another branch, which fetched the member on demand and
// worked offline. C's approval comes back as a conflict with the centre's
// record and nothing is overwritten; C's other members still flow; a
// supervisor at C resolves it, the old request ends rejected at the centre,
// and the change, recorded again on the centre's version, goes through.
func TestSecondBranchGetsAConflictNotAnOverwrite(t *testing.T) {
	w := newWorld(t, 40)
	y := w.otherBranch(40)
	a, c := w.console("counter A"), w.branchConsole("counter C", y)
	agentC, superC := c.signIn(otherAgent, otherAgentPW), c.signIn(otherSuper, otherSuperPW)
	m := a.homeMember(0)
	own := c.homeMember(0) // a member of C's branch, for an entry that must still flow
	if own.Member.HomeBranch != y || own.Member.RegNo == m.Member.RegNo {
		t.Fatalf("C's first member is %s of %s", own.Member.RegNo, own.Member.HomeBranch)
	}
	id, err := c.svc.FetchFromCentre(w.ctx, agentC, m.Member.RegNo)
	if err != nil {
		t.Fatal(err)
	}
	visitor, err := c.db.MemberFile(w.ctx, id)
	if err != nil || visitor.Member.Version != m.Member.Version {
		t.Fatalf("fetched member: %+v %v", visitor.Member, err)
	}
	base := m.Member.Version

	// C, offline: a change for the visitor approved by a second person
	// there, then a change for one of its own members.
	c.link.set(func(f *faultyLink) { f.down = true })
	reqC := c.request(agentC, visitor, "12 Rue Ibn Batouta")
	if _, err := c.svc.ApproveAddressChange(w.ctx, superC, reqC.Ref); err != nil {
		t.Fatal(err)
	}
	ownReq := c.request(agentC, own, "4 Avenue Hassan II")
	if _, err := c.engine.Pass(w.ctx); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("a pass with the link cut: %v", err)
	}

	// Meanwhile A changes the same member and syncs first.
	agentA, superA := a.signIn("agent", agentPW), a.signIn("supervisor", superPW)
	reqA := a.request(agentA, m, "7 Rue Oued Fès")
	if _, err := a.svc.ApproveAddressChange(w.ctx, superA, reqA.Ref); err != nil {
		t.Fatal(err)
	}
	if rep := a.pass(); rep.Applied != 2 {
		t.Fatalf("A's push: %+v", rep)
	}
	if cm := w.centreMember(m.Member.RegNo); cm.Version != base+1 || cm.Address.Line1 != "7 Rue Oued Fès" {
		t.Fatalf("the centre after A: v%d %+v", cm.Version, cm.Address)
	}

	// C comes back: its request is recorded, its approval is a conflict.
	c.link.set(func(f *faultyLink) { f.down = false })
	rep := c.pass()
	if rep.Pushed != 3 || rep.Applied != 2 || rep.SetAside != 1 || rep.Deferred != 0 || rep.SetAsideTotal != 1 || rep.Pending != 0 {
		t.Fatalf("C's push: %+v", rep)
	}
	for seq, want := range map[int64]string{1: store.EntryDelivered, 2: store.EntrySetAside, 3: store.EntryDelivered} {
		if state, _ := c.entryState(seq); state != want {
			t.Errorf("C's entry %d is %s, want %s", seq, state, want)
		}
	}
	approvalID, res := c.answer(2)
	if res.Status != wire.StatusConflict || res.Reason != domain.KeyVersionConflict || res.Current == nil ||
		res.Current.Version != base+1 || res.Current.Address == nil || res.Current.Address.Line1 != "7 Rue Oued Fès" {
		t.Fatalf("C's approval answered %+v (current %+v)", res, res.Current)
	}
	cm := w.centreMember(m.Member.RegNo)
	if cm.Version != base+1 || cm.Address.Line1 != "7 Rue Oued Fès" {
		t.Fatalf("C overwrote the centre's record: v%d %+v", cm.Version, cm.Address)
	}
	if q, ok := w.centreRequest(reqC.ID); !ok || q.State != string(domain.RequestPending) || q.Branch != y {
		t.Fatalf("C's request at the centre: %+v %v", q, ok)
	}
	if st := c.engine.Status(); st.SetAside != 1 || st.Pending != 0 || !st.Online {
		t.Errorf("C's status: %+v", st)
	}
	if q, ok := w.centreRequest(ownReq.ID); !ok || q.RegNo != own.Member.RegNo || q.State != string(domain.RequestPending) {
		t.Errorf("the request for C's own member at the centre: %+v %v", q, ok)
	}
	list, err := c.svc.SyncEntries(w.ctx, superC)
	if err != nil || len(list) != 1 || list[0].ID != approvalID || !list[0].Resolvable() || list[0].Conflict == nil {
		t.Fatalf("C's Sync screen: %+v %v", list, err)
	}
	if cf := list[0].Conflict; cf.Centre.Version != base+1 || cf.Centre.Address.Line1 != "7 Rue Oued Fès" ||
		cf.Local.Address.Line1 != "12 Rue Ibn Batouta" {
		t.Errorf("the conflict shows %+v here and %+v at the centre", cf.Local, cf.Centre)
	}

	// A supervisor at C resolves it: C takes the centre's record and the
	// old request is rejected, here and at the centre.
	res2, err := c.svc.ResolveConflict(w.ctx, superC, approvalID, "the home branch changed the address first")
	if err != nil {
		t.Fatal(err)
	}
	if res2.Rejected != reqC.Ref || res2.Address.Line1 != "12 Rue Ibn Batouta" || res2.MemberID != id {
		t.Fatalf("resolution: %+v", res2)
	}
	if rep := c.pass(); rep.Applied != 1 || rep.SetAside != 0 || rep.SetAsideTotal != 0 || rep.Pending != 0 {
		t.Fatalf("C's pass after the resolution: %+v", rep)
	}
	f, err := c.db.MemberFile(w.ctx, id)
	if err != nil || f.Member.Version != base+1 || f.Addresses[0].Line1 != "7 Rue Oued Fès" || !f.Addresses[0].Verified {
		t.Fatalf("C's member after the resolution: v%d %+v %v", f.Member.Version, f.Addresses, err)
	}
	if q, _ := w.centreRequest(reqC.ID); q.State != string(domain.RequestRejected) ||
		q.DecisionNote != service.ReasonVersionConflict || q.DecidedBy != otherSuper {
		t.Fatalf("C's old request at the centre: %+v", q)
	}

	// Recorded again on the centre's version, approved by someone else at C.
	again := c.request(agentC, f, res2.Address.Line1)
	if again.BaseVersion != base+1 {
		t.Fatalf("the new request is on v%d, want v%d", again.BaseVersion, base+1)
	}
	if _, err := c.svc.ApproveAddressChange(w.ctx, superC, again.Ref); err != nil {
		t.Fatal(err)
	}
	if rep := c.pass(); rep.Applied != 2 || rep.SetAsideTotal != 0 {
		t.Fatalf("C's new change: %+v", rep)
	}
	if cm := w.centreMember(m.Member.RegNo); cm.Version != base+2 || cm.Address.Line1 != "12 Rue Ibn Batouta" {
		t.Fatalf("the centre after C's new change: v%d %+v", cm.Version, cm.Address)
	}
	if q, _ := w.centreRequest(again.ID); q.State != string(domain.RequestApproved) || q.DecidedBy != otherSuper {
		t.Fatalf("C's new request at the centre: %+v", q)
	}
	a.pass()
	if f := a.homeMember(0); f.Member.Version != base+2 || f.Addresses[0].Line1 != "12 Rue Ibn Batouta" {
		t.Errorf("A after C's change: v%d %+v", f.Member.Version, f.Addresses[0])
	}
}
