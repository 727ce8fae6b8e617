package service

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// Each eligibility refusal says what is missing, and nothing is stored:
// no reissue, no outbox entry, no letter.
func TestPINEligibilityRefusalsStoreNothing(t *testing.T) {
	cat := i18n.English()
	cases := []struct {
		name    string
		spoil   string
		channel domain.PINChannel
		want    error
		says    string
	}{
		{"suspended", `UPDATE members SET status = 'suspended' WHERE id = 1`, domain.ChannelPost, domain.ErrPINMemberInactive, "suspended"},
		{"closed", `UPDATE members SET status = 'closed' WHERE id = 1`, domain.ChannelCounter, domain.ErrPINMemberInactive, "closed"},
		{"no address", `DELETE FROM addresses WHERE member_id = 1`, domain.ChannelPost, domain.ErrPINNoAddress, "record an address change"},
		{"unverified", `UPDATE addresses SET verified = 0 WHERE member_id = 1`, domain.ChannelCounter, domain.ErrPINAddressUnverified, "approve"},
		{"e-mail, not a student", ``, domain.ChannelEmail, domain.ErrPINNotStudent, "students only"},
		{"student without e-mail", `UPDATE members SET category = 'student', email = '' WHERE id = 1`, domain.ChannelEmail, domain.ErrPINNoEmail, "no e-mail"},
		{"bad channel", ``, "fax", nil, "Channel: must be post, counter or email"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPINFixture(t)
			if c.spoil != "" {
				f.exec(t, c.spoil)
			}
			agent := f.signIn(t, "agent", agentPW)
			_, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: c.channel})
			if c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if fe, ok := domain.AsFieldError(err); c.want == nil && (!ok || fe.Field != "channel") {
				t.Fatalf("a bad channel must be a field error naming the channel: %v", err)
			}
			if got := cat.Error(err); !strings.Contains(got, c.says) || strings.Contains(got, "%!") {
				t.Errorf("message %q does not say %q", got, c.says)
			}
			if issues, entries := f.counts(t); issues != 0 || entries != 0 {
				t.Errorf("refused, yet %d reissues and %d entries stored", issues, entries)
			}
			if _, err := os.Stat(f.letter); err == nil {
				t.Error("a refused counter reissue printed a letter")
			}
		})
	}
}

// At most MaxReissues in 30 days; the refusal gives the date the next one
// is possible; refused reissues do not count.
func TestPINRateLimit(t *testing.T) {
	f := newPINFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	first := f.now
	for i := 0; i < 3; i++ {
		f.reissue(t, agent, domain.ChannelPost)
		f.now = f.now.Add(24 * time.Hour)
	}
	_, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost})
	if !errors.Is(err, domain.ErrPINLimit) {
		t.Fatalf("fourth reissue: %v", err)
	}
	next := first.Add(domain.PINLimitWindow).In(f.svc.pinPolicy().Location).Format("2006-01-02 15:04")
	if msg := i18n.English().Error(err); !strings.Contains(msg, "3 PIN reissues") || !strings.Contains(msg, next) {
		t.Errorf("the refusal must give the limit and the date %s: %q", next, msg)
	}
	if issues, entries := f.counts(t); issues != 3 || entries != 3 {
		t.Fatalf("%d reissues, %d entries after a refusal", issues, entries)
	}
	ov, err := f.svc.PINOverview(f.ctx, agent, 1)
	if err != nil || ov.Recent != 3 || ov.Max != 3 || ov.Channels[0].Refusal == nil || !errors.Is(ov.Channels[0].Refusal, domain.ErrPINLimit) {
		t.Fatalf("overview at the limit: %+v %v", ov, err)
	}

	// The centre refused one of them: it no longer counts.
	f.exec(t, `UPDATE outbox SET state = 'set_aside', last_error = ? WHERE seq = (SELECT min(seq) FROM outbox WHERE kind = ?)`,
		domain.KeyPINLimit, domain.EventPINReissued)
	f.reissue(t, agent, domain.ChannelPost)
	// And a month after the first, the window frees up.
	f.now = first.Add(domain.PINLimitWindow + 24*time.Hour)
	f.reissue(t, agent, domain.ChannelPost)
	if issues, entries := f.counts(t); issues != 5 || entries != 5 {
		t.Errorf("%d reissues, %d entries", issues, entries)
	}
}

// During the cooling-off, a reissue needs a second supervisor: not the
// agent, not another agent; the override is audited by its granter.
func TestPINCoolingOffOverride(t *testing.T) {
	f := newPINFixture(t)
	f.addressChanged(t, f.now.Add(-time.Hour))
	agent := f.signIn(t, "agent", agentPW)
	until := f.now.Add(71 * time.Hour).In(f.svc.pinPolicy().Location).Format("2006-01-02 15:04")

	ov, err := f.svc.PINOverview(f.ctx, agent, 1)
	if err != nil || !ov.NeedsOverride || !ov.CoolingOffUntil.Equal(f.now.Add(71*time.Hour)) || ov.Channels[0].Refusal != nil {
		t.Fatalf("overview in the cooling-off: %+v %v", ov, err)
	}
	_, err = f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost})
	if !errors.Is(err, domain.ErrPINCoolingOff) || !strings.Contains(i18n.English().Error(err), until) {
		t.Fatalf("without override: %v", err)
	}
	for _, c := range []struct {
		consent Consent
		want    error
	}{
		{Consent{Username: "super", Password: supervisorPW, Reason: ""}, nil}, // reason required, checked first
		{Consent{Username: "agent", Password: agentPW, Reason: "member moving abroad"}, domain.ErrSecondPersonSame},
		{Consent{Username: "agent2", Password: agentPW, Reason: "member moving abroad"}, domain.ErrForbidden},
		{Consent{Username: "super", Password: "wrong-password", Reason: "member moving abroad"}, domain.ErrBadCredentials},
	} {
		consent := c.consent
		_, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost, Override: &consent})
		if c.want == nil {
			if fe, ok := domain.AsFieldError(err); !ok || fe.Field != "reason" {
				t.Errorf("override without a reason: %v", err)
			}
		} else if !errors.Is(err, c.want) {
			t.Errorf("override by %s: got %v, want %v", consent.Username, err, c.want)
		}
		if issues, entries := f.counts(t); issues != 0 || entries != 0 {
			t.Fatalf("refused override stored %d reissues, %d entries", issues, entries)
		}
	}
	// A supervisor acting cannot override their own reissue either.
	super := f.signIn(t, "super", supervisorPW)
	_, err = f.svc.ReissuePIN(f.ctx, super, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost,
		Override: &Consent{Username: "super", Password: supervisorPW, Reason: "urgent"}})
	if !errors.Is(err, domain.ErrSecondPersonSame) {
		t.Errorf("self-override: %v", err)
	}

	res, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost,
		Override: &Consent{Username: "super2", Password: supervisorPW, Reason: "member moving abroad"}})
	if err != nil || res.Override == nil || res.Override.By != "super2" || res.Issue.State != domain.PINQueued {
		t.Fatalf("override by another supervisor: %+v %v", res, err)
	}
	evs, _ := f.events(t)
	if len(evs) != 1 || evs[0].Override == nil || evs[0].Override.By != "super2" || evs[0].Override.Reason != "member moving abroad" ||
		evs[0].IssueID != res.Issue.ID || evs[0].RegNo != "123456789" || evs[0].Actor != "agent" || evs[0].Sealed != nil {
		t.Fatalf("queued event: %+v", evs)
	}
	var overrides, reissues []domain.AuditEntry
	f.db.EachAudit(f.ctx, func(e domain.AuditEntry) error {
		switch e.Action {
		case domain.AuditPINOverride:
			overrides = append(overrides, e)
		case domain.AuditPINReissued:
			reissues = append(reissues, e)
		}
		return nil
	})
	if len(overrides) != 1 || overrides[0].Actor != "super2" || overrides[0].Subject != "123456789" ||
		!strings.Contains(overrides[0].Detail, "member moving abroad") {
		t.Errorf("override audit: %+v", overrides)
	}
	if len(reissues) != 1 || reissues[0].Actor != "agent" || !strings.Contains(reissues[0].Detail, `"override_by":"super2"`) {
		t.Errorf("reissue audit: %+v", reissues)
	}

	// Once the cooling-off is over, a consent is not needed and not used.
	f.now = f.now.Add(72 * time.Hour)
	res, err = f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost,
		Override: &Consent{Username: "super2", Password: supervisorPW, Reason: "not needed"}})
	if err != nil || res.Override != nil {
		t.Errorf("after the cooling-off: %+v %v", res, err)
	}
}

func TestPINAdminRefused(t *testing.T) {
	f := newPINFixture(t)
	for _, err := range []error{
		func() error {
			_, err := f.svc.ReissuePIN(f.ctx, f.admin, PINReissueInput{MemberID: 1, Channel: domain.ChannelPost})
			return err
		}(),
		func() error { _, err := f.svc.PINOverview(f.ctx, f.admin, 1); return err }(),
	} {
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("admin: %v", err)
		}
	}
	if issues, entries := f.counts(t); issues != 0 || entries != 0 {
		t.Errorf("admin stored %d reissues, %d entries", issues, entries)
	}
}

// The overview shows each channel's verdict and the history with the
// centre's states as the feed brings them, and a refusal of the centre.
func TestPINOverviewAndHistory(t *testing.T) {
	f := newPINFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	ov, err := f.svc.PINOverview(f.ctx, agent, 1)
	if err != nil || len(ov.Channels) != 3 || ov.RegNo != "123456789" || ov.Name != "Alaoui Mohamed" || len(ov.History) != 0 {
		t.Fatalf("overview: %+v %v", ov, err)
	}
	for _, c := range ov.Channels {
		if (c.Channel == domain.ChannelEmail) != errors.Is(c.Refusal, domain.ErrPINNotStudent) {
			t.Errorf("channel %s: %v", c.Channel, c.Refusal)
		}
	}
	if ov.ExpiresOn.String() != "2026-07-15" || ov.NeedsOverride {
		t.Errorf("expiry %s, override %v", ov.ExpiresOn, ov.NeedsOverride)
	}
	if got := f.lastAudit(t); got.Action != domain.AuditPINHistory || got.Subject != "123456789" || got.Actor != "agent" {
		t.Errorf("history view not audited: %+v", got)
	}

	posted := f.reissue(t, agent, domain.ChannelPost)
	f.now = f.now.Add(time.Minute)
	refused := f.reissue(t, agent, domain.ChannelPost)
	f.exec(t, `UPDATE outbox SET state = 'set_aside', last_error = ? WHERE json_extract(payload, '$.issue_id') = ?`,
		domain.KeyPINCoolingOff, refused.Issue.ID)
	must(t, f.db.Write(f.ctx, func(tx *store.Tx) error {
		_, err := tx.ApplyFeedItem(f.ctx, wire.FeedItem{Seq: 9, Kind: wire.ItemPIN, PIN: &wire.PIN{ID: posted.Issue.ID,
			RegNo: "123456789", Channel: "post", State: "active", Branch: "RAB01", RequestedBy: "agent",
			RequestedAt: posted.Issue.RequestedAt, ExpiresOn: "2026-07-16"}}, f.now)
		return err
	}))
	ov, err = f.svc.PINOverview(f.ctx, agent, 1)
	if err != nil || len(ov.History) != 2 {
		t.Fatalf("history: %+v %v", ov.History, err)
	}
	if h := ov.History[0]; h.ID != refused.Issue.ID || h.State != domain.PINRefused || h.Refusal != domain.KeyPINCoolingOff {
		t.Errorf("refused by the centre: %+v", h)
	}
	if h := ov.History[1]; h.ID != posted.Issue.ID || h.State != domain.PINActive || h.ExpiresOn.String() != "2026-07-16" || h.Expired {
		t.Errorf("active: %+v", h)
	}
	if ov.Recent != 1 {
		t.Errorf("a refused reissue counted: %d", ov.Recent)
	}
	// Past its last day (in Casablanca), an active PIN shows as expired.
	f.now = time.Date(2026, 7, 16, 23, 30, 0, 0, time.UTC) // 17 July 00:30 in Casablanca
	ov, _ = f.svc.PINOverview(f.ctx, agent, 1)
	if !ov.History[1].Expired {
		t.Errorf("not expired on 17 July: %+v", ov.History[1])
	}
}

func TestPINServiceKeysAreTranslated(t *testing.T) {
	cat := i18n.English()
	for _, k := range []string{KeyPINSaveCounterOnly, KeyPINSaveExists, KeyPINSaveNoFolder, KeyPINSaveFailed, KeyPINLetterVoid,
		"field.channel", "field.save_to"} {
		if !cat.Has(k) {
			t.Errorf("no English text for %s", k)
		}
	}
	for _, ch := range domain.PINChannels {
		if !cat.Has("pin.channel." + string(ch)) {
			t.Errorf("no English name for the channel %s", ch)
		}
	}
}
