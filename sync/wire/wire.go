package wire

import (
	"encoding/json"
	"time"

	"github.com/cnops/guichet/domain"
)

// Version is the protocol version this build speaks. Every request names it
// in the VersionHeader; a centre that cannot serve it answers
// 426 with ErrorCode CodeProtocolUnsupported. A change that an older
// build's strict decoder would refuse takes a new version, so that an old
// console is told "update needed" rather than failing on a feed page.
// 2: members carry long_term_illness.
const Version = 2

// Headers every request carries.
const (
	VersionHeader = "Guichet-Protocol"
	// ActorHeader names the signed-in user on whose behalf a console asks
	// (audited at the centre: on-demand member fetches).
	ActorHeader = "Guichet-Actor"
)

// Limits.
const (
	MaxPushEntries = 100     // outbox entries per push
	MaxPushAudit   = 1000    // audit entries per push
	MaxFeedPage    = 1000    // items per feed page (DESIGN.md default)
	MaxBodyBytes   = 4 << 20 // any JSON body
	MaxPayload     = 64 << 10
)

// Paths of the API (all under /v1).
const (
	PathHealth   = "/v1/health"
	PathDevice   = "/v1/device"
	PathPush     = "/v1/push"
	PathFeed     = "/v1/feed"       // ?after=CURSOR&limit=N
	PathLookup   = "/v1/members"    // ?regno=X or ?cin=X
	PathDocument = "/v1/documents/" // + sha256 (PUT uploads, HEAD checks)
	// PathPINVerify is what the fund's portal calls, with a portal client's
	// token instead of a device's.
	PathPINVerify = "/v1/pin/verify"
)

// Entry statuses, the five answers of DESIGN.md "Sync".
const (
	StatusApplied   = "applied"
	StatusDuplicate = "duplicate"
	StatusConflict  = "conflict"
	StatusRejected  = "rejected"
	StatusDeferred  = "deferred"
)

// Entry kinds beyond domain's change events.
const (
	// KindPasswordChanged carries a new argon2id hash of an account changed
	// on a provisioned console (PasswordChange payload).
	KindPasswordChanged = "account.password_changed"
	// KindPINReissued is a temporary PIN reissue (domain.PINEvent payload).
	KindPINReissued = domain.EventPINReissued
)

// Entry is one outbox entry. ID (UUIDv7) is the idempotency key; an entry is
// frozen once queued, so the same ID always carries the same content.
type Entry struct {
	ID          string          `json:"id"`
	Seq         int64           `json:"seq"`
	Kind        string          `json:"kind"`
	RegNo       string          `json:"registration_number,omitempty"`
	BaseVersion int64           `json:"base_version,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	Payload     json.RawMessage `json:"payload"` // domain.ChangeEvent or PasswordChange
}

// PasswordChange is the payload of KindPasswordChanged.
type PasswordChange struct {
	Username     string    `json:"username"`
	PasswordHash string    `json:"password_hash"`
	At           time.Time `json:"at"`
}

// AuditRecord is one entry of a device's audit chain, shipped in chain
// order; the centre verifies the chain and flags a break, never refuses one.
type AuditRecord struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Subject  string    `json:"subject"`
	Detail   string    `json:"detail"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// PushRequest is one batch: outbox entries in sequence order and the next
// stretch of the audit chain.
type PushRequest struct {
	Entries []Entry       `json:"entries"`
	Audit   []AuditRecord `json:"audit,omitempty"`
}

// Result answers one entry.
type Result struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	// Reason is a message key (domain's) for rejected and conflict; Field
	// names the field when the reason is about one.
	Reason string `json:"reason,omitempty"`
	Field  string `json:"field,omitempty"`
	// Current is the centre's record of the member for a conflict.
	Current *Member `json:"current,omitempty"`
}

// PushResponse answers a batch, one Result per entry in the same order.
type PushResponse struct {
	Results []Result `json:"results"`
	Audit   AuditAck `json:"audit"`
}

// AuditAck says how far the centre holds the device's chain (the console
// ships from Through+1 next) and whether it found a break.
type AuditAck struct {
	Through int64  `json:"through"`
	Break   *Break `json:"break,omitempty"`
}

// Break is the first entry at which a device's chain failed to verify.
type Break struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"` // sequence, previous_hash, hash or resent_differs
}

// FeedPage is one page of the device's scope, in cursor order. Resume with
// after=Next; More says whether to ask again at once.
type FeedPage struct {
	Items []FeedItem `json:"items"`
	Next  int64      `json:"next"`
	More  bool       `json:"more"`
	// Last is the newest cursor at the centre when the page was read: Next
	// against Last tells how far a pull has come (provisioning's bar).
	Last int64 `json:"last"`
}

// Feed item kinds; exactly the matching field is set.
const (
	ItemBranch  = "branch"
	ItemMember  = "member"
	ItemAccount = "account"
	ItemRequest = "request"
	ItemPIN     = "pin"
)

// FeedItem is the current state of one thing in the scope (not a diff).
type FeedItem struct {
	Seq     int64    `json:"seq"`
	Kind    string   `json:"kind"`
	Branch  *Branch  `json:"branch,omitempty"`
	Member  *Member  `json:"member,omitempty"`
	Account *Account `json:"account,omitempty"`
	Request *Request `json:"request,omitempty"`
	PIN     *PIN     `json:"pin,omitempty"`
}

// Branch is a row of the branches reference table.
type Branch struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	City   string `json:"city"`
	Region string `json:"region"`
}

// Member is the centre's record of a member with the beneficiaries and the
// current address.
type Member struct {
	RegNo         string        `json:"registration_number"`
	Society       string        `json:"society"`
	HomeBranch    string        `json:"home_branch"`
	CIN           string        `json:"cin"`
	PPR           string        `json:"ppr,omitempty"`
	FamilyName    string        `json:"family_name"`
	GivenName     string        `json:"given_name"`
	FamilyNameAr  string        `json:"family_name_ar,omitempty"`
	GivenNameAr   string        `json:"given_name_ar,omitempty"`
	BirthDate     string        `json:"birth_date"` // YYYY-MM-DD
	Sex           string        `json:"sex"`
	Category      string        `json:"category"`
	Email         string        `json:"email,omitempty"`
	Phone         string        `json:"phone,omitempty"`
	Status        string        `json:"status"`
	Version       int64         `json:"version"`
	Beneficiaries []Beneficiary `json:"beneficiaries"`
	Address       *Address      `json:"address,omitempty"`

	// LongTermIllness (ALD) is health data: consoles show it only in the
	// member file.
	LongTermIllness bool `json:"long_term_illness,omitempty"`
}

// Beneficiary is a spouse or child of a member.
type Beneficiary struct {
	Relation     string `json:"relation"`
	FamilyName   string `json:"family_name"`
	GivenName    string `json:"given_name"`
	FamilyNameAr string `json:"family_name_ar,omitempty"`
	GivenNameAr  string `json:"given_name_ar,omitempty"`
	BirthDate    string `json:"birth_date"`
	Sex          string `json:"sex"`
	Student      bool   `json:"student,omitempty"`
	Disabled     bool   `json:"disabled,omitempty"`
}

// Address is a member's current address.
type Address struct {
	domain.AddressInput
	Verified  bool      `json:"verified"`
	ValidFrom time.Time `json:"valid_from"`
}

// Account is a centre-managed account as the devices of its branch keep it.
type Account struct {
	Username           string `json:"username"`
	DisplayName        string `json:"display_name"`
	Role               string `json:"role"`
	Branch             string `json:"branch,omitempty"`
	PasswordHash       string `json:"password_hash"` // argon2id, PHC string
	Disabled           bool   `json:"disabled"`
	MustChangePassword bool   `json:"must_change_password"`
}

// Request is an address-change request as the centre holds it: pending
// requests of the scope come down so that any supervisor of the branch can
// decide them; decided ones come down once more with their outcome.
type Request struct {
	ID           string              `json:"id"`
	Reference    string              `json:"reference"`
	RegNo        string              `json:"registration_number"`
	Branch       string              `json:"branch"`
	BaseVersion  int64               `json:"base_version"`
	RequestedBy  string              `json:"requested_by"`
	RequestedAt  time.Time           `json:"requested_at"`
	Address      domain.AddressInput `json:"address"`
	Evidence     domain.Evidence     `json:"evidence"`
	Exception    *domain.Exception   `json:"exception,omitempty"`
	State        string              `json:"state"`
	DecidedBy    string              `json:"decided_by,omitempty"`
	DecidedAt    *time.Time          `json:"decided_at,omitempty"`
	DecisionNote string              `json:"decision_reason,omitempty"`
}

// PIN is a reissue as the centre holds it (never the PIN): it comes down
// to the member's home branch and to the branch that reissued it whenever
// its state changes, so consoles show the member's PIN history.
type PIN struct {
	ID          string    `json:"id"`
	RegNo       string    `json:"registration_number"`
	Channel     string    `json:"channel"`
	State       string    `json:"state"`
	Branch      string    `json:"branch"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	ExpiresOn   string    `json:"expires_on,omitempty"` // YYYY-MM-DD; set once the PIN exists
}

// PINVerifyRequest is the portal's question: does this PIN open this
// member's account?
type PINVerifyRequest struct {
	RegNo string `json:"registration_number"`
	PIN   string `json:"pin"`
}

// PIN verification answers.
const (
	PINValid   = "valid"
	PINInvalid = "invalid" // wrong PIN, or no PIN for this member
	PINExpired = "expired"
	PINLocked  = "locked" // too many failures: until the next reissue
)

// PINVerifyResponse answers a PINVerifyRequest.
type PINVerifyResponse struct {
	Result string `json:"result"`
}

// Device is what the centre knows of the calling device (GET /v1/device):
// provisioning records it.
type Device struct {
	ID     string `json:"id"` // UUIDv7, the device id kept in the console's database
	Name   string `json:"name"`
	Branch string `json:"branch"` // scope: this branch
	// Number is the device's number within its branch, which makes request
	// references unique across the branch's consoles.
	Number int `json:"number"`
	// PINKeyID and PINPublicKey (base64, 32 bytes) are the centre's key for
	// sealed counter PINs.
	PINKeyID     string    `json:"pin_key_id,omitempty"`
	PINPublicKey string    `json:"pin_public_key,omitempty"`
	ServerTime   time.Time `json:"server_time"`
}

// Health answers GET /v1/health.
type Health struct {
	Status    string    `json:"status"` // "ok"
	Protocols []int     `json:"protocols"`
	Time      time.Time `json:"time"`
}

// DocumentAnswer answers a document upload.
type DocumentAnswer struct {
	SHA256  string `json:"sha256"`
	Size    int64  `json:"size"`
	Created bool   `json:"created"` // false: the centre already had it
}
