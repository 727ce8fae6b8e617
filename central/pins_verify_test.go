package central_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func TestExpiredPIN(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, memberA)
	// The console printed an earlier expiry than the policy's: it holds.
	printed := domain.PINExpiry(p.clock, pinPolicy12(p.loc)).AddDate(0, 0, -20)
	ev.ExpiresOn = printed.Format(domain.DateLayout)
	p.pushPIN(p.rabA, ev)
	if rec := p.issues(memberA)[0]; rec.ExpiresOn != ev.ExpiresOn {
		t.Fatalf("expiry %s, want the printed %s", rec.ExpiresOn, ev.ExpiresOn)
	}
	// The last day works to its end in Casablanca's time (UTC+1 then).
	p.clock = time.Date(printed.Year(), printed.Month(), printed.Day(), 22, 30, 0, 0, time.UTC)
	if got := p.verify(memberA, code); got != wire.PINValid {
		t.Fatalf("on its last day: %s", got)
	}
	p.clock = p.clock.Add(time.Hour)
	if got := p.verify(memberA, code); got != wire.PINExpired {
		t.Fatalf("the day after: %s", got)
	}
	// A wrong PIN on an expired issue tells nothing and counts nothing.
	for range central.MaxPINFailures + 1 {
		if got := p.verify(memberA, otherPIN(code)); got != wire.PINInvalid {
			t.Fatalf("wrong PIN on an expired issue: %s", got)
		}
	}
	if rec := p.issues(memberA)[0]; rec.Failures != 0 || rec.State != domain.PINActive {
		t.Fatalf("expired issue: %+v", rec)
	}
}

func TestLockedAfterFiveFailuresUntilTheNextReissue(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, memberA)
	p.pushPIN(p.rabA, ev)
	_, _, cursor := p.pull(p.rabA, 0, 1000)
	for i := 1; i <= central.MaxPINFailures; i++ {
		want := wire.PINInvalid
		if i == central.MaxPINFailures {
			want = wire.PINLocked // the failure that locks says so
		}
		if got := p.verify(memberA, otherPIN(code)); got != want {
			t.Fatalf("failure %d: %s, want %s", i, got, want)
		}
	}
	if got := p.verify(memberA, code); got != wire.PINLocked {
		t.Fatalf("right PIN after %d failures: %s", central.MaxPINFailures, got)
	}
	if rec := p.issues(memberA)[0]; rec.State != domain.PINLocked || rec.Failures != central.MaxPINFailures {
		t.Fatalf("issue: %+v", rec)
	}
	// The lock reaches the consoles; the failures before it did not.
	items, _, _ := p.pull(p.rabA, cursor, 1000)
	if len(items) != 1 || items[0].PIN == nil || items[0].PIN.State != string(domain.PINLocked) {
		t.Fatalf("feed after the lock: %+v", items)
	}
	p.clock = p.clock.Add(time.Hour)
	next, code2 := p.counter(agent, memberA)
	wantStatus(t, "reissue", p.pushPIN(p.rabA, next), wire.StatusApplied, "")
	if s := p.states(memberA); s != "superseded active" {
		t.Fatalf("states: %s", s)
	}
	if p.verify(memberA, code2) != wire.PINValid || p.verify(memberA, code) != wire.PINInvalid {
		t.Fatal("the next reissue must unlock with its own PIN only")
	}
	var actions []string
	log, _ := p.app.AccessLog(p.ctx, time.Time{})
	for _, e := range log {
		if e.Actor == "portal" {
			actions = append(actions, strings.TrimPrefix(e.Action, central.ActionPINVerify+"."))
		}
	}
	if got := strings.Join(actions, " "); got != "invalid invalid invalid invalid locked locked valid invalid" {
		t.Fatalf("verifications logged: %s", got)
	}
}

func TestPortalClients(t *testing.T) {
	p := newPINFixture(t)
	if _, err := p.app.AddPortalClient(p.ctx, "portal"); !isFieldErr(err, "name", central.KeyPortalClientExists) {
		t.Fatalf("second active client of a name: %v", err)
	}
	for _, bad := range []string{"", "a b", "-x", "\x1b[31m", strings.Repeat("x", 41)} {
		if _, err := p.app.AddPortalClient(p.ctx, bad); !isFieldErr(err, "name", domain.KeyInvalidValue) {
			t.Errorf("name %q: %v", bad, err)
		}
	}
	// A device's token is no portal token, and the other way round.
	if _, err := p.app.AuthenticatePortal(p.ctx, p.tokens[p.rabA.ID]); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("device token as a portal token: %v", err)
	}
	if _, err := p.app.DeviceByToken(p.ctx, p.token); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("portal token as a device token: %v", err)
	}
	if _, err := p.app.AuthenticatePortal(p.ctx, ""); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("no token: %v", err)
	}
	if err := p.app.RevokePortalClient(p.ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	if err := p.app.RevokePortalClient(p.ctx, "portal"); !errors.Is(err, central.ErrNotFound) {
		t.Fatalf("revoking twice: %v", err)
	}
	if _, err := p.app.AuthenticatePortal(p.ctx, p.token); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("revoked token: %v", err)
	}
	// A verification already past authentication stops at the revocation.
	if _, err := p.app.VerifyPIN(p.ctx, p.portal, wire.PINVerifyRequest{RegNo: memberA, PIN: "123456"}); !errors.Is(err, central.ErrUnauthorized) {
		t.Fatalf("verification by a revoked client: %v", err)
	}
	token, err := p.app.AddPortalClient(p.ctx, "portal")
	if err != nil || token == p.token || len(token) != 43 {
		t.Fatalf("new token after a revocation: %q %v", token, err)
	}
	list, err := p.app.PortalClients(p.ctx)
	if err != nil || len(list) != 2 || list[0].RevokedAt == nil || list[1].RevokedAt != nil {
		t.Fatalf("clients: %+v %v", list, err)
	}
}

func TestVerifyChecksItsInput(t *testing.T) {
	p := newPINFixture(t)
	for _, c := range []struct{ regno, pin, field string }{
		{"", "123456", "registration_number"},
		{"12ab", "123456", "registration_number"},
		{memberA, "", "pin"},
		{memberA, "12345a", "pin"},
		{memberA, strings.Repeat("1", domain.MinPINLength-1), "pin"},
		{memberA, strings.Repeat("1", domain.MaxPINLength+1), "pin"},
	} {
		_, err := p.app.VerifyPIN(p.ctx, p.portal, wire.PINVerifyRequest{RegNo: c.regno, PIN: c.pin})
		if fe, ok := domain.AsFieldError(err); !ok || fe.Field != c.field {
			t.Errorf("%q %q: %v, want a field error on %s", c.regno, c.pin, err, c.field)
		}
	}
	// An unknown member is just invalid, and logged like any other.
	if got := p.verify("999999999", "123456789012"); got != wire.PINInvalid {
		t.Fatalf("unknown member: %s", got)
	}
	if got := p.verify(memberA, "123456789012"); got != wire.PINInvalid {
		t.Fatalf("member without PIN: %s", got)
	}
	log, _ := p.app.AccessLog(p.ctx, time.Time{})
	if len(log) != 2 || log[0].Subject != "999999999" || log[0].Action != "pin.verify.invalid" || log[0].Actor != "portal" {
		t.Fatalf("access log: %+v", log)
	}
}

// The PIN is never in the centre's database (file and WAL) nor its log.
func TestPINNeverStored(t *testing.T) {
	p := newPINFixture(t)
	var codes []string
	for _, regno := range []string{memberA, memberB} {
		ev, code := p.counter(agent, regno)
		p.pushPIN(p.rabA, ev)
		p.verify(regno, code)
		p.verify(regno, otherPIN(code))
		codes = append(codes, code)
	}
	p.noPINs(codes)
}

// Verifications running at once count every failure once: each is one
// write, so no two read the same count.
func TestConcurrentFailuresLockAtTheLimit(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, memberA)
	wantStatus(t, "counter reissue", p.pushPIN(p.rabA, ev), wire.StatusApplied, "")
	const tries = 4 * central.MaxPINFailures
	answers := make(chan string, tries)
	var wg sync.WaitGroup
	for range tries {
		wg.Go(func() {
			resp, err := p.app.VerifyPIN(p.ctx, p.portal, wire.PINVerifyRequest{RegNo: memberA, PIN: otherPIN(code)})
			if err != nil {
				t.Error(err)
			}
			answers <- resp.Result
		})
	}
	wg.Wait()
	close(answers)
	count := map[string]int{}
	for a := range answers {
		count[a]++
	}
	if count[wire.PINInvalid] != central.MaxPINFailures-1 || count[wire.PINLocked] != tries-central.MaxPINFailures+1 {
		t.Fatalf("answers %v: %d invalid then locked", count, central.MaxPINFailures-1)
	}
	if rec := p.issues(memberA)[0]; rec.State != domain.PINLocked || rec.Failures != central.MaxPINFailures {
		t.Fatalf("issue after the race: %+v", rec)
	}
	if got := p.verify(memberA, code); got != wire.PINLocked {
		t.Fatalf("the right PIN once locked: %s", got)
	}
}
