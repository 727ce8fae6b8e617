package domain

import (
	"errors"
	"strings"
	"testing"
)

// wantFieldError fails unless err is a field error on field with key.
func wantFieldError(t *testing.T, what string, err error, field, key string) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != field || fe.Key != key {
		t.Errorf("%s: got %v, want %s error on %s", what, err, key, field)
	}
}

func TestParseBranchCode(t *testing.T) {
	if c, err := ParseBranchCode("  RAB01 "); err != nil || c != "RAB01" {
		t.Errorf("ParseBranchCode(RAB01) = %q, %v", c, err)
	}
	for _, bad := range []string{"rab01", "R1", "RABATX1", "RAB0001", "RAB-1"} {
		_, err := ParseBranchCode(bad)
		wantFieldError(t, bad, err, "branch", KeyBranchFormat)
	}
	_, err := ParseBranchCode("  ")
	wantFieldError(t, "blank", err, "branch", KeyRequired)
}

func TestCheckNewAccount(t *testing.T) {
	ok := NewAccount{Username: " Amina.B ", DisplayName: " Amina B. ", Role: RoleAgent,
		Branch: "RAB01", Password: "long enough pw"}
	got, err := CheckNewAccount(ok)
	if err != nil || got.Username != "amina.b" || got.DisplayName != "Amina B." || got.Branch != "RAB01" {
		t.Fatalf("CheckNewAccount = %+v, %v", got, err)
	}
	if got, err := CheckNewAccount(NewAccount{Username: "root", DisplayName: "Root", Role: RoleAdmin,
		Password: "long enough pw"}); err != nil || got.Branch != "" {
		t.Errorf("admin without a branch: %+v, %v", got, err)
	}
	for _, c := range []struct {
		what       string
		change     func(*NewAccount)
		field, key string
	}{
		{"username", func(a *NewAccount) { a.Username = "9lives" }, "username", KeyUsernameFormat},
		{"display name", func(a *NewAccount) { a.DisplayName = "" }, "display_name", KeyRequired},
		{"long display name", func(a *NewAccount) { a.DisplayName = strings.Repeat("x", MaxDisplayNameLen+1) }, "display_name", KeyTooLong},
		{"role", func(a *NewAccount) { a.Role = "root" }, "role", KeyRoleUnknown},
		{"agent without branch", func(a *NewAccount) { a.Branch = "" }, "branch", KeyRequired},
		{"supervisor without branch", func(a *NewAccount) { a.Role, a.Branch = RoleSupervisor, "" }, "branch", KeyRequired},
		{"admin with a bad branch", func(a *NewAccount) { a.Role, a.Branch = RoleAdmin, "rabat" }, "branch", KeyBranchFormat},
		{"short password", func(a *NewAccount) { a.Password = "short" }, "password", KeyPasswordTooShort},
	} {
		a := ok
		c.change(&a)
		_, err := CheckNewAccount(a)
		wantFieldError(t, c.what, err, c.field, c.key)
	}
}

func TestCheckPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckPasswordHash(h); err != nil {
		t.Fatalf("own hash refused: %v", err)
	}
	const params = "m=19456,t=2,p=1"
	salt, key := strings.Split(h, "$")[4], strings.Split(h, "$")[5]
	for what, bad := range map[string]string{
		"empty":          "",
		"bcrypt":         "$2b$10$abcdefghijklmnopqrstuv",
		"argon2i":        strings.Replace(h, "argon2id", "argon2i", 1),
		"old version":    strings.Replace(h, "v=19", "v=16", 1),
		"huge memory":    strings.Replace(h, params, "m=1048576,t=2,p=1", 1),
		"tiny memory":    strings.Replace(h, params, "m=1024,t=2,p=1", 1),
		"no iterations":  strings.Replace(h, params, "m=19456,t=0,p=1", 1),
		"many threads":   strings.Replace(h, params, "m=19456,t=2,p=9", 1),
		"overflow":       strings.Replace(h, params, "m=19456,t=2,p=4294967297", 1),
		"short salt":     strings.Replace(h, salt, "c2FsdA", 1),
		"short key":      strings.Replace(h, key, "a2V5a2V5", 1),
		"bad base64":     strings.Replace(h, key, "!!!!", 1),
		"extra field":    h + "$x",
		"leading text":   "x" + h,
		"overlong":       h + strings.Repeat("A", 600),
		"missing params": "$argon2id$v=19$$" + salt + "$" + key,
	} {
		wantFieldError(t, what, CheckPasswordHash(bad), "password_hash", KeyInvalidValue)
		if VerifyPassword(bad, "correct horse battery") {
			t.Errorf("%s: VerifyPassword accepted a hash CheckPasswordHash refuses", what)
		}
	}
}
