package domain_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

// The canonical encoding an audit hash covers reads back into exactly the
// fields it was made of: no two different entries share an encoding (a
// field cannot borrow bytes from its neighbour), so none share a hash.
func FuzzCanonicalAuditEncoding(f *testing.F) {
	f.Add(int64(1), int64(1772355600123456789), "0190a0b2-7c3d-7e00-8000-0000000000aa", "amina", domain.AuditViewMember, "1234567", `{"q":"x"}`, domain.GenesisHash)
	f.Add(int64(-1), int64(0), "", "", "", "", "", "")
	f.Add(int64(2), int64(-1), "dev\n3:abc", "8:amina\n", "a:b", "\n\n", "1:x\n1:y", strings.Repeat("f", 64))
	f.Add(int64(9223372036854775807), int64(-9223372036854775808), "\x00", "\xff", "\x1b[2J", "é", "{}", "0")
	f.Fuzz(func(t *testing.T, seq, atNanos int64, device, actor, action, subject, detail, prev string) {
		e := domain.AuditEntry{Seq: seq, At: time.Unix(0, atNanos), DeviceID: device, Actor: actor, Action: action,
			Subject: subject, Detail: detail, PrevHash: prev}
		fields, ok := decodeAudit(domain.CanonicalAuditEncoding(e))
		want := []string{strconv.FormatInt(seq, 10), e.At.UTC().Format(time.RFC3339Nano), device, actor, action, subject, detail, prev}
		if !ok || len(fields) != len(want) {
			t.Fatalf("encoding does not read back: %q", domain.CanonicalAuditEncoding(e))
		}
		for i := range want {
			if fields[i] != want[i] {
				t.Fatalf("field %d reads back as %q, want %q", i, fields[i], want[i])
			}
		}
		if h := domain.AuditHash(e); len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
			t.Fatalf("hash %q is not lower-case hex SHA-256", h)
		}
	})
}

// decodeAudit reads "guichet-audit-v1" then \n<len>:<bytes> fields.
func decodeAudit(b []byte) ([]string, bool) {
	rest, ok := bytes.CutPrefix(b, []byte("guichet-audit-v1"))
	if !ok {
		return nil, false
	}
	var fields []string
	for len(rest) > 0 {
		if rest[0] != '\n' {
			return nil, false
		}
		n, after, ok := bytes.Cut(rest[1:], []byte(":"))
		size, err := strconv.Atoi(string(n))
		if !ok || err != nil || size < 0 || size > len(after) {
			return nil, false
		}
		fields = append(fields, string(after[:size]))
		rest = after[size:]
	}
	return fields, true
}

// A chain built link by link verifies; removing, repeating, swapping or
// altering any one entry is found, at that entry.
func FuzzAuditChain(f *testing.F) {
	f.Add([]byte("amina\x00member.view\x001234567\x00karim\x00change.approve\x00RAB01-20260301-10001"), uint8(1), uint8(0))
	f.Add([]byte("a\x00b\x00c"), uint8(0), uint8(1))
	f.Add([]byte("a\x00b\x00c\x00d"), uint8(2), uint8(2))
	f.Add([]byte("a\x00b\x00c\x00d"), uint8(3), uint8(3))
	f.Add([]byte("x\x00x\x00x"), uint8(1), uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, at, how uint8) {
		parts := strings.Split(string(data), "\x00")
		if len(parts) > 64 {
			parts = parts[:64]
		}
		chain := make([]domain.AuditEntry, len(parts))
		head := domain.AuditHead{}
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i, p := range parts {
			e := domain.AuditEntry{Seq: int64(i + 1), At: t0.Add(time.Duration(i) * time.Second), DeviceID: "dev", Actor: p,
				Action: domain.AuditViewMember, Subject: p, PrevHash: domain.GenesisHash}
			if head.Seq > 0 {
				e.PrevHash = head.Hash
			}
			e.Hash = domain.AuditHash(e)
			chain[i], head = e, domain.AuditHead{Seq: e.Seq, Hash: e.Hash}
		}
		if b := verifyChain(chain); b != nil {
			t.Fatalf("an honest chain breaks at %+v", *b)
		}
		if len(chain) < 2 {
			return
		}
		k := int(at) % len(chain)
		tampered := append([]domain.AuditEntry(nil), chain...)
		switch how % 5 {
		case 0: // removed
			tampered = append(tampered[:k], tampered[k+1:]...)
		case 1: // repeated
			tampered = append(tampered[:k+1], tampered[k:]...)
		case 2: // swapped with the next
			if k == len(chain)-1 {
				k--
			}
			tampered[k], tampered[k+1] = tampered[k+1], tampered[k]
		case 3: // altered, hash kept
			tampered[k].Subject += "x"
		default: // altered and rehashed
			tampered[k].Actor += "x"
			tampered[k].Hash = domain.AuditHash(tampered[k])
			if k == len(chain)-1 {
				return // the last entry rehashed is a valid chain: the centre's copy is what catches it
			}
		}
		if how%5 == 0 && k == len(chain)-1 {
			return // dropping the tail leaves a valid, shorter chain: the sequence ack catches that
		}
		b := verifyChain(tampered)
		if b == nil {
			t.Fatalf("tampering %d at %d of %d went unnoticed", how%5, k, len(chain))
		}
		if want := int64(k + 1); how%5 == 4 {
			if b.Seq != want+1 || b.Reason != domain.BreakPreviousHash {
				t.Fatalf("rehashed entry %d: break %+v, want previous_hash at %d", want, *b, want+1)
			}
		} else if b.Seq > want+1 {
			t.Fatalf("tampering at %d found only at %+v", want, *b)
		}
	})
}

func verifyChain(chain []domain.AuditEntry) *domain.ChainBreak {
	var v domain.ChainVerifier
	for _, e := range chain {
		if b := v.Next(e); b != nil {
			return b
		}
	}
	return nil
}
