package pin

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/crypto/curve25519"
)

// ParseKey reads key bytes written as hex or standard base64 (surrounding
// space ignored), as key files and the environment hold them.
func ParseKey(text string) ([]byte, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, errors.New("empty key")
	}
	if b, err := hex.DecodeString(s); err == nil {
		return b, nil
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return nil, errors.New("a key must be written in hex or base64")
}

// ReadKeyFile reads a key file, refusing one that others may read.
func ReadKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file %s is readable by others (mode %v): chmod 600 it", path, info.Mode().Perm())
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := ParseKey(string(text))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return key, nil
}

// PublicKey reads a sealed-box public key (base64 or hex, 32 bytes).
func PublicKey(text string) (*[KeySize]byte, error) {
	b, err := ParseKey(text)
	if err != nil {
		return nil, err
	}
	return fixed(b)
}

// BoxKeyFromPrivate completes a key pair from its private key.
func BoxKeyFromPrivate(id string, private []byte) (BoxKey, error) {
	priv, err := fixed(private)
	if err != nil {
		return BoxKey{}, err
	}
	out, err := curve25519.X25519(priv[:], curve25519.Basepoint)
	if err != nil {
		return BoxKey{}, err
	}
	pub, err := fixed(out)
	if err != nil {
		return BoxKey{}, err
	}
	return BoxKey{ID: id, Public: pub, Private: priv}, nil
}

// EncodeKey writes key bytes as base64, the form key files use.
func EncodeKey(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func fixed(b []byte) (*[KeySize]byte, error) {
	if len(b) != KeySize {
		return nil, fmt.Errorf("a sealed-box key is %d bytes (got %d)", KeySize, len(b))
	}
	k := new([KeySize]byte)
	copy(k[:], b)
	return k, nil
}
