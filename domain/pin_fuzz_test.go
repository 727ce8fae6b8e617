package domain_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

func FuzzParsePINChannel(f *testing.F) {
	for _, s := range []string{"post", "counter", "email", "Post", " post", "sms", ""} {
		f.Add("channel", s)
	}
	f.Fuzz(func(t *testing.T, field, s string) {
		ch, err := domain.ParsePINChannel(field, s)
		if err != nil {
			wantFieldErr(t, err, field)
			return
		}
		if string(ch) != s || (ch != domain.ChannelPost && ch != domain.ChannelCounter && ch != domain.ChannelEmail) {
			t.Fatalf("ParsePINChannel(%q) = %q", s, ch)
		}
	})
}

// A PIN is accepted only as exactly the policy's number of ASCII digits,
// and a refusal never carries the PIN typed.
func FuzzCheckPIN(f *testing.F) {
	for _, s := range []string{"12345678", "1234567", "123456789", "1234 678", "١٢٣٤٥٦٧٨", "1234567\x00", "-1234567", "+1234567", ""} {
		f.Add(s, 8)
	}
	f.Add("123456", 6)
	f.Fuzz(func(t *testing.T, s string, length int) {
		p := domain.PINPolicy{Length: length}
		if err := domain.CheckPIN(s, p); err != nil {
			fe := wantFieldErr(t, err, "pin")
			if len(fe.Args) != 1 || fe.Args[0] != length {
				t.Fatalf("refusal carries %v, want only the length", fe.Args)
			}
			return
		}
		if len(s) != length || strings.Trim(s, "0123456789") != "" {
			t.Fatalf("PIN %q accepted for length %d", s, length)
		}
	})
}

// A policy that passes Check is within its documented ranges; with it, a
// PIN works on its last day and not two days after, and the reissue limit
// lifts at the time its refusal names.
func FuzzPINPolicy(f *testing.F) {
	f.Add(8, 30, 3, int64(72*time.Hour), int64(1772355600), []byte{0, 1, 2, 3, 4, 5})
	f.Add(6, 1, 1, int64(0), int64(1774746000), []byte{9, 9, 9})       // around a Ramadan clock change
	f.Add(12, 365, 100, int64(-1), int64(-62135596800), []byte{})      // negative cooling-off, year 1
	f.Add(5, 0, 0, int64(0), int64(253402300799), []byte{255, 0, 255}) // out of range
	casablanca, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, length, validity, maxReissues int, coolingOff, issuedUnix int64, history []byte) {
		p := domain.PINPolicy{Length: length, ValidityDays: validity, MaxReissues: maxReissues,
			CoolingOff: time.Duration(coolingOff), Location: casablanca}
		if err := p.Check(); err != nil {
			return
		}
		if length < domain.MinPINLength || length > domain.MaxPINLength || validity < 1 || validity > 365 || maxReissues < 1 || coolingOff < 0 {
			t.Fatalf("Check accepted %+v", p)
		}
		issued := time.Unix(issuedUnix%(400*365*24*3600), 0)
		expires := domain.PINExpiry(issued, p)
		day := 24 * time.Hour
		if domain.PINExpired(expires, p, issued.Add(time.Duration(validity-1)*day)) {
			t.Fatalf("a PIN of %d days issued %v expired (%v) before its last day", validity, issued, expires)
		}
		if !domain.PINExpired(expires, p, issued.Add(time.Duration(validity+2)*day)) {
			t.Fatalf("a PIN of %d days issued %v still works two days after %v", validity, issued, expires)
		}
		// A history of reissues, each byte an age in hours (refused when odd).
		var issues []domain.PINIssue
		for _, b := range history {
			state := domain.PINActive
			if b%2 == 1 {
				state = domain.PINRefused
			}
			issues = append(issues, domain.PINIssue{State: state, RequestedAt: issued.Add(-time.Duration(b) * 4 * time.Hour)})
		}
		err := domain.PINLimitError(issues, p, issued)
		if recent := domain.RecentPINReissues(issues, issued); (err != nil) != (len(recent) >= maxReissues) {
			t.Fatalf("%d recent reissues, limit %d: %v", len(recent), maxReissues, err)
		}
		var refusal *domain.Error
		if errors.As(err, &refusal) {
			from := refusal.Args[1].(time.Time)
			if !from.After(issued) || domain.PINLimitError(issues, p, from) != nil {
				t.Fatalf("the limit does not lift at %v, the time its refusal names", from)
			}
		}
	})
}

// Whatever the member, channel, history and override, a reissue that
// passes obeys every rule: an agent or a supervisor, an active member, a
// verified address for post and counter, a student's e-mail, and in the
// cooling-off a reason and a supervisor other than the actor who is the
// one the override names.
func FuzzCheckPINReissue(f *testing.F) {
	f.Add("agent", "amina", "counter", "active", "active", "", true, true, int64(100), "", "", "", "")
	f.Add("agent", "amina", "post", "active", "active", "", true, true, int64(1), "karim", "address moved", "karim", "supervisor")
	f.Add("supervisor", "karim", "post", "active", "active", "", true, true, int64(1), "karim", "me", "karim", "supervisor")
	f.Add("agent", "amina", "post", "active", "active", "", true, true, int64(1), "karim", "  ", "karim", "supervisor")
	f.Add("agent", "amina", "post", "active", "active", "", true, true, int64(1), "karim", "ok", "nadia", "supervisor")
	f.Add("agent", "amina", "post", "active", "active", "", true, true, int64(1), "root", "ok", "root", "admin")
	f.Add("agent", "amina", "email", "active", "student", "a@b.ma", false, false, int64(0), "", "", "", "")
	f.Add("agent", "amina", "email", "active", "retired", "a@b.ma", true, true, int64(0), "", "", "", "")
	f.Add("admin", "root", "counter", "active", "active", "", true, true, int64(0), "", "", "", "")
	f.Add("agent", "amina", "counter", "suspended", "active", "", true, true, int64(0), "", "", "", "")
	f.Add("agent", "amina", "counter", "active", "active", "", true, false, int64(0), "", "", "", "")
	f.Add("agent", "amina", "sms", "active", "active", "", true, true, int64(0), "", "", "", "")
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	p := domain.DefaultPINPolicy(time.UTC)
	f.Fuzz(func(t *testing.T, role, user, channel, status, category, email string, hasAddress, verified bool, hoursSinceChange int64,
		overrideBy, reason, granterName, granterRole string) {
		actor := domain.Actor{Username: user, Role: domain.Role(role), Branch: "RAB01"}
		s := domain.PINSubject{Member: domain.Member{Status: domain.MemberStatus(status), Category: domain.Category(category), Email: email}}
		if hasAddress {
			s.Address = &domain.Address{Verified: verified}
		}
		if hoursSinceChange > 0 {
			s.AddressChangedAt = now.Add(-time.Duration(hoursSinceChange%100000) * time.Hour)
		}
		var override *domain.PINOverride
		var granter *domain.Actor
		if overrideBy != "" || reason != "" {
			override = &domain.PINOverride{By: overrideBy, Reason: reason}
			granter = &domain.Actor{Username: granterName, Role: domain.Role(granterRole)}
		}
		err := domain.CheckPINReissue(actor, domain.PINChannel(channel), s, p, now, override, granter)
		if err != nil {
			if fe, ok := domain.AsFieldError(err); ok {
				wantFieldErr(t, fe, "channel", "reason", "override_by")
			} else if !errors.As(err, new(*domain.Error)) {
				t.Fatalf("untyped refusal %T %v", err, err)
			}
			return
		}
		broken := func(rule string) {
			t.Fatalf("reissue allowed against the rule %q: %s", rule, fmt.Sprint(actor, channel, s, override, granter))
		}
		switch {
		case actor.Role != domain.RoleAgent && actor.Role != domain.RoleSupervisor:
			broken("agents and supervisors")
		case status != string(domain.StatusActive):
			broken("active members")
		case (channel == "post" || channel == "counter") && (!hasAddress || !verified):
			broken("a verified address")
		case channel == "email" && (category != string(domain.CategoryStudent) || email == ""):
			broken("e-mail for students")
		case channel != "post" && channel != "counter" && channel != "email":
			broken("known channels")
		}
		if now.Before(domain.CoolingOffUntil(s.AddressChangedAt, p)) {
			switch {
			case override == nil || strings.TrimSpace(override.Reason) == "":
				broken("an override with a reason in the cooling-off")
			case granter.Username == actor.Username || granter.Role != domain.RoleSupervisor || granter.Username != override.By:
				broken("a second supervisor, the one named")
			}
		}
	})
}
