package central_test

import (
	"errors"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

func TestLookupMemberIsAudited(t *testing.T) {
	f := newFixture(t)
	m, err := f.app.LookupMember(f.ctx, f.casA, casaAgent, memberA, "")
	if err != nil || m.RegNo != memberA || m.HomeBranch != rabat || m.Address == nil {
		t.Fatalf("by registration number: %+v %v", m, err)
	}
	m, err = f.app.LookupMember(f.ctx, f.casA, casaSuper, "", " be 789012 ")
	if err != nil || m.RegNo != memberB {
		t.Fatalf("by CIN: %+v %v", m, err)
	}
	if _, err := f.app.LookupMember(f.ctx, f.casA, casaAgent, "", "Z999"); !errors.Is(err, central.ErrNotFound) {
		t.Fatalf("unknown CIN: %v", err)
	}
	for _, c := range []struct{ regno, cin, field string }{
		{memberA, "A123456", "cin"}, {"", "", "registration_number"}, {"12ab", "", "registration_number"}, {"", "123", "cin"},
	} {
		if _, err := f.app.LookupMember(f.ctx, f.casA, casaAgent, c.regno, c.cin); !isField(err, c.field) {
			t.Errorf("lookup %q %q: %v, want a field error on %s", c.regno, c.cin, err, c.field)
		}
	}
	for _, c := range []struct{ actor, key string }{
		{"mallory", domain.KeyUnknownActor}, {agent, domain.KeyWrongBranch},
	} {
		_, err := f.app.LookupMember(f.ctx, f.casA, c.actor, memberA, "")
		var de *domain.Error
		if !errors.Is(err, central.ErrForbidden) || !errors.As(err, &de) || de.Key != c.key {
			t.Errorf("lookup for %s: %v, want forbidden %s", c.actor, err, c.key)
		}
	}
	log, err := f.app.AccessLog(f.ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ actor, subject string }{{casaAgent, memberA}, {casaSuper, memberB}, {casaAgent, "cin:Z999"}}
	if len(log) != len(want) {
		t.Fatalf("access log %+v, want %d lines", log, len(want))
	}
	for i, w := range want {
		if l := log[i]; l.DeviceID != f.casA.ID || l.Actor != w.actor || l.Subject != w.subject || l.Action != domain.AuditLookup {
			t.Errorf("access log line %d: %+v, want %+v", i, l, w)
		}
	}
}
