package central_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

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
