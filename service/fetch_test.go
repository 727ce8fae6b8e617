package service

import (
	"errors"
	"testing"

	"github.com/cnops/guichet/domain"
)

// A standalone console has no centre to fetch from; the query must be an
// identifier the centre can look up, and only those who may view members
// may ask. (sync/client's tests fetch from a real centre.)
func TestFetchFromCentreRefusals(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	before := len(f.auditActions(t))
	if _, err := f.svc.FetchFromCentre(f.ctx, agent, "123456789"); !errors.Is(err, domain.ErrNotProvisioned) {
		t.Errorf("standalone console: %v", err)
	}
	if _, err := f.svc.FetchFromCentre(f.ctx, agent, " ab 123456 "); !errors.Is(err, domain.ErrNotProvisioned) {
		t.Errorf("a CIN is a fetchable identifier: %v", err)
	}
	for _, q := range []string{"Alaoui", "1234", "+212612345678", ""} {
		_, err := f.svc.FetchFromCentre(f.ctx, agent, q)
		if fe, ok := domain.AsFieldError(err); !ok || fe.Field != "query" {
			t.Errorf("query %q: %v, want a field error on the query", q, err)
		}
	}
	if _, err := f.svc.FetchFromCentre(f.ctx, f.admin, "123456789"); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("an admin never views member files: %v", err)
	}
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("refused fetches must not be audited as fetches: %d entries added", after-before)
	}
}
