// Package pin owns the cryptography of temporary PINs: generating them
// with crypto/rand, sealing a counter PIN to the centre's public key
// (nacl/box anonymous sealed boxes) and the keyed HMAC-SHA-256 verifiers
// the centre stores instead of PINs. The rules of reissue live in domain;
// nothing here stores or logs a PIN.
package pin
