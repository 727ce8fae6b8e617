package service

import (
	"errors"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
)

func TestLookupByIdentifiersIsAudited(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	for _, q := range []string{"123456789", "ab 123456", "+212 612345678"} {
		res, err := f.svc.Lookup(f.ctx, agent, q)
		if err != nil || len(res.Matches) != 1 || res.Matches[0].Member.RegNo != "123456789" {
			t.Fatalf("Lookup(%q) = %+v, %v", q, res, err)
		}
		if res.Matches[0].Member.MaskedCIN != "AB•••456" {
			t.Errorf("lists must mask the CIN: %s", res.Matches[0].Member.MaskedCIN)
		}
		if e := f.lastAudit(t); e.Action != domain.AuditLookup || !strings.Contains(e.Detail, `"shown":["123456789"]`) {
			t.Errorf("lookup %q not audited with what it showed: %+v", q, e)
		}
	}
	// An 8-digit query is read both as a registration number and a PPR.
	res, err := f.svc.Lookup(f.ctx, agent, "12345678")
	if err != nil || len(res.Matches) != 1 || res.Matches[0].Kind != domain.KindPPR {
		t.Errorf("PPR lookup: %+v %v", res, err)
	}
	// An empty result is audited too.
	if res, err := f.svc.Lookup(f.ctx, agent, "Z999999"); err != nil || len(res.Matches) != 0 {
		t.Errorf("unknown CIN: %+v %v", res, err)
	}
	if e := f.lastAudit(t); e.Action != domain.AuditLookup || !strings.Contains(e.Detail, `"shown":[]`) {
		t.Errorf("empty lookup not audited: %+v", e)
	}
}

func TestLookupRefusesBadInputAndStoresNothing(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	before := len(f.auditActions(t))
	for _, q := range []string{"", "   ", "alaoui", "A\x1b[31m123", strings.Repeat("1", 500)} {
		_, err := f.svc.Lookup(f.ctx, agent, q)
		fe, ok := domain.AsFieldError(err)
		if !ok || fe.Field != "query" {
			t.Errorf("Lookup(%q): %v, want a field error on query", q, err)
		}
	}
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("refused lookups wrote %d audit entries", after-before)
	}
}

func TestMemberFileWithEligibilityAndHistory(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	file, err := f.svc.MemberFile(f.ctx, agent, 1)
	if err != nil {
		t.Fatal(err)
	}
	if file.Member.CIN != "AB123456" || file.Age != 65 || file.Member.SocietyName == "" {
		t.Errorf("identity: %+v age %d", file.Member, file.Age)
	}
	if file.Current == nil || file.Current.City != "Fès" || !file.Current.Verified {
		t.Errorf("current address: %+v", file.Current)
	}
	if len(file.History) != 1 || file.History[0].City != "Rabat" || file.History[0].ValidTo == nil {
		t.Errorf("history: %+v", file.History)
	}
	covered := map[string]bool{}
	for _, b := range file.Beneficiaries {
		covered[b.GivenName] = b.Eligibility.Covered
	}
	// On 2026-06-15: Youssef is 22 and a student (covered), Salma turns 21
	// tomorrow (covered), the spouse is covered.
	if !covered["Fatima"] || !covered["Youssef"] || !covered["Salma"] {
		t.Errorf("eligibility: %v", covered)
	}
	f.now = f.now.AddDate(0, 0, 1)
	file, _ = f.svc.MemberFile(f.ctx, agent, 1)
	for _, b := range file.Beneficiaries {
		if b.GivenName == "Salma" && b.Eligibility.Covered {
			t.Error("Salma is 21 today: no longer covered")
		}
	}
	if e := f.lastAudit(t); e.Action != domain.AuditViewMember || e.Subject != "123456789" || e.Actor != "agent" {
		t.Errorf("view not audited: %+v", e)
	}
	if _, err := f.svc.MemberFile(f.ctx, agent, 999); !errors.Is(err, domain.ErrMemberNotFound) {
		t.Errorf("unknown member: %v", err)
	}
}
