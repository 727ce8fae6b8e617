package domain

import (
	"fmt"
	"slices"
	"time"
)

// PINChannel is how a temporary PIN reaches the member (DESIGN.md,
// "Temporary PINs").
type PINChannel string

// PIN channels.
const (
	ChannelPost    PINChannel = "post"    // letter printed by the centre's print shop, to a verified address
	ChannelEmail   PINChannel = "email"   // students only, to the e-mail they declared
	ChannelCounter PINChannel = "counter" // letter printed at the counter, handed over after checking the CIN
)

// PINChannels lists the channels in the order the console offers them.
var PINChannels = []PINChannel{ChannelCounter, ChannelPost, ChannelEmail}

// ParsePINChannel reads a channel name for the named field.
func ParsePINChannel(field, s string) (PINChannel, error) {
	for _, c := range PINChannels {
		if string(c) == s {
			return c, nil
		}
	}
	return "", NewFieldError(field, KeyPINChannel)
}

// PINState is where a reissued PIN stands. The centre owns it; a console
// knows only its own queued and refused issues until the feed tells it.
type PINState string

// PIN states.
const (
	PINQueued     PINState = "queued"     // console: not yet accepted by the centre
	PINRefused    PINState = "refused"    // console: the centre refused the reissue; it never activates
	PINRequested  PINState = "requested"  // post/email: recorded, the PIN not generated yet
	PINActive     PINState = "active"     // its verifier is stored; valid until its expiry
	PINSuperseded PINState = "superseded" // a newer reissue was applied
	PINLocked     PINState = "locked"     // too many failed verifications
	PINReturned   PINState = "returned"   // the letter came back undelivered
)

// PINIssue is one reissue of a member's temporary PIN, as the rules and
// the history see it: never the PIN itself.
type PINIssue struct {
	ID          string // UUIDv7 made where it was reissued
	Channel     PINChannel
	State       PINState
	RequestedBy string
	RequestedAt time.Time
	ExpiresOn   Date // the last day it works, in the members' time zone; zero until generated for post/email
}

// PINPolicy is the configuration of reissues; console and centre read the
// same keys (pin.*).
type PINPolicy struct {
	Length       int           // digits
	ValidityDays int           // days after the day of issue
	MaxReissues  int           // per member within PINLimitWindow
	CoolingOff   time.Duration // after an address change, reissues need an override
	Location     *time.Location
}

// PINLimitWindow is the span over which MaxReissues counts.
const PINLimitWindow = 30 * 24 * time.Hour

// Defaults of PINPolicy.
const (
	DefaultPINLength       = 8
	DefaultPINValidityDays = 30
	DefaultPINMaxReissues  = 3
	DefaultPINCoolingOff   = 72 * time.Hour
	MinPINLength           = 6
	MaxPINLength           = 12
)

// PINOverride is a second person's consent to a reissue during the
// cooling-off period, as the event carries it.
type PINOverride struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// PINSubject is what the reissue rules need to know of a member.
type PINSubject struct {
	Member  Member
	Address *Address // current address, nil when none
	// AddressChangedAt is when the current address was approved (its
	// ValidFrom): the cooling-off runs from it. Zero when unknown.
	AddressChangedAt time.Time
	History          []PINIssue
}

// PINChannelError says why a channel cannot be used for the member (nil
// when it can): the member must be active, post and counter need a
// verified address, e-mail a student with a declared address. Each
// refusal's message says what to do.
func PINChannelError(m Member, addr *Address, ch PINChannel) error {
	if m.Status != StatusActive {
		return &Error{Key: KeyPINMemberInactive, Args: []any{string(m.Status)}} // errors.Is ErrPINMemberInactive
	}
	switch ch {
	case ChannelPost, ChannelCounter:
		if addr == nil {
			return ErrPINNoAddress
		}
		if !addr.Verified {
			return ErrPINAddressUnverified
		}
	case ChannelEmail:
		if m.Category != CategoryStudent {
			return ErrPINNotStudent
		}
		if m.Email == "" {
			return ErrPINNoEmail
		}
	default:
		return NewFieldError("channel", KeyPINChannel)
	}
	return nil
}

// CheckPINReissue decides a reissue the same way on the console and at the
// centre: the actor may reissue, the channel suits the member, the member
// has had fewer than MaxReissues within PINLimitWindow (refused issues do
// not count), and during the cooling-off after an address change a second
// person (a supervisor other than the actor) gives an override with a
// reason. granter is that person as the caller established them (signed
// in on the console, an account at the centre); nil without override.
func CheckPINReissue(actor Actor, ch PINChannel, s PINSubject, p PINPolicy, now time.Time, override *PINOverride, granter *Actor) error {
	if err := Authorize(actor.Role, ActionReissuePIN); err != nil {
		return err
	}
	if err := PINChannelError(s.Member, s.Address, ch); err != nil {
		return err
	}
	if err := PINLimitError(s.History, p, now); err != nil {
		return err
	}
	until := CoolingOffUntil(s.AddressChangedAt, p)
	if !now.Before(until) {
		return nil
	}
	if override == nil || granter == nil {
		return &Error{Key: KeyPINCoolingOff, Args: []any{until}}
	}
	if _, err := RequireText("reason", override.Reason, MaxReasonLen); err != nil {
		return err
	}
	if granter.Username != override.By {
		return NewFieldError("override_by", KeyUnknownActor)
	}
	return CanGrantException(actor, *granter)
}

// PINLimitError refuses a reissue when MaxReissues were already made in
// the PINLimitWindow before now; its arguments are the limit and the
// moment enough of them have left the window.
func PINLimitError(history []PINIssue, p PINPolicy, now time.Time) error {
	recent := RecentPINReissues(history, now)
	if len(recent) < p.MaxReissues {
		return nil
	}
	// The window frees up once len-Max+1 of them have left it.
	return &Error{Key: KeyPINLimit, Args: []any{p.MaxReissues, recent[len(recent)-p.MaxReissues].Add(PINLimitWindow)}}
}

// RecentPINReissues lists, oldest first, the times of the reissues that
// count towards the limit at now: those within PINLimitWindow, refused
// ones excepted.
func RecentPINReissues(history []PINIssue, now time.Time) []time.Time {
	since := now.Add(-PINLimitWindow)
	var recent []time.Time
	for _, h := range history {
		if h.State != PINRefused && h.RequestedAt.After(since) {
			recent = append(recent, h.RequestedAt)
		}
	}
	slices.SortFunc(recent, time.Time.Compare)
	return recent
}

// CoolingOffUntil is when the cooling-off after an address change ends
// (the zero time when there was none).
func CoolingOffUntil(changedAt time.Time, p PINPolicy) time.Time {
	if changedAt.IsZero() {
		return time.Time{}
	}
	return changedAt.Add(p.CoolingOff)
}

// PINExpiry is the last day a PIN issued at t works: the day of issue in
// the members' time zone plus ValidityDays.
func PINExpiry(t time.Time, p PINPolicy) Date {
	y, m, d := t.In(p.Location).Date()
	return Date{time.Date(y, m, d+p.ValidityDays, 0, 0, 0, 0, time.UTC)}
}

// PINExpired reports whether a PIN valid through expires has expired at
// now (after the end of that day in the members' time zone).
func PINExpired(expires Date, p PINPolicy, now time.Time) bool {
	y, m, d := now.In(p.Location).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return today.After(expires.Time)
}

// CheckPIN says whether s is a well-formed PIN under the policy: digits
// only, of the policy's length.
func CheckPIN(s string, p PINPolicy) error {
	if len(s) != p.Length {
		return NewFieldError("pin", KeyPINFormat, p.Length)
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return NewFieldError("pin", KeyPINFormat, p.Length)
		}
	}
	return nil
}

// Check validates the policy itself.
func (p PINPolicy) Check() error {
	switch {
	case p.Length < MinPINLength || p.Length > MaxPINLength:
		return fmt.Errorf("pin length must be %d to %d digits", MinPINLength, MaxPINLength)
	case p.ValidityDays < 1 || p.ValidityDays > 365:
		return fmt.Errorf("pin validity must be 1 to 365 days")
	case p.MaxReissues < 1:
		return fmt.Errorf("pin reissue limit must be at least 1")
	case p.CoolingOff < 0:
		return fmt.Errorf("pin cooling-off must not be negative")
	case p.Location == nil:
		return fmt.Errorf("pin policy needs a time zone")
	}
	return nil
}

// DefaultPINPolicy is the policy with every default, in loc.
func DefaultPINPolicy(loc *time.Location) PINPolicy {
	return PINPolicy{Length: DefaultPINLength, ValidityDays: DefaultPINValidityDays,
		MaxReissues: DefaultPINMaxReissues, CoolingOff: DefaultPINCoolingOff, Location: loc}
}

// EventPINReissued is the outbox kind of a reissue.
const EventPINReissued = "pin.reissued"

// PINEvent is a reissue as the outbox carries it to the centre, which
// applies the same rules (CheckPINReissue) to it.
type PINEvent struct {
	Kind      string       `json:"kind"` // EventPINReissued
	IssueID   string       `json:"issue_id"`
	RegNo     string       `json:"registration_number"`
	Channel   PINChannel   `json:"channel"`
	Actor     string       `json:"actor"`
	At        time.Time    `json:"at"`
	Override  *PINOverride `json:"override,omitempty"`
	ExpiresOn string       `json:"expires_on,omitempty"` // counter: printed on the letter (YYYY-MM-DD)
	Sealed    *SealedPIN   `json:"sealed,omitempty"`     // counter only
}

// SealedPIN is a counter PIN sealed to the centre's public key
// (nacl/box anonymous sealed box); only the centre can open it.
type SealedPIN struct {
	KeyID string `json:"key_id"`
	Box   []byte `json:"box"` // base64 in JSON
}
