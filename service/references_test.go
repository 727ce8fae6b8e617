package service

import (
	"testing"

	"github.com/cnops/guichet/store"
)

// Two consoles of one branch never issue the same reference: each numbers
// from its own block, and requests of the other console (pulled from the
// centre) do not move the count.
func TestReferencesComeFromTheDeviceBlock(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	f.exec(t, `INSERT INTO meta (key, value) VALUES (?, '2')`, store.MetaDeviceNumber)
	f.exec(t, `INSERT INTO members (id, regno, society_code, home_branch, cin, family_name, given_name, birth_date, sex, category)
		VALUES (2, '223456789', 'MGPAP', 'RAB01', 'AB223456', 'Idrissi', 'Amina', '1970-01-01', 'F', 'active')`)
	// A request of console 1, as the feed brings it.
	f.exec(t, `INSERT INTO address_requests (id, ref, member_id, branch, base_version, requested_by, requested_at,
		line1, city, postal_code, evidence) VALUES ('0190-other', 'RAB01-20260615-10007', 2, 'RAB01', 1, 'super',
		'2026-06-15T08:00:00.000000000Z', '1 Rue X', 'Rabat', '10000', '{}')`)
	first, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil {
		t.Fatal(err)
	}
	if first.Ref != "RAB01-20260615-20001" {
		t.Errorf("first reference of device 2: %s", first.Ref)
	}
	if _, err := f.svc.CancelAddressChange(f.ctx, agent, first.Ref); err != nil {
		t.Fatal(err)
	}
	second, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil || second.Ref != "RAB01-20260615-20002" {
		t.Errorf("second reference of device 2: %s %v", second.Ref, err)
	}
}
