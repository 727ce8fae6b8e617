package service

import (
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

// The access log lists every kind of access to the member, from the
// device's chain, in order, and nothing about another member; the lookup
// is audited and shows up in the next one.
func TestAccessLogListsWhoTouchedTheMember(t *testing.T) {
	f := newFixture(t)
	f.exec(t, `INSERT INTO members (id, regno, society_code, home_branch, cin, family_name, given_name, birth_date, sex, category)
		VALUES (2, '987654321', 'MGPAP', 'RAB01', 'CD654321', 'Bennani', 'Said', '1970-01-01', 'M', 'active')`)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	step := func() { f.now = f.now.Add(time.Minute) }

	if _, err := f.svc.Search(f.ctx, agent, "AB123456", 0); err != nil { // shows member 1
		t.Fatal(err)
	}
	step()
	if _, err := f.svc.Lookup(f.ctx, agent, "987654321"); err != nil { // member 2 only
		t.Fatal(err)
	}
	step()
	must(t, errOf(f.svc.MemberFile(f.ctx, agent, 1)))
	step()
	must(t, errOf(f.svc.MemberFile(f.ctx, agent, 2)))
	step()
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	step()
	must(t, errOf(f.svc.RejectAddressChange(f.ctx, super, req.Ref, "unsigned form")))
	step()

	log, err := f.svc.AccessLog(f.ctx, super, " 123456789 ")
	must(t, err)
	type line struct {
		actor string
		kind  domain.AccessKind
		ref   string
	}
	want := []line{{"agent", domain.AccessSearched, ""}, {"agent", domain.AccessViewed, ""},
		{"agent", domain.AccessChanged, req.Ref}, {"super", domain.AccessChanged, req.Ref}}
	if len(log) != len(want) {
		t.Fatalf("access log: %+v", log)
	}
	for i, w := range want {
		got := log[i]
		if got.Actor != w.actor || got.Kind != w.kind || got.Reference != w.ref || got.DeviceID != f.svc.deviceID ||
			got.At.Location() != time.UTC || (i > 0 && !got.At.After(log[i-1].At)) {
			t.Errorf("line %d: %+v, want %+v", i, got, w)
		}
	}
	if last := f.lastAudit(t); last.Action != domain.AuditAccessLog || last.Subject != "123456789" || last.Actor != "super" {
		t.Errorf("the lookup was not audited: %+v", last)
	}
	step()
	again, err := f.svc.AccessLog(f.ctx, f.admin, "123456789") // admins too
	must(t, err)
	if n := len(again); n != len(want)+1 || again[n-1].Kind != domain.AccessLogRead || again[n-1].Actor != "super" {
		t.Errorf("the first lookup must show in the second: %+v", again)
	}
}

// Only supervisors and admins may read it; a bad or unknown number is a
// field error on regno, and nothing is audited.
func TestAccessLogRefusals(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	if _, err := f.svc.AccessLog(f.ctx, agent, "123456789"); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("an agent read an access log: %v", err)
	}
	before := len(f.auditActions(t))
	for in, key := range map[string]string{"12AB": domain.KeyRegNoFormat, "": domain.KeyRequired,
		"555555555": domain.KeyMemberNotFound} {
		if _, err := f.svc.AccessLog(f.ctx, super, in); !fieldIs(err, "regno", key) {
			t.Errorf("AccessLog(%q) = %v, want a regno field error %s", in, err, key)
		}
	}
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("refused lookups were audited: %d entries, then %d", before, after)
	}
}

// A member no longer held here (a visitor forgotten since) still has an
// access log: the entries that name them, and the changes recorded for
// them by reference.
func TestAccessLogOfAForgottenVisitor(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	must(t, err)
	must(t, errOf(f.svc.CancelAddressChange(f.ctx, agent, req.Ref)))
	f.exec(t, `DELETE FROM address_requests`) // this connection does not enforce foreign keys
	f.exec(t, `DELETE FROM members WHERE id = 1`)
	log, err := f.svc.AccessLog(f.ctx, super, "123456789")
	must(t, err)
	if len(log) != 2 || log[0].Reference != req.Ref || log[1].Action != domain.AuditChangeCancelled {
		t.Errorf("access log of a forgotten member: %+v", log)
	}
}

func errOf[T any](_ T, err error) error { return err }
