package domain

import (
	"encoding/json"
	"strings"
	"time"
)

// The data subject's right of access (Law 09-08): a member may ask who
// searched for, viewed, fetched or changed their data. The console and the
// centre answer from the same audit entries, read the same way here.

// AuditAccessLog is the audit action of consulting a member's access log
// (its subject is the registration number): the consultation is itself an
// access.
const AuditAccessLog = "privacy.access_log"

// MemberAccess is one line of a member's access log: when, from which
// device, by whom, what kind of access and the audit action it comes from.
type MemberAccess struct {
	At        time.Time
	DeviceID  string
	Actor     string
	Kind      AccessKind
	Action    string // the audit (or access log) action it comes from
	Reference string // the address-change request's reference, for a change
	Source    string // at the centre: AccessFromDevice or AccessFromCentre
}

// Where the centre found a MemberAccess.
const (
	AccessFromDevice = "device" // a device's audit chain
	AccessFromCentre = "centre" // the centre's access log
)

// AccessKind is what an access to a member's data was.
type AccessKind string

// The kinds of access an access log lists.
const (
	AccessSearched   AccessKind = "searched"    // a search or a listing showed the member
	AccessViewed     AccessKind = "viewed"      // the member file, a request, the PIN history
	AccessFetched    AccessKind = "fetched"     // fetched from the centre on demand
	AccessChanged    AccessKind = "changed"     // an address change recorded, decided, cancelled, its receipt
	AccessPIN        AccessKind = "pin"         // a temporary PIN reissued (or its override, or a failed print)
	AccessPINChecked AccessKind = "pin_checked" // the portal checked a PIN of the member
	AccessLetter     AccessKind = "letter"      // a PIN letter came back undelivered
	AccessLogRead    AccessKind = "access_log"  // this access log consulted
	AccessOther      AccessKind = "other"
)

// AccessKindOf classifies an audit action.
func AccessKindOf(action string) AccessKind {
	switch action {
	case AuditLookup, AuditSearch, AuditChangesListed, AuditSyncListed:
		return AccessSearched
	case AuditViewMember, AuditChangeViewed, AuditPINHistory:
		return AccessViewed
	case AuditMemberFetch:
		return AccessFetched
	case AuditPINReissued, AuditPINOverride, AuditPINPrintFailed:
		return AccessPIN
	case AuditAccessLog:
		return AccessLogRead
	}
	if strings.HasPrefix(action, "change.") || action == AuditReceiptIssued ||
		action == AuditSyncRetry || action == AuditSyncDiscard { // a change's entry retried or discarded
		return AccessChanged
	}
	return AccessOther
}

// AuditMentions lists the registration numbers an audit entry's detail
// names: the members a search or a listing showed ("shown") and the member
// of a recorded change ("registration_number"). A detail that is not such
// a JSON object names none (audit entries are never refused for their
// content, so a detail may be anything).
func AuditMentions(detail string) []string {
	if !strings.Contains(detail, `"shown"`) && !strings.Contains(detail, `"registration_number"`) {
		return nil // most entries: no need to decode them
	}
	var d struct {
		Shown []any `json:"shown"`
		RegNo any   `json:"registration_number"`
	}
	if json.Unmarshal([]byte(detail), &d) != nil {
		return nil
	}
	var out []string
	add := func(v any) {
		if s, ok := v.(string); ok && s != "" {
			for _, have := range out {
				if have == s {
					return
				}
			}
			out = append(out, s)
		}
	}
	for _, v := range d.Shown {
		add(v)
	}
	add(d.RegNo)
	return out
}

// AuditConcerns reports whether an audit entry is about the member: its
// subject is the registration number or one of the member's request
// references, or its detail names the member (AuditMentions).
func AuditConcerns(e AuditEntry, regno string, refs map[string]bool) bool {
	if e.Subject == regno || refs[e.Subject] {
		return true
	}
	for _, r := range AuditMentions(e.Detail) {
		if r == regno {
			return true
		}
	}
	return false
}
