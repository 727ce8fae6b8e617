package service

import (
	"testing"

	"github.com/cnops/guichet/domain"
)

// The approval queue of a branch lists the requests recorded there, not
// those another branch recorded for one of its members.
func TestRequestsFilterByRecordingBranch(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange()); err != nil {
		t.Fatal(err)
	}
	f.exec(t, `INSERT INTO branches (code, name, city, region) VALUES ('CAS01', 'Casablanca Anfa', 'Casablanca', 'Casablanca-Settat')`)
	f.exec(t, `INSERT INTO members (id, regno, society_code, home_branch, cin, family_name, given_name, birth_date, sex, category)
		VALUES (2, '223456789', 'MGPAP', 'RAB01', 'AB223456', 'Idrissi', 'Amina', '1970-01-01', 'F', 'active')`)
	f.exec(t, `INSERT INTO address_requests (id, ref, member_id, branch, base_version, requested_by, requested_at,
		line1, city, postal_code, evidence) VALUES ('0190-cas', 'CAS01-20260615-10001', 2, 'CAS01', 1, 'karim',
		'2026-06-15T08:00:00.000000000Z', '1 Rue X', 'Casablanca', '20000', '{}')`)
	super := f.signIn(t, "super", supervisorPW)
	all, err := f.svc.AddressRequests(f.ctx, super, RequestFilter{State: domain.RequestPending})
	if err != nil || len(all) != 2 {
		t.Fatalf("every pending request: %d %v", len(all), err)
	}
	mine, err := f.svc.AddressRequests(f.ctx, super, RequestFilter{State: domain.RequestPending, Branch: super.Branch})
	if err != nil || len(mine) != 1 || mine[0].Branch != "RAB01" {
		t.Fatalf("the branch's queue: %+v %v", mine, err)
	}
}
