package pin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// MinHMACKeyBytes is the shortest HMAC key accepted (256 bits).
const MinHMACKeyBytes = 32

// HMACKeys holds the centre's verifier keys by id: Current makes new
// verifiers; the others still check the verifiers they made, so a key can
// be rotated without invalidating the PINs in the post.
type HMACKeys struct {
	Current string
	keys    map[string][]byte
}

// NewHMACKeys builds a keyring whose current key is id.
func NewHMACKeys(id string, key []byte) (*HMACKeys, error) {
	k := &HMACKeys{keys: map[string][]byte{}}
	if err := k.Add(id, key); err != nil {
		return nil, err
	}
	k.Current = id
	return k, nil
}

// Add keeps an older key for checking the verifiers it made. An id given
// twice is refused: two keys under one id would check verifiers with the
// wrong one.
func (k *HMACKeys) Add(id string, key []byte) error {
	if id == "" {
		return errors.New("an HMAC key needs an id")
	}
	if _, taken := k.keys[id]; taken {
		return fmt.Errorf("HMAC key id %q is given twice", id)
	}
	if len(key) < MinHMACKeyBytes {
		return fmt.Errorf("HMAC key %q is %d bytes; at least %d are needed", id, len(key), MinHMACKeyBytes)
	}
	k.keys[id] = append([]byte(nil), key...)
	return nil
}

// IDs lists the ids of the keys held, sorted.
func (k *HMACKeys) IDs() []string { return slices.Sorted(maps.Keys(k.keys)) }

// Has reports whether the keyring holds key id.
func (k *HMACKeys) Has(id string) bool { _, ok := k.keys[id]; return ok }

// Verifier is what the centre stores for a PIN: HMAC-SHA-256 under the
// current key of the PIN bound to its member and issue, with that key's
// id. Without the key, which never enters the database, the verifier
// tells nothing about the PIN.
func (k *HMACKeys) Verifier(regno, issueID, pin string) (keyID, verifier string) {
	return k.Current, hex.EncodeToString(mac(k.keys[k.Current], regno, issueID, pin))
}

// Match compares a candidate PIN with a stored verifier in constant time.
// An unknown key id is an error (the key was dropped too early).
func (k *HMACKeys) Match(keyID, verifier, regno, issueID, candidate string) (bool, error) {
	key, ok := k.keys[keyID]
	if !ok {
		return false, fmt.Errorf("no HMAC key %q to check this PIN with", keyID)
	}
	want, err := hex.DecodeString(verifier)
	if err != nil {
		return false, fmt.Errorf("stored verifier: %w", err)
	}
	return hmac.Equal(want, mac(key, regno, issueID, candidate)), nil
}

// mac covers the fields length-prefixed, so no two inputs share a message.
func mac(key []byte, fields ...string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("guichet-pin-v1"))
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s", len(f), f)
	}
	return h.Sum(nil)
}
