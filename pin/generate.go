package pin

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// Generate returns a PIN of length decimal digits, each uniform.
func Generate(length int) (string, error) {
	if length < 1 {
		return "", fmt.Errorf("pin length %d", length)
	}
	ten := big.NewInt(10)
	b := make([]byte, length)
	for i := range b {
		d, err := rand.Int(rand.Reader, ten)
		if err != nil {
			return "", err
		}
		b[i] = byte('0' + d.Int64())
	}
	return string(b), nil
}
