package service

import (
	"errors"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

func TestBranchesComeFromTheCentreOnceProvisioned(t *testing.T) {
	f := newFixture(t)
	casa := store.Branch{Code: "CAS01", Name: "Casablanca Maarif", City: "Casablanca", Region: "Casablanca-Settat"}
	f.markProvisioned(t)
	before := len(f.auditActions(t))
	if err := f.svc.AddBranch(f.ctx, f.admin, casa); !errors.Is(err, domain.ErrBranchesFromCentre) {
		t.Errorf("a branch added on a provisioned console: %v", err)
	}
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("the refusal wrote %d audit entries", after-before)
	}
	if all, err := f.svc.Branches(f.ctx, f.signIn(t, "agent", agentPW)); err != nil || len(all) != 1 || all[0].Code != "RAB01" {
		t.Errorf("branches after the refusal: %+v %v", all, err)
	}
}

func TestListingBranchesWaitsForAResetPassword(t *testing.T) {
	f := newFixture(t)
	must(t, f.svc.ResetPassword(f.ctx, f.admin, "agent", "a-reset-password-1"))
	agent := f.signIn(t, "agent", "a-reset-password-1")
	if _, err := f.svc.Branches(f.ctx, agent); !errors.Is(err, domain.ErrPasswordChange) {
		t.Errorf("listing before the password change: %v", err)
	}
	agent, err := f.svc.ChangePassword(f.ctx, agent, "a-reset-password-1", "a-chosen-password-1")
	must(t, err)
	if all, err := f.svc.Branches(f.ctx, agent); err != nil || len(all) != 1 {
		t.Errorf("listing after the password change: %+v %v", all, err)
	}
}
