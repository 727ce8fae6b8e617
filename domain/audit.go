package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one link of a device's audit hash chain.
type AuditEntry struct {
	Seq      int64
	At       time.Time // UTC
	DeviceID string
	Actor    string // username, or the name typed at a failed sign-in
	Action   string
	Subject  string // what it is about: a registration number, a username...
	Detail   string // canonical JSON object (keys sorted) or empty
	PrevHash string // hex; GenesisHash for the first entry
	Hash     string // hex SHA-256 of CanonicalAuditEncoding
}

// GenesisHash is the previous hash of a chain's first entry.
var GenesisHash = strings.Repeat("0", 64)

// Audit actions: what an audit entry records was done.
const (
	AuditSignIn          = "auth.sign_in"
	AuditSignInFailed    = "auth.sign_in_failed"
	AuditLookup          = "member.lookup"
	AuditSearch          = "member.search"
	AuditViewMember      = "member.view"
	AuditUserAdded       = "user.add"
	AuditVerifyAudit     = "audit.verify"
	AuditDeviceCreated   = "device.init"
	AuditBranchAdded     = "branch.add"
	AuditChangeRecorded  = "change.record"
	AuditChangeApproved  = "change.approve"
	AuditChangeRejected  = "change.reject"
	AuditChangeCancelled = "change.cancel"
	AuditChangeRefused   = "change.decide_refused"
	AuditChangeReopened  = "change.reopen" // an approval here the centre never applied, taken back
	AuditExceptionGiven  = "change.exception"
	AuditChangesListed   = "change.list"
	AuditChangeViewed    = "change.view"
	AuditChangesExported = "change.export"
	AuditReceiptIssued   = "receipt.issue"
	// Accounts (standalone consoles manage their own; see DESIGN.md).
	AuditUserDisabled    = "user.disabled"
	AuditUserUnlocked    = "user.unlocked"
	AuditPasswordReset   = "user.password_reset"
	AuditPasswordChanged = "password.changed"
	// Sync with the centre.
	AuditMemberFetch = "member.fetch" // a member fetched from the centre on demand; the centre audits it too
	AuditSyncListed  = "sync.list"
	AuditSyncRetry   = "sync.retry"
	AuditSyncDiscard = "sync.discard"

	// Temporary PINs: never the PIN in any detail.
	AuditPINReissued    = "pin.reissue"
	AuditPINOverride    = "pin.override"     // a second person's consent during the cooling-off
	AuditPINPrintFailed = "pin.print_failed" // a counter letter that did not print: nothing queued
	AuditPINHistory     = "pin.history"

	// Retention: delivered entries and document copies purged (the detail
	// names the checkpoint the chain is verified from afterwards).
	AuditRetentionPurge = "retention.purge"
)

const auditEncodingVersion = "guichet-audit-v1"

// CanonicalAuditEncoding is the byte string an audit entry's hash covers:
// a version tag, then every field except the hash as <length>:<bytes>, so
// no two different entries share an encoding. The time is UTC with
// nanoseconds. The console and the centre both use this one definition.
func CanonicalAuditEncoding(e AuditEntry) []byte {
	var b strings.Builder
	b.WriteString(auditEncodingVersion)
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		e.DeviceID, e.Actor, e.Action, e.Subject, e.Detail, e.PrevHash,
	} {
		b.WriteByte('\n')
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	return []byte(b.String())
}

// AuditHash returns the hex SHA-256 of an entry's canonical encoding.
func AuditHash(e AuditEntry) string {
	sum := sha256.Sum256(CanonicalAuditEncoding(e))
	return hex.EncodeToString(sum[:])
}

// Why an entry does not continue its chain: the reasons a chain break
// gives, the same on the console and at the centre (and on the wire).
const (
	BreakSequence     = "sequence"      // not the next number: an entry is missing or repeated
	BreakPreviousHash = "previous_hash" // does not name the hash of the entry before
	BreakHash         = "hash"          // its content does not match its hash
)

// AuditHead is where a chain stands: its last entry's seq and hash; the
// zero value is a chain with no entry yet.
type AuditHead struct {
	Seq  int64
	Hash string
}

// CheckLink checks that e continues the chain at head: the next seq, the
// head's hash as its previous one (GenesisHash for the first entry) and
// its own hash over its content. It returns the break reason, or "" when
// the link holds.
func CheckLink(head AuditHead, e AuditEntry) string {
	wantPrev := head.Hash
	if head.Seq == 0 {
		wantPrev = GenesisHash
	}
	switch {
	case e.Seq != head.Seq+1:
		return BreakSequence
	case e.PrevHash != wantPrev:
		return BreakPreviousHash
	case AuditHash(e) != e.Hash:
		return BreakHash
	}
	return ""
}

// ChainBreak describes the first entry where a chain fails to verify.
type ChainBreak struct {
	Seq    int64
	Reason string // BreakSequence, BreakPreviousHash or BreakHash
}

// ChainVerifier checks a whole chain entry by entry, in sequence order,
// from its first entry.
type ChainVerifier struct {
	head AuditHead
}

// Next checks one entry against the one before; it returns nil while the
// chain holds.
func (v *ChainVerifier) Next(e AuditEntry) *ChainBreak {
	if reason := CheckLink(v.head, e); reason != "" {
		return &ChainBreak{Seq: e.Seq, Reason: reason}
	}
	v.head = AuditHead{Seq: e.Seq, Hash: e.Hash}
	return nil
}
