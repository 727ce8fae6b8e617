package domain

import "time"

// Change event kinds: what travels in the outbox. Only an approval changes
// the member's record, so only it carries a base version (DESIGN.md,
// "Record version").
const (
	EventAddressRequested = "address.requested"
	EventAddressApproved  = "address.approved"
	EventAddressRejected  = "address.rejected"
	EventAddressCancelled = "address.cancelled"
)

// ChangeEvent is one change made on a console, as the outbox carries it to
// the centre, which applies the same rules to it.
type ChangeEvent struct {
	Kind        string        `json:"kind"`
	RequestID   string        `json:"request_id"`
	Reference   string        `json:"reference"`
	RegNo       string        `json:"registration_number"`
	Actor       string        `json:"actor"`
	At          time.Time     `json:"at"`
	BaseVersion int64         `json:"base_version,omitempty"`
	Address     *AddressInput `json:"address,omitempty"`
	Evidence    *Evidence     `json:"evidence,omitempty"`
	Exception   *Exception    `json:"exception,omitempty"`
	Reason      string        `json:"reason,omitempty"`
}

// Exception records a second person's consent to missing evidence.
type Exception struct {
	GrantedBy string   `json:"granted_by"`
	Reason    string   `json:"reason"`
	Missing   []string `json:"missing"`
}

// A requested event names the version the request was made on (its
// approval is checked against it) but, like every event that does not
// change the record, its outbox entry carries no base version.

// ChangesRecord reports whether an event kind changes the member's record
// (and so carries a base version and bumps the version when applied).
func ChangesRecord(kind string) bool { return kind == EventAddressApproved }
