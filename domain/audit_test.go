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
