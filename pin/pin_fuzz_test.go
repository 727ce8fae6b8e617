package pin

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
)

// A key written in hex or base64 reads back as the bytes it holds, written
// again either way (base64 that is also hex reads as hex: documented); a
// refusal never quotes the key.
func FuzzParseKey(f *testing.F) {
	for _, s := range []string{strings.Repeat("ab", 32), " " + strings.Repeat("AB", 16) + "\n", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"AAAA\nAAAA", "abc", "zz", "====", "", " ", "\x00", "AAAAAAAA\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		key, err := ParseKey(text)
		if err != nil {
			if strings.Contains(err.Error(), strings.TrimSpace(text)) && len(strings.TrimSpace(text)) >= 8 {
				t.Fatalf("the refusal quotes the key: %v", err)
			}
			return
		}
		if len(key) == 0 {
			t.Fatalf("ParseKey(%q) accepted an empty key", text)
		}
		for _, again := range []string{EncodeKey(key), hex.EncodeToString(key)} {
			if _, isHex := hex.DecodeString(again); isHex == nil && again != hex.EncodeToString(key) {
				continue // base64 that is hex too reads as hex (hex comes first); a 32-byte key's base64 never is
			}
			back, err := ParseKey(again)
			if err != nil || !bytes.Equal(back, key) {
				t.Fatalf("%q does not read back (%v)", again, err)
			}
		}
		if pub, err := PublicKey(text); (err == nil) != (len(key) == KeySize) || err == nil && !bytes.Equal(pub[:], key) {
			t.Fatalf("PublicKey(%q) = %v, %v for a %d-byte key", text, pub, err, len(key))
		}
	})
}

// A sealed PIN opens with its key pair to the PIN sealed, and nothing
// else opens: another key id, or any change to the box.
func FuzzSealOpen(f *testing.F) {
	f.Add("12345678", []byte{}, uint16(0), byte(1))
	f.Add("", []byte{1, 2, 3}, uint16(5), byte(0x80))
	f.Add("000000000000", []byte(strings.Repeat("x", 100)), uint16(47), byte(0xff))
	key, err := BoxKeyFromPrivate("b1", bytes.Repeat([]byte{7}, KeySize))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, pin string, junk []byte, at uint16, flip byte) {
		if _, err := Open(key, domain.SealedPIN{KeyID: "b1", Box: junk}); !errors.Is(err, ErrNotOpened) {
			t.Fatalf("random bytes %x opened: %v", junk, err)
		}
		sealed, err := Seal(key, pin)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Open(key, sealed); err != nil || got != pin {
			t.Fatalf("sealed %q opens as %q, %v", pin, got, err)
		}
		if _, err := Open(key, domain.SealedPIN{KeyID: "b2", Box: sealed.Box}); !errors.Is(err, ErrNotOpened) {
			t.Fatal("opened under another key id")
		}
		if flip != 0 {
			box := append([]byte(nil), sealed.Box...)
			box[int(at)%len(box)] ^= flip
			if _, err := Open(key, domain.SealedPIN{KeyID: "b1", Box: box}); !errors.Is(err, ErrNotOpened) {
				t.Fatal("a damaged box opened")
			}
		}
	})
}

// A verifier matches its own PIN only: not another PIN, not the same PIN
// of another member or issue, even when the fields' bytes run together
// the same way ("12"+"3" against "1"+"23").
func FuzzVerifierMatch(f *testing.F) {
	f.Add("1234567", "0190a0b2-7c3d-7e00-8000-000000000001", "12345678", "12345679", uint8(0))
	f.Add("12", "3", "45", "45", uint8(1))
	f.Add("", "", "", "0", uint8(2))
	keys, err := NewHMACKeys("h1", bytes.Repeat([]byte{9}, MinHMACKeyBytes))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, regno, issue, pin, other string, shift uint8) {
		id, verifier := keys.Verifier(regno, issue, pin)
		if ok, err := keys.Match(id, verifier, regno, issue, pin); err != nil || !ok {
			t.Fatalf("the PIN does not match its own verifier (%v)", err)
		}
		if strings.Contains(verifier, pin) && len(pin) >= 6 {
			t.Fatalf("the verifier shows the PIN")
		}
		if ok, _ := keys.Match(id, verifier, regno, issue, other); ok != (other == pin) {
			t.Fatalf("PIN %q matches the verifier of %q: %v", other, pin, ok)
		}
		// Move bytes across the boundary between two fields.
		joined := regno + issue
		cut := int(shift) % (len(joined) + 1)
		if r2, i2 := joined[:cut], joined[cut:]; r2 != regno {
			if ok, _ := keys.Match(id, verifier, r2, i2, pin); ok {
				t.Fatalf("fields %q+%q match the verifier of %q+%q", r2, i2, regno, issue)
			}
		}
		if _, err := keys.Match("h0", verifier, regno, issue, pin); err == nil {
			t.Fatal("an unknown key id matched")
		}
	})
}
