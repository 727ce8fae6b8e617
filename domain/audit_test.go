package domain

import (
	"testing"
	"time"
)

func chain(n int) []AuditEntry {
	prev := GenesisHash
	var out []AuditEntry
	for i := 1; i <= n; i++ {
		e := AuditEntry{Seq: int64(i), At: time.Date(2026, 11, 25, 10, 0, i, 123, time.UTC),
			DeviceID: "dev", Actor: "agent", Action: AuditViewMember, Subject: "123456789", PrevHash: prev}
		e.Hash = AuditHash(e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func verify(entries []AuditEntry) *ChainBreak {
	var v ChainVerifier
	for _, e := range entries {
		if b := v.Next(e); b != nil {
			return b
		}
	}
	return nil
}

func TestAuditChainDetectsTampering(t *testing.T) {
	if b := verify(chain(5)); b != nil {
		t.Fatalf("intact chain reported broken: %+v", b)
	}
	edited := chain(5)
	edited[2].Subject = "987654321"
	if b := verify(edited); b == nil || b.Seq != 3 || b.Reason != "hash" {
		t.Errorf("edited entry: %+v", b)
	}
	removed := append(chain(5)[:2], chain(5)[3:]...)
	if b := verify(removed); b == nil || b.Seq != 4 || b.Reason != "sequence" {
		t.Errorf("removed entry: %+v", b)
	}
	rehashed := chain(5)
	rehashed[1].Actor = "someone"
	rehashed[1].Hash = AuditHash(rehashed[1]) // recomputed, but the next link no longer matches
	if b := verify(rehashed); b == nil || b.Seq != 3 || b.Reason != "previous_hash" {
		t.Errorf("re-hashed entry: %+v", b)
	}
}

func TestCanonicalEncodingSeparatesFields(t *testing.T) {
	a := AuditEntry{Actor: "ab", Action: "c"}
	b := AuditEntry{Actor: "a", Action: "bc"}
	if AuditHash(a) == AuditHash(b) {
		t.Error("moving a byte between fields must change the hash")
	}
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.FixedZone("+01", 3600))
	if AuditHash(AuditEntry{At: at}) != AuditHash(AuditEntry{At: at.UTC()}) {
		t.Error("the same instant in another zone must hash the same")
	}
}

// A chain resumed from a stored head (as the centre resumes each device's)
// checks the next entry against it, for the same reasons a whole chain
// gives.
func TestCheckLinkResumesFromAHead(t *testing.T) {
	c := chain(4)
	head := AuditHead{Seq: 2, Hash: c[1].Hash}
	edited := c[2]
	edited.Detail = `{"n":2}`
	for name, tc := range map[string]struct {
		head AuditHead
		e    AuditEntry
		want string
	}{
		"the first entry on an empty chain": {AuditHead{}, c[0], ""},
		"the next entry":                    {head, c[2], ""},
		"a later one: a gap":                {head, c[3], BreakSequence},
		"the head again":                    {head, c[1], BreakSequence},
		"another chain's head":              {AuditHead{Seq: 2, Hash: c[0].Hash}, c[2], BreakPreviousHash},
		"a first entry not on genesis":      {AuditHead{}, AuditEntry{Seq: 1, PrevHash: c[0].Hash}, BreakPreviousHash},
		"an entry edited since":             {head, edited, BreakHash},
	} {
		if got := CheckLink(tc.head, tc.e); got != tc.want {
			t.Errorf("%s: %q, want %q", name, got, tc.want)
		}
	}
	// The reasons travel on the wire (sync/wire's Break) as these words.
	if BreakSequence != "sequence" || BreakPreviousHash != "previous_hash" || BreakHash != "hash" {
		t.Error("the break reasons changed their wire form")
	}
}
