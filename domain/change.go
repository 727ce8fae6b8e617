package domain

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RequestState is where an address-change request stands.
type RequestState string

// Request states. Only pending requests can be decided or cancelled.
const (
	RequestPending   RequestState = "pending"
	RequestApproved  RequestState = "approved"
	RequestRejected  RequestState = "rejected"
	RequestCancelled RequestState = "cancelled"
)

// Evidence is what the agent saw at the counter.
type Evidence struct {
	RegistrationCardCopy bool   `json:"registration_card_copy"`
	CINCopy              bool   `json:"cin_copy"`
	CINReadOffCopy       string `json:"cin_read_off_copy,omitempty"` // the CIN number as read off the copy
	SignedForm           bool   `json:"signed_form"`
	FormNumber           string `json:"form_number,omitempty"`
	Scans                []Scan `json:"scans,omitempty"`
}

// Scan is a scanned document kept in the document store, named by its
// SHA-256.
type Scan struct {
	SHA256    string `json:"sha256"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
}

// Evidence items, as CheckEvidence names the missing ones.
const (
	EvidenceRegistrationCard = "registration_card_copy"
	EvidenceCINCopy          = "cin_copy"
	EvidenceSignedForm       = "signed_form"
)

var formNumberPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`)

// CheckEvidence validates the evidence against the member and returns the
// items missing. A CIN read off the copy that is not the member's (after
// normalisation) is refused outright: wrong person or wrong copy.
func CheckEvidence(e Evidence, memberCIN string) (Evidence, []string, error) {
	// The centre keeps what a device says of its scans and feeds it to every
	// console of the branch, whose feed check refuses a whole page over one
	// bad scan: the same form is required here, on both sides.
	for _, s := range e.Scans {
		if !IsScanMediaType(s.MediaType) || !isSHA256Hex(s.SHA256) {
			return e, nil, NewFieldError("scans", KeyInvalidValue)
		}
	}
	var missing []string
	if !e.RegistrationCardCopy {
		missing = append(missing, EvidenceRegistrationCard)
	}
	if e.CINCopy || strings.TrimSpace(e.CINReadOffCopy) != "" {
		cin, err := ParseCIN(e.CINReadOffCopy)
		if err != nil {
			return e, nil, NewFieldError("cin_copy", KeyCINFormat)
		}
		if cin != memberCIN {
			return e, nil, NewFieldError("cin_copy", KeyCINMismatch)
		}
		e.CINCopy, e.CINReadOffCopy = true, cin
	} else {
		e.CINReadOffCopy = "" // blank; kept, it would fail ParseCIN wherever the request is fed
		missing = append(missing, EvidenceCINCopy)
	}
	e.FormNumber = strings.TrimSpace(e.FormNumber)
	if e.SignedForm || e.FormNumber != "" {
		if !formNumberPattern.MatchString(e.FormNumber) {
			return e, nil, NewFieldError("form_number", KeyFormNumberFormat)
		}
		e.SignedForm = true
	} else {
		missing = append(missing, EvidenceSignedForm)
	}
	return e, missing, nil
}

// Actor is who performs an operation.
type Actor struct {
	Username string
	Role     Role
	Branch   string // the account's branch; empty for an admin without one
}

// PendingRequest is what the rules need to know of a request.
type PendingRequest struct {
	RequestedBy string
	Branch      string // the branch that recorded it
	State       RequestState
	BaseVersion int64
}

// CanRequestChange says whether actor may record an address change for a
// member: agents and supervisors, for an active or suspended member, with
// no other change pending (one at a time, so two decisions never race on
// the same address).
func CanRequestChange(actor Actor, status MemberStatus, pendingExists bool) error {
	if err := Authorize(actor.Role, ActionRecordChange); err != nil {
		return err
	}
	if status == StatusClosed {
		return ErrMemberClosed
	}
	if pendingExists {
		return ErrChangePending
	}
	return nil
}

// CanDecide says whether actor may approve or reject a request: a
// supervisor of the branch that recorded it who did not record it
// (maker-checker, whatever the role), on a pending request.
func CanDecide(actor Actor, req PendingRequest) error {
	if err := Authorize(actor.Role, ActionDecideChange); err != nil {
		return err
	}
	if actor.Branch != req.Branch {
		return ErrWrongBranch
	}
	if actor.Username == req.RequestedBy {
		return ErrOwnRequest
	}
	if req.State != RequestPending {
		return ErrNotPending
	}
	return nil
}

// CanApprove is CanDecide for an approval, which changes the record: the
// request must have been made on the member's current version, or it is a
// conflict (the change must be recorded again on the current record).
func CanApprove(actor Actor, req PendingRequest, currentVersion int64) error {
	if err := CanDecide(actor, req); err != nil {
		return err
	}
	if currentVersion != req.BaseVersion {
		return ErrVersionConflict
	}
	return nil
}

// CanCancel says whether actor may withdraw a request: its requester, in
// the branch that recorded it, while it is pending.
func CanCancel(actor Actor, req PendingRequest) error {
	if actor.Username != req.RequestedBy {
		return ErrNotRequester
	}
	if actor.Branch != req.Branch {
		return ErrWrongBranch
	}
	if req.State != RequestPending {
		return ErrNotPending
	}
	return nil
}

// MaxReasonLen bounds the reason given for a rejection, a discard, an
// exception or an override, in characters; the console and the centre check
// the same limit.
const MaxReasonLen = 300

// CanGrantException says whether a second person may accept missing
// evidence or override a rule for actor: a supervisor other than actor.
func CanGrantException(actor Actor, second Actor) error {
	if second.Username == actor.Username {
		return ErrSecondPersonSame
	}
	return Authorize(second.Role, ActionGrantException)
}

// EvidenceMissing refuses a change that lacks the missing evidence items
// and has no second person's consent to do without them.
func EvidenceMissing(missing []string) error {
	return &Error{Key: KeyEvidenceMissing, Args: []any{missing}}
}

// GrantException decides a second person's consent to missing evidence,
// the same way on the console and at the centre: a reason, then a second
// person (second signs them in or looks them up) whom CanGrantException
// allows. The reason is checked first so that bad input never reaches a
// sign-in, which is audited and counts towards a lockout.
func GrantException(actor Actor, reason string, missing []string, second func() (Actor, error)) (*Exception, error) {
	why, err := RequireText("reason", reason, MaxReasonLen)
	if err != nil {
		return nil, err
	}
	granter, err := second()
	if err != nil {
		return nil, err
	}
	if err := CanGrantException(actor, granter); err != nil {
		return nil, err
	}
	return &Exception{GrantedBy: granter.Username, Reason: why, Missing: missing}, nil
}

// RequestNumbers is the block of n a device numbers its requests of a day
// from: device d of a branch (numbered by the centre at provisioning, 0
// on a standalone console) counts from d*10000+1, so that two consoles of
// one branch never issue the same reference.
func RequestNumbers(device int) (first, last int) {
	return device*requestsPerDevice + 1, (device+1)*requestsPerDevice - 1
}

const requestsPerDevice = 10000

// RequestReference builds the human reference printed on the receipt:
// <branch>-<yyyymmdd>-<n>, n from the device's block (RequestNumbers).
func RequestReference(branch string, day time.Time, n int) string {
	return RequestRefPrefix(branch, day) + strconv.Itoa(n)
}

// RequestRefPrefix is what every reference of a branch's day starts with.
func RequestRefPrefix(branch string, day time.Time) string {
	return branch + "-" + day.Format("20060102") + "-"
}

// isSHA256Hex reports whether s is a SHA-256 in 64 lower-case hex digits,
// the name of a document in the stores.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
}
