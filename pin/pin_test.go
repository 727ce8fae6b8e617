package pin

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestGenerateGivesDigitsOfTheLength(t *testing.T) {
	seen := map[string]bool{}
	counts := make([]int, 10)
	for range 200 {
		p, err := Generate(12)
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 12 || strings.Trim(p, "0123456789") != "" {
			t.Fatalf("PIN %q is not 12 digits", p)
		}
		seen[p] = true
		for _, c := range p {
			counts[c-'0']++
		}
	}
	if len(seen) != 200 {
		t.Errorf("%d distinct PINs of 200", len(seen))
	}
	for d, n := range counts { // 2,400 digits: each expected 240 times
		if n < 150 || n > 340 {
			t.Errorf("digit %d drawn %d times of 2400", d, n)
		}
	}
	if _, err := Generate(0); err == nil {
		t.Error("length 0 accepted")
	}
}

func TestSealedPINOpensOnlyWithTheCentresKey(t *testing.T) {
	centre, err := GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	console := BoxKey{ID: centre.ID, Public: centre.Public} // what a device holds
	sealed, err := Seal(console, "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed.Box, []byte("123456789012")) {
		t.Fatal("the sealed box holds the PIN in clear")
	}
	got, err := Open(centre, sealed)
	if err != nil || got != "123456789012" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := Open(console, sealed); err == nil {
		t.Error("opened without the private key")
	}
	other, _ := GenerateBoxKey("b1")
	if _, err := Open(other, sealed); err == nil {
		t.Error("opened with another key pair")
	}
	renamed := sealed
	renamed.KeyID = "b2"
	if _, err := Open(centre, renamed); err == nil {
		t.Error("opened a box sealed to another key id")
	}
	tampered := sealed
	tampered.Box = append([]byte(nil), sealed.Box...)
	tampered.Box[len(tampered.Box)-1] ^= 1
	if _, err := Open(centre, tampered); err == nil {
		t.Error("opened a damaged box")
	}
	if _, err := Seal(BoxKey{}, "1234"); err == nil {
		t.Error("sealed without a key")
	}
}

func TestBoxKeyFromPrivateRebuildsThePair(t *testing.T) {
	k, _ := GenerateBoxKey("b1")
	again, err := BoxKeyFromPrivate("b1", k.Private[:])
	if err != nil || *again.Public != *k.Public {
		t.Fatalf("public key not derived: %v", err)
	}
	pub, err := PublicKey(EncodeKey(k.Public[:]))
	if err != nil || *pub != *k.Public {
		t.Fatalf("PublicKey round trip: %v", err)
	}
	if _, err := PublicKey(EncodeKey([]byte("short"))); err == nil {
		t.Error("a 5-byte public key accepted")
	}
}

func TestVerifierMatchesOnlyItsPINMemberAndIssue(t *testing.T) {
	keys, err := NewHMACKeys("h1", bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	id, v := keys.Verifier("123456", "issue-1", "12345678")
	if id != "h1" || strings.Contains(v, "12345678") {
		t.Fatalf("verifier %s/%s", id, v)
	}
	for _, c := range []struct {
		regno, issue, pin string
		want              bool
	}{
		{"123456", "issue-1", "12345678", true},
		{"123456", "issue-1", "12345679", false},
		{"123457", "issue-1", "12345678", false},
		{"123456", "issue-2", "12345678", false},
	} {
		ok, err := keys.Match(id, v, c.regno, c.issue, c.pin)
		if err != nil || ok != c.want {
			t.Errorf("Match(%v) = %v, %v", c, ok, err)
		}
	}
	// Rotation: a new current key; the old one still checks its verifiers.
	rotated, _ := NewHMACKeys("h2", bytes.Repeat([]byte{9}, 32))
	if _, err := rotated.Match(id, v, "123456", "issue-1", "12345678"); err == nil {
		t.Error("checked a verifier without its key")
	}
	if err := rotated.Add("h1", bytes.Repeat([]byte{7}, 32)); err != nil {
		t.Fatal(err)
	}
	if ok, err := rotated.Match(id, v, "123456", "issue-1", "12345678"); !ok || err != nil {
		t.Errorf("old verifier after rotation: %v, %v", ok, err)
	}
	if newID, _ := rotated.Verifier("123456", "issue-3", "1"); newID != "h2" {
		t.Errorf("new verifiers made with %s", newID)
	}
	if _, err := NewHMACKeys("h1", []byte("too short")); err == nil {
		t.Error("a 9-byte HMAC key accepted")
	}
	// One key per id: a second key under h1 would check its verifiers wrongly.
	if err := rotated.Add("h1", bytes.Repeat([]byte{8}, 32)); err == nil {
		t.Error("a second key under id h1 accepted")
	}
	if ids := rotated.IDs(); !slices.Equal(ids, []string{"h1", "h2"}) || !rotated.Has("h1") || rotated.Has("h3") {
		t.Errorf("key ids %v", ids)
	}
	if ok, _ := rotated.Match(id, v, "123456", "issue-1", "12345678"); !ok {
		t.Error("the refused duplicate replaced h1")
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	key := bytes.Repeat([]byte{0xab}, 32)
	path := filepath.Join(dir, "hmac.key")
	if err := os.WriteFile(path, []byte(EncodeKey(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadKeyFile(path)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("ReadKeyFile = %x, %v", got, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadKeyFile(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable key file: %v", err)
	}
	if hex, err := ParseKey(strings.Repeat("ab", 32)); err != nil || !bytes.Equal(hex, key) {
		t.Errorf("hex key: %x, %v", hex, err)
	}
	if _, err := ParseKey("not a key!"); err == nil {
		t.Error("garbage parsed as a key")
	}
}
