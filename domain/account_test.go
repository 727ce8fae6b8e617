package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPasswordHashIsArgon2idAndVerifies(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; h[:len(want)] != want {
		t.Errorf("hash %q does not record OWASP parameters", h)
	}
	if !VerifyPassword(h, "correct horse battery") || VerifyPassword(h, "correct horse batterY") {
		t.Error("verification wrong")
	}
	if h2, _ := HashPassword("correct horse battery"); h2 == h {
		t.Error("salt not random")
	}
	if VerifyPassword("$argon2id$garbage", "x") || VerifyPassword("", "") {
		t.Error("malformed hash verified")
	}
	for _, params := range []string{"m=19456,t=2,p=0", "m=19456,t=0,p=1", "m=99999999,t=2,p=1", "m=1,t=2,p=1"} {
		bad := strings.Replace(h, "m=19456,t=2,p=1", params, 1)
		if VerifyPassword(bad, "correct horse battery") {
			t.Errorf("hash with %s verified", params)
		}
	}
}

func TestPasswordPolicyAndUsername(t *testing.T) {
	if err := CheckNewPassword("short"); err == nil {
		t.Error("short password accepted")
	}
	if u, err := ParseUsername("  K.Tazi "); err != nil || u != "k.tazi" {
		t.Errorf("ParseUsername = %q, %v", u, err)
	}
	for _, bad := range []string{"", "1abc", "a b", "x", "agent\x1b"} {
		if _, err := ParseUsername(bad); err == nil {
			t.Errorf("ParseUsername(%q) accepted", bad)
		}
	}
}

func TestLockoutAfterMaxFailures(t *testing.T) {
	p := LockoutPolicy{MaxFailures: 3, Duration: 15 * time.Minute}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var s LockState
	for i := 0; i < 2; i++ {
		s = p.AfterFailure(s, now)
		if s.Locked(now) {
			t.Fatalf("locked after %d failures", i+1)
		}
	}
	s = p.AfterFailure(s, now)
	if !s.Locked(now) || !s.Locked(now.Add(14*time.Minute)) || s.Locked(now.Add(15*time.Minute)) {
		t.Errorf("third failure must lock for exactly 15 minutes: %+v", s)
	}
}

func TestAuthorizeSeparatesDuties(t *testing.T) {
	if !errors.Is(Authorize(RoleAdmin, ActionViewMember), ErrForbidden) {
		t.Error("an admin must never view member files")
	}
	if Authorize(RoleAgent, ActionViewMember) != nil || Authorize(RoleSupervisor, ActionViewMember) != nil {
		t.Error("agents and supervisors view member files")
	}
	if Authorize(RoleAgent, ActionManageUsers) == nil || Authorize(RoleAgent, ActionVerifyAudit) == nil {
		t.Error("agents manage no accounts and verify no audit")
	}
	if Authorize(RoleSupervisor, ActionVerifyAudit) != nil || Authorize(RoleAdmin, ActionVerifyAudit) != nil {
		t.Error("supervisors and admins verify the audit chain")
	}
	if Authorize(Role("root"), ActionSearch) == nil {
		t.Error("an unknown role may do nothing")
	}
}
