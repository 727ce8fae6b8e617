package central_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// Members added for the PIN tests, home Rabat.
const (
	pinStudent   = "100000010" // a student with an e-mail
	pinSuspended = "100000011"
	pinHomeless  = "100000012" // no address on record
	pinRecent    = "100000013" // address approved an hour ago: cooling-off
)

// pinFixture is the fixture centre with PIN keys (12-digit PINs, so that a
// scan for one cannot match a date or a number by chance), more members,
// and a portal client.
type pinFixture struct {
	*fixture
	box    pin.BoxKey
	portal central.PortalClient
	token  string
}

func newPINFixture(t *testing.T) *pinFixture {
	t.Helper()
	f := newFixture(t)
	keys, err := pin.NewHMACKeys("h1", bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	box, err := pin.GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	policy := domain.DefaultPINPolicy(pinZone(t))
	policy.Length = 12
	// The same storage behind an application with keys (the fixture's
	// clean-up closes whichever f.app is then).
	f.app = central.New(f.st, central.Options{DocumentsDir: f.docs, MaxDocumentBytes: 1 << 10, PIN: policy,
		PINKeys: keys, BoxKey: box, Now: func() time.Time { return f.clock }})
	p := &pinFixture{fixture: f, box: box}
	err = f.st.Write(f.ctx, func(tx central.Tx) error {
		for _, m := range []struct {
			regno, category, status, email string
			addr                           *wire.Address
		}{
			{pinStudent, "student", "active", "sara@um5.ac.ma", pinAddress(day.AddDate(-1, 0, 0))},
			{pinSuspended, "active", "suspended", "", pinAddress(day.AddDate(-1, 0, 0))},
			{pinHomeless, "active", "active", "", nil},
			{pinRecent, "active", "active", "", pinAddress(day.Add(-time.Hour))},
		} {
			if err := tx.InsertMember(f.ctx, wire.Member{RegNo: m.regno, Society: "MGEN", HomeBranch: rabat,
				CIN: "Z" + m.regno[3:], FamilyName: "Bennani", GivenName: "Sara", BirthDate: "2004-02-02", Sex: "F",
				Category: m.category, Email: m.email, Status: m.status, Version: 1,
				Beneficiaries: []wire.Beneficiary{}, Address: m.addr}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.token, err = f.app.AddPortalClient(f.ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	if p.portal, err = f.app.AuthenticatePortal(f.ctx, p.token); err != nil {
		t.Fatal(err)
	}
	return p
}

func pinZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func pinAddress(from time.Time) *wire.Address {
	return &wire.Address{AddressInput: domain.AddressInput{Line1: "3 Rue Oqba", City: "Rabat", PostalCode: "10000"},
		Verified: true, ValidFrom: from}
}

// reissue is a reissue event made on a device now.
func (p *pinFixture) reissue(actor, regno string, ch domain.PINChannel) domain.PINEvent {
	id, _ := uuid.NewV7()
	return domain.PINEvent{Kind: domain.EventPINReissued, IssueID: id.String(), RegNo: regno, Channel: ch,
		Actor: actor, At: p.clock}
}

// counter is a counter reissue whose PIN is sealed to the centre's key,
// with the expiry the console prints; it returns the PIN too.
func (p *pinFixture) counter(actor, regno string) (domain.PINEvent, string) {
	p.t.Helper()
	ev := p.reissue(actor, regno, domain.ChannelCounter)
	code, err := pin.Generate(12)
	if err != nil {
		p.t.Fatal(err)
	}
	sealed, err := pin.Seal(p.box, code)
	if err != nil {
		p.t.Fatal(err)
	}
	ev.Sealed, ev.ExpiresOn = &sealed, domain.PINExpiry(p.clock, domain.DefaultPINPolicy(pinZone(p.t))).String()
	return ev, code
}

func pinEntry(t *testing.T, ev domain.PINEvent) wire.Entry {
	t.Helper()
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := uuid.NewV7()
	entrySeq++
	return wire.Entry{ID: id.String(), Seq: entrySeq, Kind: ev.Kind, RegNo: ev.RegNo, CreatedAt: ev.At, Payload: payload}
}

func (p *pinFixture) pushPIN(dev wire.Device, ev domain.PINEvent) wire.Result {
	p.t.Helper()
	return p.push(dev, pinEntry(p.t, ev))[0]
}

func (p *pinFixture) verify(regno, code string) string {
	p.t.Helper()
	resp, err := p.app.VerifyPIN(p.ctx, p.portal, wire.PINVerifyRequest{RegNo: regno, PIN: code})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Result
}

func (p *pinFixture) issues(regno string) []central.PINRecord {
	p.t.Helper()
	var list []central.PINRecord
	if err := p.st.Read(p.ctx, func(r central.Reader) (err error) { list, err = r.PINIssues(p.ctx, regno); return err }); err != nil {
		p.t.Fatal(err)
	}
	return list
}

// states lists the states of a member's issues in order of application.
func (p *pinFixture) states(regno string) string {
	var s []string
	for _, r := range p.issues(regno) {
		s = append(s, string(r.State))
	}
	return strings.Join(s, " ")
}

// otherPIN is a well-formed PIN that differs from code.
func otherPIN(code string) string {
	if code[0] == '9' {
		return "0" + code[1:]
	}
	return string(code[0]+1) + code[1:]
}

func TestCounterPINVerifiesAndTheNextSupersedesIt(t *testing.T) {
	p := newPINFixture(t)
	first, code1 := p.counter(agent, memberA)
	wantStatus(t, "counter reissue", p.pushPIN(p.rabA, first), wire.StatusApplied, "")
	rec := p.issues(memberA)[0]
	want := domain.PINExpiry(p.clock, domain.DefaultPINPolicy(pinZone(t))).String()
	if rec.State != domain.PINActive || rec.ExpiresOn != want || rec.KeyID != "h1" || rec.Verifier == "" ||
		rec.Branch != rabat || rec.DeviceID != p.rabA.ID || rec.RequestedBy != agent || rec.Override != nil {
		t.Fatalf("counter issue as held: %+v", rec)
	}
	if got := p.verify(memberA, code1); got != wire.PINValid {
		t.Fatalf("right PIN: %s", got)
	}
	if got := p.verify(memberA, otherPIN(code1)); got != wire.PINInvalid {
		t.Fatalf("wrong PIN: %s", got)
	}
	if got := p.verify(memberB, code1); got != wire.PINInvalid {
		t.Fatalf("another member's PIN: %s", got)
	}

	p.clock = p.clock.Add(time.Hour)
	second, code2 := p.counter(super, memberA)
	wantStatus(t, "second reissue", p.pushPIN(p.rabB, second), wire.StatusApplied, "")
	if got := p.verify(memberA, code1); got != wire.PINInvalid {
		t.Fatalf("superseded PIN: %s", got)
	}
	if got := p.verify(memberA, code2); got != wire.PINValid {
		t.Fatalf("newest PIN: %s", got)
	}
	if s := p.states(memberA); s != "superseded active" {
		t.Fatalf("states: %s", s)
	}
}

// The centre's order of application decides, not the events' times: a
// reissue made earlier offline but applied later still supersedes.
func TestNewestByOrderOfApplicationWins(t *testing.T) {
	p := newPINFixture(t)
	offline, codeOffline := p.counter(agent, memberA)
	p.clock = p.clock.Add(time.Hour)
	online, codeOnline := p.counter(super, memberA)
	wantStatus(t, "online", p.pushPIN(p.rabB, online), wire.StatusApplied, "")
	wantStatus(t, "offline, applied later", p.pushPIN(p.rabA, offline), wire.StatusApplied, "")
	if p.verify(memberA, codeOnline) != wire.PINInvalid || p.verify(memberA, codeOffline) != wire.PINValid {
		t.Fatal("the PIN applied last must be the only one that works")
	}
}

func TestPostAndEmailAreRequestedAndSupersede(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, memberA)
	p.pushPIN(p.rabA, ev)
	wantStatus(t, "post", p.pushPIN(p.rabA, p.reissue(agent, memberA, domain.ChannelPost)), wire.StatusApplied, "")
	list := p.issues(memberA)
	if s := p.states(memberA); s != "superseded requested" || list[1].Verifier != "" || list[1].ExpiresOn != "" {
		t.Fatalf("after a post reissue: %s %+v", s, list[1])
	}
	if got := p.verify(memberA, code); got != wire.PINInvalid {
		t.Fatalf("counter PIN after a post reissue: %s", got)
	}
	wantStatus(t, "email", p.pushPIN(p.rabA, p.reissue(agent, pinStudent, domain.ChannelEmail)), wire.StatusApplied, "")
	wantStatus(t, "email again", p.pushPIN(p.rabA, p.reissue(agent, pinStudent, domain.ChannelEmail)), wire.StatusApplied, "")
	if s := p.states(pinStudent); s != "superseded requested" {
		t.Fatalf("e-mail reissues: %s", s)
	}
	var awaiting []central.PINRecord
	p.st.Read(p.ctx, func(r central.Reader) (err error) {
		awaiting, err = r.PINsAwaiting(p.ctx, domain.ChannelEmail, p.clock.Add(time.Second))
		return err
	})
	if len(awaiting) != 1 || awaiting[0].ID != p.issues(pinStudent)[1].ID {
		t.Fatalf("e-mails awaiting: %+v", awaiting)
	}
}

func TestReissueRefusals(t *testing.T) {
	p := newPINFixture(t)
	otherBox, _ := pin.GenerateBoxKey("b1") // the right id, another key
	cases := []struct {
		name        string
		ev          func() domain.PINEvent
		reason, fld string
	}{
		{"member not active", func() domain.PINEvent { return p.reissue(agent, pinSuspended, domain.ChannelPost) },
			domain.KeyPINMemberInactive, ""},
		{"no address", func() domain.PINEvent { return p.reissue(agent, pinHomeless, domain.ChannelPost) },
			domain.KeyPINNoAddress, ""},
		{"email for a non-student", func() domain.PINEvent { return p.reissue(agent, memberA, domain.ChannelEmail) },
			domain.KeyPINNotStudent, ""},
		{"unknown member", func() domain.PINEvent { return p.reissue(agent, "999999999", domain.ChannelPost) },
			domain.KeyMemberNotFound, ""},
		{"unknown channel", func() domain.PINEvent { return p.reissue(agent, memberA, "fax") },
			domain.KeyPINChannel, "channel"},
		{"actor of another branch", func() domain.PINEvent { return p.reissue(casaAgent, memberA, domain.ChannelPost) },
			domain.KeyWrongBranch, ""},
		{"cooling-off without override", func() domain.PINEvent { return p.reissue(agent, pinRecent, domain.ChannelPost) },
			domain.KeyPINCoolingOff, ""},
		{"override by the same user", func() domain.PINEvent {
			ev := p.reissue(super, pinRecent, domain.ChannelPost)
			ev.Override = &domain.PINOverride{By: super, Reason: "member leaves the country"}
			return ev
		}, domain.KeySecondPersonSame, ""},
		{"override by an agent", func() domain.PINEvent {
			ev := p.reissue(super, pinRecent, domain.ChannelPost)
			ev.Override = &domain.PINOverride{By: agent, Reason: "member leaves the country"}
			return ev
		}, domain.KeyForbidden, ""},
		{"override by an unknown account", func() domain.PINEvent {
			ev := p.reissue(agent, pinRecent, domain.ChannelPost)
			ev.Override = &domain.PINOverride{By: "mallory", Reason: "member leaves the country"}
			return ev
		}, domain.KeyPINCoolingOff, ""},
		{"override by a supervisor of another branch", func() domain.PINEvent {
			ev := p.reissue(agent, pinRecent, domain.ChannelPost)
			ev.Override = &domain.PINOverride{By: casaSuper, Reason: "member leaves the country"}
			return ev
		}, domain.KeyPINCoolingOff, ""},
		{"override without a reason", func() domain.PINEvent {
			ev := p.reissue(agent, pinRecent, domain.ChannelPost)
			ev.Override = &domain.PINOverride{By: super}
			return ev
		}, domain.KeyRequired, "reason"},
		{"wrong key id", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			ev.Sealed.KeyID = "b0"
			return ev
		}, domain.KeyPINSealed, "sealed.key_id"},
		{"box of another key", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			s, _ := pin.Seal(otherBox, "123456789012")
			ev.Sealed = &s
			return ev
		}, domain.KeyPINSealed, "sealed"},
		{"sealed PIN of the wrong length", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			s, _ := pin.Seal(p.box, "12345678")
			ev.Sealed = &s
			return ev
		}, domain.KeyPINSealed, "sealed"},
		{"counter without a sealed PIN", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			ev.Sealed = nil
			return ev
		}, domain.KeyRequired, "sealed"},
		{"sealed PIN on a post reissue", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			ev.Channel = domain.ChannelPost
			return ev
		}, domain.KeyMalformedEntry, "sealed"},
		{"bad expires_on", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			ev.ExpiresOn = "15/04/2026"
			return ev
		}, domain.KeyDateFormat, "expires_on"},
		{"missing expires_on", func() domain.PINEvent {
			ev, _ := p.counter(agent, memberA)
			ev.ExpiresOn = ""
			return ev
		}, domain.KeyRequired, "expires_on"},
		{"dated in the future", func() domain.PINEvent {
			ev := p.reissue(agent, memberA, domain.ChannelPost)
			ev.At = p.clock.Add(6 * time.Minute)
			return ev
		}, domain.KeyInvalidValue, "at"},
		{"no time", func() domain.PINEvent {
			ev := p.reissue(agent, memberA, domain.ChannelPost)
			ev.At = time.Time{}
			return ev
		}, domain.KeyRequired, "at"},
		{"issue id not a UUID", func() domain.PINEvent {
			ev := p.reissue(agent, memberA, domain.ChannelPost)
			ev.IssueID = "42"
			return ev
		}, domain.KeyMalformedEntry, "issue_id"},
	}
	for _, c := range cases {
		got := p.pushPIN(p.rabA, c.ev())
		if got.Status != wire.StatusRejected || got.Reason != c.reason || got.Field != c.fld {
			t.Errorf("%s: %+v, want rejected %s (field %q)", c.name, got, c.reason, c.fld)
		}
	}
	// A refusal stores nothing, logs nothing and feeds nothing.
	for _, regno := range []string{memberA, pinSuspended, pinHomeless, pinRecent, pinStudent} {
		if n := len(p.issues(regno)); n != 0 {
			t.Errorf("%s: %d issues stored by refused reissues", regno, n)
		}
	}
	if log, _ := p.app.AccessLog(p.ctx, time.Time{}); len(log) != 0 {
		t.Errorf("refused reissues logged: %+v", log)
	}

	// An unverified address: a returned letter made it so.
	p.st.Write(p.ctx, func(tx central.Tx) error { return tx.SetAddressVerified(p.ctx, memberB, false) })
	wantStatus(t, "unverified address", p.pushPIN(p.rabA, p.reissue(agent, memberB, domain.ChannelCounter)),
		wire.StatusRejected, domain.KeyPINAddressUnverified)

	// The entry and the payload must agree.
	ev := p.reissue(agent, memberA, domain.ChannelPost)
	e := pinEntry(t, ev)
	e.RegNo = memberB
	if got := p.push(p.rabA, e)[0]; got.Field != "registration_number" || got.Reason != domain.KeyMalformedEntry {
		t.Errorf("entry of another member: %+v", got)
	}
	e = pinEntry(t, ev)
	e.Payload = bytes.Replace(e.Payload, []byte(`"channel"`), []byte(`"pin":"1234","channel"`), 1)
	if got := p.push(p.rabA, e)[0]; got.Field != "payload.pin" || got.Reason != domain.KeyMalformedEntry {
		t.Errorf("unknown payload field: %+v", got)
	}
	// An issue id is used once.
	wantStatus(t, "first", p.pushPIN(p.rabA, ev), wire.StatusApplied, "")
	if got := p.pushPIN(p.rabA, ev); got.Field != "issue_id" || got.Reason != domain.KeyReferenceTaken {
		t.Errorf("issue id reused by another entry: %+v", got)
	}
}

func TestCoolingOffOverrideByAnotherSupervisor(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, pinRecent)
	ev.Override = &domain.PINOverride{By: super, Reason: "  member leaves for Canada tomorrow "}
	wantStatus(t, "override by a supervisor", p.pushPIN(p.rabA, ev), wire.StatusApplied, "")
	rec := p.issues(pinRecent)[0]
	if rec.Override == nil || rec.Override.By != super || rec.Override.Reason != "member leaves for Canada tomorrow" {
		t.Fatalf("override as held: %+v", rec.Override)
	}
	if got := p.verify(pinRecent, code); got != wire.PINValid {
		t.Fatalf("overridden reissue's PIN: %s", got)
	}
	log, _ := p.app.AccessLog(p.ctx, time.Time{})
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Actor+":"+e.Action+":"+e.Subject)
	}
	want := []string{agent + ":" + domain.AuditPINReissued + ":" + pinRecent, super + ":" + domain.AuditPINOverride + ":" + pinRecent,
		"portal:pin.verify.valid:" + pinRecent}
	if strings.Join(actions, " ") != strings.Join(want, " ") {
		t.Fatalf("access log %v, want %v", actions, want)
	}
	// After the cooling-off an override is not needed, nor kept.
	p.clock = p.clock.Add(domain.DefaultPINCoolingOff)
	after := p.reissue(agent, pinRecent, domain.ChannelPost)
	after.Override = &domain.PINOverride{By: "mallory", Reason: "not needed"}
	wantStatus(t, "after the cooling-off", p.pushPIN(p.rabA, after), wire.StatusApplied, "")
	if rec := p.issues(pinRecent)[1]; rec.Override != nil {
		t.Fatalf("an override that did not count was kept: %+v", rec.Override)
	}
}

func TestReissueLimit(t *testing.T) {
	p := newPINFixture(t)
	start := p.clock
	for i := range domain.DefaultPINMaxReissues {
		wantStatus(t, "reissue", p.pushPIN(p.rabA, p.reissue(agent, memberA, domain.ChannelPost)), wire.StatusApplied, "")
		p.clock = p.clock.Add(24 * time.Hour)
		_ = i
	}
	// The limit is the centre's count, whichever device made them: a
	// counter PIN printed on another device never activates.
	ev, code := p.counter(super, memberA)
	wantStatus(t, "over the limit", p.pushPIN(p.rabB, ev), wire.StatusRejected, domain.KeyPINLimit)
	if got := p.verify(memberA, code); got != wire.PINInvalid {
		t.Fatalf("refused counter PIN: %s", got)
	}
	p.clock = start.Add(domain.PINLimitWindow + time.Minute)
	ev, code = p.counter(super, memberA)
	wantStatus(t, "once the first left the window", p.pushPIN(p.rabB, ev), wire.StatusApplied, "")
	if got := p.verify(memberA, code); got != wire.PINValid {
		t.Fatalf("PIN after the window: %s", got)
	}
}

func TestCentreWithoutKeysRefusesCounterPINs(t *testing.T) {
	f := newFixture(t)
	box, _ := pin.GenerateBoxKey("b1")
	code, _ := pin.Generate(8)
	sealed, _ := pin.Seal(box, code)
	id, _ := uuid.NewV7()
	ev := domain.PINEvent{Kind: domain.EventPINReissued, IssueID: id.String(), RegNo: memberA,
		Channel: domain.ChannelCounter, Actor: agent, At: f.clock, Sealed: &sealed, ExpiresOn: "2026-04-15"}
	wantStatus(t, "no keys", f.push(f.rabA, pinEntry(t, ev))[0], wire.StatusRejected, domain.KeyPINNoKey)
}

func TestExpiredPIN(t *testing.T) {
	p := newPINFixture(t)
	ev, code := p.counter(agent, memberA)
	// The console printed an earlier expiry than the policy's: it holds.
	printed := domain.PINExpiry(p.clock, domain.DefaultPINPolicy(pinZone(t))).AddDate(0, 0, -20)
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
		if got := p.verify(memberA, otherPIN(code)); got != wire.PINInvalid {
			t.Fatalf("failure %d: %s", i, got)
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
	if got := strings.Join(actions, " "); got != "invalid invalid invalid invalid invalid locked valid invalid" {
		t.Fatalf("verifications logged: %s", got)
	}
}

// A member reissued at another branch: the PIN comes down to its home
// branch and to the branch that reissued it, after the member.
func TestFeedCarriesPINsToHomeAndIssuingBranches(t *testing.T) {
	p := newPINFixture(t)
	_, _, rabCursor := p.pull(p.rabA, 0, 1000)
	_, _, casCursor := p.pull(p.casA, 0, 1000)
	ev, _ := p.counter(agent, memberCasa)
	wantStatus(t, "visiting member", p.pushPIN(p.rabA, ev), wire.StatusApplied, "")
	for name, got := range map[string][]wire.FeedItem{
		"issuing branch": func() []wire.FeedItem { it, _, _ := p.pull(p.rabA, rabCursor, 1000); return it }(),
		"home branch":    func() []wire.FeedItem { it, _, _ := p.pull(p.casA, casCursor, 1000); return it }(),
	} {
		if len(got) != 1 || got[0].Kind != wire.ItemPIN || got[0].PIN == nil {
			t.Fatalf("%s: %+v", name, got)
		}
		want := wire.PIN{ID: ev.IssueID, RegNo: memberCasa, Channel: "counter", State: "active", Branch: rabat,
			RequestedBy: agent, RequestedAt: ev.At.UTC(), ExpiresOn: ev.ExpiresOn}
		if *got[0].PIN != want {
			t.Fatalf("%s: %+v, want %+v", name, *got[0].PIN, want)
		}
		raw, _ := json.Marshal(got[0])
		if bytes.Contains(raw, []byte("verifier")) || bytes.Contains(raw, []byte("key_id")) {
			t.Fatalf("%s: the feed shows more than the history: %s", name, raw)
		}
	}
	// Within a page the member comes before its PIN.
	items, _, _ := p.pull(p.casA, 0, 1000)
	var order []string
	for _, it := range items {
		order = append(order, it.Kind)
	}
	joined := strings.Join(order, " ")
	if !strings.HasSuffix(joined, wire.ItemPIN) || !strings.Contains(joined, wire.ItemMember) {
		t.Fatalf("kinds in order: %s", joined)
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

// The PIN is never in the centre's database: neither the file nor its WAL.
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
	matches, _ := filepath.Glob(p.st.Path + "*")
	if len(matches) < 2 {
		t.Fatalf("database files: %v", matches)
	}
	for _, path := range matches {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range codes {
			if bytes.Contains(raw, []byte(code)) {
				t.Fatalf("%s holds a PIN", path)
			}
		}
	}
}

func isFieldErr(err error, field, key string) bool {
	fe, ok := domain.AsFieldError(err)
	return ok && fe.Field == field && fe.Key == key
}
