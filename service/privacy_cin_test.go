package service

import (
	"errors"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
)

const fullCIN, maskedCIN = "AB123456", "AB•••456"

// The CIN comes whole out of the member file, for agents and supervisors,
// and masked out of every other operation: lookups, searches, requests
// (recorded, decided, listed, shown, exported) and the form's check.
func TestCINIsMaskedOutsideTheMemberFile(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	if domain.MaskCIN(fullCIN) != maskedCIN {
		t.Fatalf("MaskCIN(%s) = %s", fullCIN, domain.MaskCIN(fullCIN))
	}
	for _, sess := range []Session{agent, super} {
		file, err := f.svc.MemberFile(f.ctx, sess, 1)
		if err != nil || file.Member.CIN != fullCIN {
			t.Errorf("%s's member file: CIN %q %v", sess.Role, file.Member.CIN, err)
		}
	}
	if _, err := f.svc.MemberFile(f.ctx, f.admin, 1); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("an admin opened a member file: %v", err)
	}
	look, err := f.svc.Lookup(f.ctx, agent, fullCIN)
	must(t, err)
	found, err := f.svc.Search(f.ctx, agent, fullCIN, 0)
	must(t, err)
	if len(look.Matches) != 1 || look.Matches[0].Member.MaskedCIN != maskedCIN ||
		len(found.Hits) != 1 || found.Hits[0].Member.MaskedCIN != maskedCIN {
		t.Errorf("lookup %+v, search %+v", look.Matches, found.Hits)
	}

	checked, missing, err := f.svc.CheckEvidence(f.ctx, agent, 1, goodChange().Evidence)
	if err != nil || len(missing) != 0 || checked.CINReadOffCopy != maskedCIN {
		t.Errorf("the form's check: %+v %v %v", checked, missing, err)
	}
	wrong := goodChange().Evidence
	wrong.CINReadOffCopy = "ZZ999999"
	if _, _, err := f.svc.CheckEvidence(f.ctx, agent, 1, wrong); !fieldIs(err, "cin_copy", domain.KeyCINMismatch) {
		t.Errorf("another person's CIN: %v", err)
	}
	if _, _, err := f.svc.CheckEvidence(f.ctx, f.admin, 1, goodChange().Evidence); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("an admin checked evidence: %v", err)
	}

	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	reqs := []AddressRequest{req}
	list, err := f.svc.AddressRequests(f.ctx, super, RequestFilter{State: domain.RequestPending})
	must(t, err)
	reqs = append(reqs, list...)
	detail, err := f.svc.AddressRequest(f.ctx, super, req.Ref)
	must(t, err)
	reqs = append(reqs, detail.Request)
	decided, err := f.svc.ApproveAddressChange(f.ctx, super, req.Ref)
	must(t, err)
	reqs = append(reqs, decided)
	export, err := f.svc.DecidedRequests(f.ctx, super, f.now.AddDate(0, 0, -1), f.now.AddDate(0, 0, 1))
	must(t, err)
	if len(export) != 1 {
		t.Fatalf("export: %+v", export)
	}
	reqs = append(reqs, export...)
	for i, r := range reqs {
		if r.Evidence.CINReadOffCopy != maskedCIN || strings.Contains(r.Evidence.CINReadOffCopy, "123") {
			t.Errorf("request %d shows the CIN %q", i, r.Evidence.CINReadOffCopy)
		}
	}
	for _, e := range detail.History { // the audit entries shown with a request name no CIN either
		if strings.Contains(e.Detail, fullCIN) {
			t.Errorf("history entry %s carries the CIN: %s", e.Action, e.Detail)
		}
	}
}
