package central

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// Storage is where the centre keeps its data: SQLite (central/sqlite) by
// default, PostgreSQL later. It holds no rule: the App loads what a rule
// needs, calls domain, and writes the outcome, all inside one Write.
type Storage interface {
	// Write runs fn in one write transaction, committed when fn returns
	// nil and rolled back otherwise. A storage may run fn again after a
	// lock conflict (PostgreSQL), so fn keeps no effect outside the Tx
	// between attempts. Feed rows appended in it get their seq at commit,
	// in commit order, and are not visible to its own queries.
	Write(ctx context.Context, fn func(Tx) error) error
	// Read runs fn on one consistent snapshot.
	Read(ctx context.Context, fn func(Reader) error) error
	Close() error
}

// Reader holds the queries. A "not found" is ok == false, never an error.
type Reader interface {
	Device(ctx context.Context, id string) (DeviceRecord, bool, error)
	DeviceByTokenHash(ctx context.Context, tokenSHA256 string) (DeviceRecord, bool, error)
	Devices(ctx context.Context) ([]DeviceRecord, error)
	// MaxDeviceNumber is the highest number given to a device of the
	// branch, 0 when none.
	MaxDeviceNumber(ctx context.Context, branch string) (int, error)

	Branch(ctx context.Context, code string) (wire.Branch, bool, error)
	Branches(ctx context.Context) ([]wire.Branch, error)

	Account(ctx context.Context, username string) (AccountRecord, bool, error)
	Accounts(ctx context.Context) ([]AccountRecord, error)

	// Member is the member with the beneficiaries and the current address.
	Member(ctx context.Context, regno string) (wire.Member, bool, error)
	// Members is Member for many at once (a feed page), by regno; those
	// not held are absent.
	Members(ctx context.Context, regnos []string) (map[string]wire.Member, error)
	// MemberRegNosByCIN lists the members holding a CIN, in regno order.
	MemberRegNosByCIN(ctx context.Context, cin string) ([]string, error)
	HasMembers(ctx context.Context) (bool, error)

	Request(ctx context.Context, id string) (wire.Request, bool, error)
	// Requests is Request for many at once, by id; those not held are
	// absent.
	Requests(ctx context.Context, ids []string) (map[string]wire.Request, error)
	ReferenceUsed(ctx context.Context, reference string) (bool, error)
	PendingRequestExists(ctx context.Context, regno string) (bool, error)
	// RequestBranches lists the branches that made a request for the
	// member (any state).
	RequestBranches(ctx context.Context, regno string) ([]string, error)

	HasDocument(ctx context.Context, sha256 string) (bool, error)

	Entry(ctx context.Context, id string) (EntryRecord, bool, error)

	// AuditHead is the last record held of a device's chain (Seq 0 when
	// none).
	AuditHead(ctx context.Context, deviceID string) (domain.AuditHead, error)
	// AuditHash is the hash of the record held at seq.
	AuditHash(ctx context.Context, deviceID string, seq int64) (string, bool, error)
	// ChainBreaks lists breaks by device then seq; deviceID "" lists all.
	ChainBreaks(ctx context.Context, deviceID string) ([]ChainBreak, error)

	// AccessLog lists the centre's access log from since on, oldest first.
	AccessLog(ctx context.Context, since time.Time) ([]AccessEntry, error)

	// A member's access log (privacy_access.go). MemberAuditRecords lists
	// the devices' audit records whose subject is one of subjects or that
	// name regno in their detail (AddAuditMentions), by device then seq;
	// regno "" looks at subjects only. MemberRequestRefs lists the
	// references of the member's requests; MemberAccessLines the access
	// log's lines about the member, oldest first.
	MemberAuditRecords(ctx context.Context, regno string, subjects []string) ([]DeviceAuditRecord, error)
	MemberRequestRefs(ctx context.Context, regno string) ([]string, error)
	MemberAccessLines(ctx context.Context, regno string) ([]AccessEntry, error)

	// FeedAfter returns at most limit feed rows for the branch (and those
	// for every branch) with a seq over after, in seq order.
	FeedAfter(ctx context.Context, branch string, after int64, limit int) ([]FeedRow, error)
	// FeedHead is the newest feed seq (0 when the feed is empty).
	FeedHead(ctx context.Context) (int64, error)

	PINReader
}

// Tx is one write transaction: the queries (which see its own writes), the
// writes, and savepoints (names are plain identifiers).
type Tx interface {
	Reader
	Savepoint(ctx context.Context, name string) error
	RollbackTo(ctx context.Context, name string) error
	Release(ctx context.Context, name string) error

	InsertDevice(ctx context.Context, d DeviceRecord) error
	RevokeDevice(ctx context.Context, id string, at time.Time) error
	TouchDevice(ctx context.Context, id string, at time.Time) error
	// SetDevicePINKey records the sealed-box key id a device last received.
	SetDevicePINKey(ctx context.Context, id, keyID string) error

	InsertBranch(ctx context.Context, b wire.Branch) error

	InsertAccount(ctx context.Context, a AccountRecord) error
	// UpdateAccount rewrites an account's display name, hash and flags.
	UpdateAccount(ctx context.Context, a AccountRecord) error

	// InsertMember adds a member with its beneficiaries and its current
	// address (if any).
	InsertMember(ctx context.Context, m wire.Member) error
	// ReplaceAddress closes the member's current address at a.ValidFrom
	// and makes a the current one.
	ReplaceAddress(ctx context.Context, regno string, a wire.Address) error
	SetMemberVersion(ctx context.Context, regno string, version int64) error

	InsertRequest(ctx context.Context, r wire.Request) error
	// DecideRequest records a request's outcome (state, decided by/at,
	// reason).
	DecideRequest(ctx context.Context, id string, state domain.RequestState, by string, at time.Time, reason string) error

	// InsertDocument records a scan held; false when it already was.
	InsertDocument(ctx context.Context, d DocumentRecord) (created bool, err error)

	// PutEntry inserts or replaces the record of an entry.
	PutEntry(ctx context.Context, e EntryRecord) error

	AppendAudit(ctx context.Context, deviceID string, r wire.AuditRecord, receivedAt time.Time) error
	// AddAuditMentions records the members a stored audit record names
	// in its detail (domain.AuditMentions), each once.
	AddAuditMentions(ctx context.Context, deviceID string, seq int64, regnos []string) error
	// AddChainBreak records a break once (the same device, seq and reason
	// again is ignored).
	AddChainBreak(ctx context.Context, b ChainBreak) error

	LogAccess(ctx context.Context, e AccessEntry) error

	// AppendFeed appends one feed row per branch, in the order given.
	AppendFeed(ctx context.Context, kind, key string, branches ...string) error

	PINWriter
}

// DeviceRecord is a device as stored: its token only as a digest.
type DeviceRecord struct {
	ID, Name, Branch string
	Number           int
	TokenSHA256      string
	CreatedAt        time.Time
	RevokedAt        *time.Time
	LastSeen         *time.Time
	PINKeyID         string // the sealed-box key it last received ("" before any was recorded)
}

// AccountRecord is an account as stored.
type AccountRecord struct {
	Username, DisplayName        string
	Role                         domain.Role
	Branch                       string // "" for a centre admin
	PasswordHash                 string
	Disabled, MustChangePassword bool
	CreatedAt, UpdatedAt         time.Time
}

// DocumentRecord is a scan the centre holds (its bytes are a file).
type DocumentRecord struct {
	SHA256, MediaType string
	Size              int64
	StoredAt          time.Time
}

// EntryRecord is the idempotency record of a pushed entry.
type EntryRecord struct {
	ID, DeviceID, ContentHash, Kind string
	Status                          string // wire.StatusApplied, StatusRejected or StatusConflict
	Result                          wire.Result
	FirstSeen, LastSeen             time.Time
}

// AccessEntry is a line of the centre's own access log.
type AccessEntry struct {
	At                               time.Time
	DeviceID, Actor, Action, Subject string
}

// FeedRow says that the thing (kind, key) changed for a branch.
type FeedRow struct {
	Seq       int64
	Kind, Key string
}

// AllBranches is the feed branch every device reads.
const AllBranches = "*"
