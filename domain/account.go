package domain

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum (m=19 MiB, t=2, p=1).
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Password length limits. The upper bound keeps hashing cost bounded.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
)

var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)

// ParseUsername normalises a username (trim, lower-case) and checks it:
// 2–32 characters, a letter first, then letters, digits, dot, dash, underscore.
// Usernames are unique across the whole centre.
func ParseUsername(s string) (string, error) {
	u := strings.ToLower(strings.TrimSpace(s))
	if u == "" {
		return "", NewFieldError("username", KeyRequired)
	}
	if !usernamePattern.MatchString(u) {
		return "", NewFieldError("username", KeyUsernameFormat)
	}
	return u, nil
}

// CheckNewPassword applies the password policy to a password being set.
func CheckNewPassword(p string) error {
	if !utf8.ValidString(p) {
		return NewFieldError("password", KeyInvalidUTF8)
	}
	n := utf8.RuneCountInString(p)
	if n < MinPasswordLen {
		return NewFieldError("password", KeyPasswordTooShort, MinPasswordLen)
	}
	if n > MaxPasswordLen {
		return NewFieldError("password", KeyTooLong, MaxPasswordLen)
	}
	return nil
}

// HashPassword returns the PHC-style argon2id encoding of a password.
func HashPassword(p string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(p), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemoryKiB, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// VerifyPassword checks a password against an encoding made by HashPassword
// (with whatever parameters it records, within CheckPasswordHash's bounds),
// in constant time.
func VerifyPassword(encoded, p string) bool {
	h, err := parsePasswordHash(encoded)
	if err != nil || len(p) > 4*MaxPasswordLen {
		return false
	}
	got := argon2.IDKey([]byte(p), h.salt, h.iters, h.memKiB, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1
}

// LockoutPolicy locks an account on a device after repeated failures.
type LockoutPolicy struct {
	MaxFailures int
	Duration    time.Duration
}

// LockState is what a device remembers of an account's failed sign-ins.
type LockState struct {
	Failures    int
	LockedUntil time.Time
}

// Locked reports whether sign-in is refused at now.
func (s LockState) Locked(now time.Time) bool { return now.Before(s.LockedUntil) }

// AfterFailure returns the state after one more failed sign-in: the account
// locks for Duration on reaching MaxFailures, and counting restarts.
func (p LockoutPolicy) AfterFailure(s LockState, now time.Time) LockState {
	s.Failures++
	if s.Failures >= p.MaxFailures {
		return LockState{Failures: 0, LockedUntil: now.Add(p.Duration)}
	}
	return s
}
