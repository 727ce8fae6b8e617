package domain

import (
	"slices"
	"testing"
)

// An entry names the members a search or listing showed and the member of
// a recorded change; anything else in a detail names nobody.
func TestAuditMentions(t *testing.T) {
	for detail, want := range map[string][]string{
		`{"query":"alaoui","shown":["100000001","100000002","100000001"]}`: {"100000001", "100000002"},
		`{"registration_number":"100000003","request_id":"x"}`:             {"100000003"},
		`{"shown":[],"registration_number":""}`:                            nil,
		`{"shown":[5,null,"100000004"]}`:                                   {"100000004"},
		`{"query":"100000005"}`:                                            nil, // a query typed is no member shown
		`not json "shown"`:                                                 nil,
		`["shown"]`:                                                        nil,
		``:                                                                 nil,
	} {
		if got := AuditMentions(detail); !slices.Equal(got, want) {
			t.Errorf("AuditMentions(%s) = %q, want %q", detail, got, want)
		}
	}
}

// An entry concerns the member by subject, by one of the member's request
// references, or by naming them.
func TestAuditConcerns(t *testing.T) {
	refs := map[string]bool{"RAB01-20260316-1": true}
	for _, c := range []struct {
		e    AuditEntry
		want bool
	}{
		{AuditEntry{Action: AuditViewMember, Subject: "100000001"}, true},
		{AuditEntry{Action: AuditChangeApproved, Subject: "RAB01-20260316-1"}, true},
		{AuditEntry{Action: AuditSearch, Detail: `{"shown":["100000001"]}`}, true},
		{AuditEntry{Action: AuditViewMember, Subject: "100000002"}, false},
		{AuditEntry{Action: AuditSearch, Detail: `{"query":"100000001","shown":[]}`}, false},
		{AuditEntry{Action: AuditChangeApproved, Subject: "RAB01-20260316-2"}, false},
	} {
		if got := AuditConcerns(c.e, "100000001", refs); got != c.want {
			t.Errorf("AuditConcerns(%+v) = %v", c.e, got)
		}
	}
}

func TestAccessKindOf(t *testing.T) {
	for action, want := range map[string]AccessKind{
		AuditSearch: AccessSearched, AuditLookup: AccessSearched, AuditChangesListed: AccessSearched,
		AuditSyncListed: AccessSearched, AuditViewMember: AccessViewed, AuditChangeViewed: AccessViewed,
		AuditPINHistory: AccessViewed, AuditMemberFetch: AccessFetched, AuditChangeRecorded: AccessChanged,
		AuditChangeApproved: AccessChanged, AuditReceiptIssued: AccessChanged, AuditSyncDiscard: AccessChanged,
		AuditPINReissued: AccessPIN, AuditPINOverride: AccessPIN, AuditAccessLog: AccessLogRead,
		AuditSignIn: AccessOther,
	} {
		if got := AccessKindOf(action); got != want {
			t.Errorf("AccessKindOf(%s) = %s, want %s", action, got, want)
		}
	}
}
