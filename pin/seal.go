package pin

import (
	"crypto/rand"
	"errors"

	"golang.org/x/crypto/nacl/box"

	"github.com/cnops/guichet/domain"
)

// KeySize is the size of a sealed-box public or private key.
const KeySize = 32

// BoxKey is the centre's sealed-box key pair (Private is nil on a
// console, which only seals).
type BoxKey struct {
	ID      string
	Public  *[KeySize]byte
	Private *[KeySize]byte
}

// GenerateBoxKey makes a new key pair with the given id.
func GenerateBoxKey(id string) (BoxKey, error) {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		return BoxKey{}, err
	}
	return BoxKey{ID: id, Public: pub, Private: priv}, nil
}

// Seal seals a PIN to the public key: only the holder of the private key
// can open it, and the sealer keeps nothing that could.
func Seal(k BoxKey, pin string) (domain.SealedPIN, error) {
	if k.Public == nil || k.ID == "" {
		return domain.SealedPIN{}, domain.ErrPINNoKey
	}
	out, err := box.SealAnonymous(nil, []byte(pin), k.Public, rand.Reader)
	if err != nil {
		return domain.SealedPIN{}, err
	}
	return domain.SealedPIN{KeyID: k.ID, Box: out}, nil
}

// ErrNotOpened is a sealed PIN that does not open with the key: another
// key id, another key, or damaged bytes.
var ErrNotOpened = errors.New("sealed PIN does not open with this key")

// Open opens a sealed PIN with the key pair whose id it names.
func Open(k BoxKey, s domain.SealedPIN) (string, error) {
	if k.Private == nil || k.Public == nil || s.KeyID != k.ID {
		return "", ErrNotOpened
	}
	out, ok := box.OpenAnonymous(nil, s.Box, k.Public, k.Private)
	if !ok {
		return "", ErrNotOpened
	}
	return string(out), nil
}
