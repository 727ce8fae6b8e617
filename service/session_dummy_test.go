package service

import (
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
)

// The constant verified for unknown usernames must cost what a real
// password hash costs: same algorithm and parameters as HashPassword.
func TestDummyHashHasDomainParameters(t *testing.T) {
	if err := domain.CheckPasswordHash(dummyHash); err != nil {
		t.Fatalf("dummyHash is not a valid hash: %v", err)
	}
	fresh, err := domain.HashPassword("any password")
	if err != nil {
		t.Fatal(err)
	}
	params := func(h string) string { // $argon2id$v=..$m=..,t=..,p=..$
		parts := strings.Split(h, "$")
		return strings.Join(parts[:4], "$")
	}
	if params(dummyHash) != params(fresh) {
		t.Fatalf("dummyHash has %s, HashPassword makes %s: regenerate it", params(dummyHash), params(fresh))
	}
	if domain.VerifyPassword(dummyHash, "any password") {
		t.Fatal("dummyHash accepts a password")
	}
}
