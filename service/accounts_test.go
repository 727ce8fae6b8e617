package service

import (
	"errors"
	"slices"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// markProvisioned marks the database as provisioned from a centre, as
// `guichet provision` does: the centre then owns the accounts.
func (f *fixture) markProvisioned(t *testing.T) {
	t.Helper()
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) error {
		return tx.SetMeta(f.ctx, store.MetaCentralURL, "https://centre.example.ma")
	}))
}

func TestDisableUser(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)

	for _, c := range []struct {
		name string
		sess Session
		user string
		want error
	}{
		{"agent", agent, "super", domain.ErrForbidden},
		{"supervisor", super, "agent", domain.ErrForbidden},
		{"unknown account", f.admin, "nobody", domain.ErrUserNotFound},
		{"own account (the only admin)", f.admin, "Admin", domain.ErrDisableSelf},
	} {
		if err := f.svc.DisableUser(f.ctx, c.sess, c.user); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if err := f.svc.DisableUser(f.ctx, f.admin, "no body"); !isFieldError(err, "username") {
		t.Errorf("malformed username: %v", err)
	}
	if acts := f.auditActions(t); slices.Contains(acts, domain.AuditUserDisabled) {
		t.Fatalf("a refusal was audited as a disable: %v", acts)
	}

	must(t, f.svc.DisableUser(f.ctx, f.admin, "agent"))
	if e := f.lastAudit(t); e.Action != domain.AuditUserDisabled || e.Actor != "admin" || e.Subject != "agent" {
		t.Errorf("disable audited as %+v", e)
	}
	if _, err := f.svc.SignIn(f.ctx, "agent", agentPW); !errors.Is(err, domain.ErrAccountDisabled) {
		t.Errorf("a disabled account signed in: %v", err)
	}
	// The session it had stops at its next write.
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange()); !errors.Is(err, domain.ErrAccountDisabled) {
		t.Errorf("a disabled account's session recorded a change: %v", err)
	}
	// Disabling it again changes nothing and audits nothing more.
	before := len(f.auditActions(t))
	must(t, f.svc.DisableUser(f.ctx, f.admin, "agent"))
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("a second disable added %d audit entries", after-before)
	}

	// With a second admin, an admin still cannot disable themselves.
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "admin2", DisplayName: "Admin Two", Role: "admin", Password: adminPW}))
	if err := f.svc.DisableUser(f.ctx, f.admin, "admin"); !errors.Is(err, domain.ErrDisableSelf) {
		t.Errorf("an admin disabled their own account: %v", err)
	}
	admin2 := f.signIn(t, "admin2", adminPW)
	must(t, f.svc.DisableUser(f.ctx, admin2, "admin"))
	if _, err := f.svc.ListUsers(f.ctx, f.admin); err != nil {
		t.Fatal(err) // reads go on until the next sign-in...
	}
	if err := f.svc.DisableUser(f.ctx, f.admin, "admin2"); !errors.Is(err, domain.ErrAccountDisabled) {
		t.Errorf("a disabled admin's session disabled the last admin: %v", err) // ...writes do not
	}
}

func TestLockoutThenUnlock(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 5; i++ {
		f.svc.SignIn(f.ctx, "agent", "bad-password")
	}
	if _, err := f.svc.SignIn(f.ctx, "agent", agentPW); !errors.Is(err, domain.ErrAccountLocked) {
		t.Fatalf("not locked: %v", err)
	}
	super := f.signIn(t, "super", supervisorPW)
	if err := f.svc.UnlockUser(f.ctx, super, "nobody"); !errors.Is(err, domain.ErrUserNotFound) {
		t.Errorf("unknown account: %v", err)
	}
	f.markProvisioned(t) // lockout is per device: unlocking works on a provisioned console too
	must(t, f.svc.UnlockUser(f.ctx, super, "agent"))
	if e := f.lastAudit(t); e.Action != domain.AuditUserUnlocked || e.Actor != "super" || e.Subject != "agent" ||
		e.Detail != `{"failures":0,"was_locked":true}` {
		t.Errorf("unlock audited as %+v", e)
	}
	agent := f.signIn(t, "agent", agentPW)
	if err := f.svc.UnlockUser(f.ctx, agent, "super2"); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("an agent unlocked an account: %v", err)
	}
	// The counters restart from zero: four failures do not lock again.
	for i := 0; i < 3; i++ {
		f.svc.SignIn(f.ctx, "super2", "bad-password")
	}
	must(t, f.svc.UnlockUser(f.ctx, f.admin, "super2"))
	if e := f.lastAudit(t); e.Detail != `{"failures":3,"was_locked":false}` {
		t.Errorf("unlock of an unlocked account audited as %+v", e)
	}
	for i := 0; i < 4; i++ {
		f.svc.SignIn(f.ctx, "super2", "bad-password")
	}
	f.signIn(t, "super2", supervisorPW)
}

func TestProvisionedConsoleLeavesAccountsToTheCentre(t *testing.T) {
	f := newFixture(t)
	must(t, f.svc.MayManageUsers(f.ctx, f.admin))
	agent := f.signIn(t, "agent", agentPW)
	if err := f.svc.MayManageUsers(f.ctx, agent); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("agent: %v", err)
	}
	f.markProvisioned(t)
	before := len(f.auditActions(t))
	for name, err := range map[string]error{
		"may manage": f.svc.MayManageUsers(f.ctx, f.admin),
		"add": f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "new1", DisplayName: "New", Role: "agent",
			Branch: "RAB01", Password: "long-enough-1"}),
		"disable": f.svc.DisableUser(f.ctx, f.admin, "agent"),
		"reset":   f.svc.ResetPassword(f.ctx, f.admin, "agent", "brand-new-pass-1"),
	} {
		if !errors.Is(err, domain.ErrManagedByCentre) {
			t.Errorf("%s on a provisioned console: %v", name, err)
		}
	}
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("refusals wrote %d audit entries", after-before)
	}
	f.signIn(t, "agent", agentPW) // neither disabled nor reset
	if users, err := f.svc.ListUsers(f.ctx, f.admin); err != nil || len(users) != 4 {
		t.Errorf("listing on a provisioned console: %d %v", len(users), err)
	}
}

func isFieldError(err error, field string) bool {
	fe, ok := domain.AsFieldError(err)
	return ok && fe.Field == field
}
