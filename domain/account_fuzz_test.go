package domain_test

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

var (
	canonicalUsername = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)
	canonicalBranch   = regexp.MustCompile(`^[A-Z]{2,5}[0-9]{0,3}$`)
)

func FuzzParseUsername(f *testing.F) {
	for _, s := range []string{"amina", " Amina ", "a", "ab", "1amina", "amina.b-c_d", strings.Repeat("a", 33), "\u212arim", "am\x1bina", "amïna", "admin;--", "../root", ""} {
		f.Add(s)
	}
	fuzzCanonical(f, "ParseUsername", domain.ParseUsername, "username", canonicalUsername)
}

func FuzzParseBranchCode(f *testing.F) {
	for _, s := range []string{"RAB01", " RAB01 ", "rab01", "R", "RABAT1234", "RA", "AB\x1b1", "RAB01\n", "ＲＡＢ01", ""} {
		f.Add(s)
	}
	fuzzCanonical(f, "ParseBranchCode", domain.ParseBranchCode, "branch", canonicalBranch)
}

func FuzzParseRole(f *testing.F) {
	for _, s := range []string{"agent", "supervisor", "admin", "Admin", " admin", "root", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := domain.ParseRole(s)
		if err != nil {
			wantFieldErr(t, err, "role")
			return
		}
		if string(r) != s || (r != domain.RoleAgent && r != domain.RoleSupervisor && r != domain.RoleAdmin) {
			t.Fatalf("ParseRole(%q) = %q", s, r)
		}
	})
}

func FuzzCheckNewPassword(f *testing.F) {
	for _, s := range []string{"correct horse", "short", strings.Repeat("x", 128), strings.Repeat("x", 129), strings.Repeat("é", 128), "\xff\xfe0123456789", "0123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := domain.CheckNewPassword(s); err != nil {
			fe := wantFieldErr(t, err, "password")
			for _, a := range fe.Args {
				if _, isInt := a.(int); !isInt {
					t.Fatalf("the error carries %T %v: it could be the password", a, a)
				}
			}
			return
		}
		if n := utf8.RuneCountInString(s); !utf8.ValidString(s) || n < domain.MinPasswordLen || n > domain.MaxPasswordLen {
			t.Fatalf("accepted a password of %d characters (valid UTF-8: %v)", n, utf8.ValidString(s))
		}
	})
}

// A new account, whoever types it (console or centre), comes out
// normalised once and for all: checking it again changes nothing, and an
// agent or a supervisor always has a branch.
func FuzzCheckNewAccount(f *testing.F) {
	f.Add("Amina", " Amina Idrissi ", "agent", "RAB01", "correct horse")
	f.Add("root", "Root", "admin", "", "correct horse")
	f.Add("karim", "Karim", "supervisor", "", "correct horse")
	f.Add("karim", "Ka\x1b[2Jrim", "supervisor", "RAB01", "correct horse")
	f.Add("karim", "Karim", "Supervisor", "RAB01", "correct horse")
	f.Add("karim", "", "agent", "RAB01", "correct horse")
	f.Add("karim", "Karim", "agent", "rab01", "short")
	f.Fuzz(func(t *testing.T, user, display, role, branch, password string) {
		in := domain.NewAccount{Username: user, DisplayName: display, Role: domain.Role(role), Branch: branch, Password: password}
		out, err := domain.CheckNewAccount(in)
		if err != nil {
			wantFieldErr(t, err, "username", "display_name", "role", "branch", "password")
			return
		}
		wantPrintable(t, "display name", out.DisplayName)
		if out.DisplayName == "" || utf8.RuneCountInString(out.DisplayName) > domain.MaxDisplayNameLen {
			t.Fatalf("display name %q accepted", out.DisplayName)
		}
		if out.Role != domain.RoleAdmin && out.Branch == "" {
			t.Fatalf("a %s without a branch was accepted", out.Role)
		}
		if out.Password != password {
			t.Fatal("the password was altered")
		}
		if again, err := domain.CheckNewAccount(out); err != nil || again != out {
			t.Fatalf("not a fixed point: %+v -> %+v, %v", out, again, err)
		}
	})
}

// A stored password hash comes from devices and the feed too: whatever is
// accepted has bounded parameters (no memory exhaustion at sign-in) and is
// exactly the PHC text of what was read (nothing else rides along).
func FuzzCheckPasswordHash(f *testing.F) {
	good := "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$" + strings.Repeat("A", 43)
	for _, s := range []string{
		good, strings.Replace(good, "m=19456", "m=4194304", 1), strings.Replace(good, "t=2", "t=0", 1),
		strings.Replace(good, "p=1", "p=1garbage", 1), strings.Replace(good, "v=19", "v=19x", 1),
		strings.Replace(good, "m=19456", "m= 19456", 1), strings.Replace(good, "m=19456", "m=+19456", 1),
		strings.Replace(good, "c2Fs", "c2Fs\n", 1), strings.Replace(good, "c2Fs", "c2Fs\r", 1),
		strings.Replace(good, "argon2id", "argon2i", 1), "$argon2id$v=19$m=19456,t=2,p=1$$", "", "$$$$$",
		strings.Repeat("$", 600),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := domain.CheckPasswordHash(s); err != nil {
			wantFieldErr(t, err, "password_hash")
			return
		}
		parts := strings.Split(s, "$")
		var m, it, p uint32
		if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &it, &p); err != nil {
			t.Fatalf("accepted parameters %q do not read: %v", parts[3], err)
		}
		enc := base64.RawStdEncoding
		salt, _ := enc.DecodeString(parts[4])
		key, _ := enc.DecodeString(parts[5])
		canonical := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", m, it, p, enc.EncodeToString(salt), enc.EncodeToString(key))
		if s != canonical {
			t.Fatalf("accepted a hash that is not its own canonical form:\n%q\n%q", s, canonical)
		}
		if m > 256*1024 || it > 10 || p > 8 || len(s) > 512 {
			t.Fatalf("accepted unbounded parameters m=%d t=%d p=%d", m, it, p)
		}
	})
}
