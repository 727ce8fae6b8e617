package service

import (
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

func TestSignInAuditsSuccessAndFailure(t *testing.T) {
	f := newFixture(t)
	s := f.signIn(t, "Agent", agentPW) // usernames are case-insensitive
	if s.Role != domain.RoleAgent || s.Branch != "RAB01" {
		t.Errorf("session %+v", s)
	}
	if e := f.lastAudit(t); e.Action != domain.AuditSignIn || e.Actor != "agent" {
		t.Errorf("success not audited: %+v", e)
	}
	if _, err := f.svc.SignIn(f.ctx, "agent", "wrong-password"); !errors.Is(err, domain.ErrBadCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	if e := f.lastAudit(t); e.Action != domain.AuditSignInFailed || e.Detail != `{"reason":"password"}` {
		t.Errorf("failure not audited: %+v", e)
	}
	if _, err := f.svc.SignIn(f.ctx, "nobody\x1b[2J", "x"); !errors.Is(err, domain.ErrBadCredentials) {
		t.Errorf("unknown user: %v", err)
	}
	if e := f.lastAudit(t); e.Action != domain.AuditSignInFailed || e.Actor != "nobody[2J" {
		t.Errorf("unknown user's attempt not audited with a sanitised name: %+v", e)
	}
}

func TestLockoutAfterFiveFailuresThenExpiry(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 4; i++ {
		if _, err := f.svc.SignIn(f.ctx, "agent", "bad-password"); !errors.Is(err, domain.ErrBadCredentials) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, err := f.svc.SignIn(f.ctx, "agent", "bad-password"); !errors.Is(err, domain.ErrAccountLocked) {
		t.Fatalf("fifth failure must lock: %v", err)
	}
	if _, err := f.svc.SignIn(f.ctx, "agent", agentPW); !errors.Is(err, domain.ErrAccountLocked) {
		t.Fatalf("the right password must be refused while locked: %v", err)
	}
	if e := f.lastAudit(t); e.Detail != `{"reason":"locked"}` {
		t.Errorf("refusal while locked not audited: %+v", e)
	}
	users, _ := f.svc.ListUsers(f.ctx, f.admin)
	for _, u := range users {
		if u.Username == "agent" && !u.Locked {
			t.Error("the account list must show the lock")
		}
	}
	f.now = f.now.Add(15*time.Minute + time.Second)
	f.signIn(t, "agent", agentPW)
	// A success resets the count: four more failures do not lock.
	for i := 0; i < 4; i++ {
		f.svc.SignIn(f.ctx, "agent", "bad-password")
	}
	f.signIn(t, "agent", agentPW)
}

func TestRoleChecksInTheServiceLayer(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)

	if _, err := f.svc.MemberFile(f.ctx, f.admin, 1); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("admin opened a member file: %v", err)
	}
	if _, err := f.svc.Lookup(f.ctx, f.admin, "123456789"); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("admin looked a member up: %v", err)
	}
	if err := f.svc.AddUser(f.ctx, agent, NewUser{Username: "x1", DisplayName: "X", Role: "agent", Branch: "RAB01", Password: "long-enough-1"}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("agent added an account: %v", err)
	}
	if _, err := f.svc.ListUsers(f.ctx, super); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("supervisor listed accounts: %v", err)
	}
	if _, err := f.svc.VerifyAudit(f.ctx, agent); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("agent verified the audit chain: %v", err)
	}
	if _, err := f.svc.VerifyAudit(f.ctx, super); err != nil {
		t.Errorf("supervisor may verify: %v", err)
	}
	if _, err := f.svc.MemberFile(f.ctx, super, 1); err != nil {
		t.Errorf("supervisor may view: %v", err)
	}
}
