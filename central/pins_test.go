package central_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func TestCounterPINVerifiesAndTheNextSupersedesIt(t *testing.T) {
	p := newPINFixture(t)
	first, code1 := p.counter(agent, memberA)
	wantStatus(t, "counter reissue", p.pushPIN(p.rabA, first), wire.StatusApplied, "")
	rec := p.issues(memberA)[0]
	want := domain.PINExpiry(p.clock, pinPolicy12(p.loc)).String()
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
