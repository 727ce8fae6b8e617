package service

import (
	"testing"

	"github.com/cnops/guichet/store"
)

func TestVerifyAuditNamesTheTamperedRow(t *testing.T) {
	f := newFixture(t)
	super := f.signIn(t, "super", supervisorPW)
	agent := f.signIn(t, "agent", agentPW)
	f.svc.MemberFile(f.ctx, agent, 1)
	rep, err := f.svc.VerifyAudit(f.ctx, super)
	if err != nil || rep.Break != nil || rep.Entries < 8 {
		t.Fatalf("intact chain: %+v %v", rep, err)
	}
	// Someone with SQL access hides who viewed the member.
	var seq int64
	f.raw.QueryRow(`SELECT seq FROM audit WHERE action = 'member.view'`).Scan(&seq)
	f.exec(t, `UPDATE audit SET actor = 'nobody' WHERE seq = ?`, seq)
	rep, err = f.svc.VerifyAudit(f.ctx, super)
	if err != nil || rep.Break == nil || rep.Break.Seq != seq || rep.Break.Reason != "hash" {
		t.Fatalf("tampered row %d not named: %+v %v", seq, rep.Break, err)
	}
	if rep.Entries != int(seq-1) {
		t.Errorf("%d entries verified before the break, want %d", rep.Entries, seq-1)
	}
	// Deleting a row is caught as a gap.
	f.exec(t, `DELETE FROM audit WHERE seq = 2`)
	rep, _ = f.svc.VerifyAudit(f.ctx, super)
	if rep.Break == nil || rep.Break.Seq != 3 || rep.Break.Reason != "sequence" {
		t.Errorf("deleted row: %+v", rep.Break)
	}
}

func TestAccountsAndBranchesValidateInput(t *testing.T) {
	f := newFixture(t)
	bad := []NewUser{
		{Username: "ok.user", DisplayName: "X", Role: "agent", Branch: "NOPE1", Password: "long-enough-1"},
		{Username: "ok.user", DisplayName: "X", Role: "boss", Branch: "RAB01", Password: "long-enough-1"},
		{Username: "1bad", DisplayName: "X", Role: "agent", Branch: "RAB01", Password: "long-enough-1"},
		{Username: "ok.user", DisplayName: "X\x07", Role: "agent", Branch: "RAB01", Password: "long-enough-1"},
		{Username: "ok.user", DisplayName: "X", Role: "agent", Branch: "RAB01", Password: "short"},
		{Username: "agent", DisplayName: "X", Role: "agent", Branch: "RAB01", Password: "long-enough-1"},
	}
	before := len(f.auditActions(t))
	for _, u := range bad {
		if err := f.svc.AddUser(f.ctx, f.admin, u); err == nil {
			t.Errorf("AddUser(%+v) accepted", u)
		}
	}
	if len(f.auditActions(t)) != before {
		t.Error("refused accounts left audit entries")
	}
	users, _ := f.svc.ListUsers(f.ctx, f.admin)
	if len(users) != 4 {
		t.Errorf("%d accounts, want 4", len(users))
	}
	if err := f.svc.AddBranch(f.ctx, f.admin, store.Branch{Code: "RAB01", Name: "Dup", City: "Rabat", Region: "R"}); err == nil {
		t.Error("duplicate branch accepted")
	}
	if err := Initialise(f.ctx, f.db, NewUser{Username: "admin2", DisplayName: "A", Password: "long-enough-1"}, f.now); err == nil {
		t.Error("init on a database with accounts accepted")
	}
}
