package domain

import (
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Bounds on a stored argon2id hash. Hashes come from elsewhere too (pushed
// by a device, fed by the centre): bounded parameters, so that a bad one can
// neither panic nor exhaust memory at sign-in, nor lock an account out.
const (
	maxPasswordHashLen = 512
	minHashMemoryKiB   = 8 * 1024
	maxHashMemoryKiB   = 256 * 1024
	maxHashIterations  = 10
	maxHashThreads     = 8
	minHashSaltLen     = 8
	minHashKeyLen      = 16
	maxHashKeyLen      = 64
)

// passwordHash is a parsed argon2id PHC string.
type passwordHash struct {
	memKiB, iters uint32
	threads       uint8
	salt, key     []byte
}

// CheckPasswordHash accepts only an argon2id PHC string
// ($argon2id$v=19$m=…,t=…,p=…$salt$key) whose parameters are within the
// bounds VerifyPassword accepts.
func CheckPasswordHash(encoded string) error {
	_, err := parsePasswordHash(encoded)
	return err
}

func parsePasswordHash(encoded string) (passwordHash, error) {
	var h passwordHash
	bad := NewFieldError("password_hash", KeyInvalidValue)
	parts := strings.Split(encoded, "$")
	if len(encoded) > maxPasswordHashLen || len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, bad
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return h, bad
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memKiB, &h.iters, &threads); err != nil ||
		h.memKiB < minHashMemoryKiB || h.memKiB > maxHashMemoryKiB ||
		h.iters < 1 || h.iters > maxHashIterations || threads < 1 || threads > maxHashThreads {
		return h, bad
	}
	h.threads = uint8(threads)
	enc := base64.RawStdEncoding
	var err1, err2 error
	h.salt, err1 = enc.DecodeString(parts[4])
	h.key, err2 = enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(h.salt) < minHashSaltLen ||
		len(h.key) < minHashKeyLen || len(h.key) > maxHashKeyLen {
		return h, bad
	}
	// Sscanf and base64 forgive spaces, signs, trailing text and line
	// breaks: only the exact PHC text of what was read is accepted.
	if encoded != fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.memKiB, h.iters, threads,
		enc.EncodeToString(h.salt), enc.EncodeToString(h.key)) {
		return h, bad
	}
	return h, nil
}
