package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

const newPW = "brand-new-pass-1"

func TestChangeOwnPassword(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	if _, err := f.svc.ChangePassword(f.ctx, agent, agentPW, agentPW); !isFieldError(err, "password") ||
		!strings.Contains(err.Error(), domain.KeyPasswordSame) {
		t.Errorf("same password: %v", err)
	}
	if _, err := f.svc.ChangePassword(f.ctx, agent, agentPW, "short"); !isFieldError(err, "password") {
		t.Errorf("short password: %v", err)
	}
	if _, err := f.svc.ChangePassword(f.ctx, agent, "not-the-password", newPW); !errors.Is(err, domain.ErrBadCredentials) {
		t.Errorf("wrong current password: %v", err)
	}
	if slices.Contains(f.auditActions(t), domain.AuditPasswordChanged) {
		t.Fatal("a refused change was audited")
	}
	if _, err := f.svc.ChangePassword(f.ctx, agent, agentPW, newPW); err != nil {
		t.Fatal(err)
	}
	if e := f.lastAudit(t); e.Action != domain.AuditPasswordChanged || e.Actor != "agent" || e.Subject != "agent" ||
		e.Detail != `{"forced":false,"sent_to_centre":false}` {
		t.Errorf("change audited as %+v", e)
	}
	if _, err := f.svc.SignIn(f.ctx, "agent", agentPW); !errors.Is(err, domain.ErrBadCredentials) {
		t.Errorf("the old password still signs in: %v", err)
	}
	f.signIn(t, "agent", newPW)
	if out, _ := f.db.Outbox(f.ctx); len(out) != 0 {
		t.Errorf("a standalone console queued %d entries", len(out))
	}
	// Every role may change its own password.
	if _, err := f.svc.ChangePassword(f.ctx, f.admin, adminPW, newPW); err != nil {
		t.Errorf("admin: %v", err)
	}
}

func TestResetForcesAChangeBeforeAnythingElse(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	if err := f.svc.ResetPassword(f.ctx, agent, "super", newPW); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("agent reset a password: %v", err)
	}
	if err := f.svc.ResetPassword(f.ctx, f.admin, "nobody", newPW); !errors.Is(err, domain.ErrUserNotFound) {
		t.Errorf("unknown account: %v", err)
	}
	if err := f.svc.ResetPassword(f.ctx, f.admin, "agent", "short"); !isFieldError(err, "password") {
		t.Errorf("short password: %v", err)
	}
	for i := 0; i < 5; i++ {
		f.svc.SignIn(f.ctx, "agent", "bad-password")
	}
	const temporary = "temporary-pass-1"
	must(t, f.svc.ResetPassword(f.ctx, f.admin, "agent", temporary))
	if e := f.lastAudit(t); e.Action != domain.AuditPasswordReset || e.Actor != "admin" || e.Subject != "agent" {
		t.Errorf("reset audited as %+v", e)
	}

	// The session opened before the reset stops at its next write.
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange()); !errors.Is(err, domain.ErrPasswordChange) {
		t.Errorf("an open session wrote after a reset: %v", err)
	}
	// The reset cleared the lockout; the sign-in says a change is due.
	forced := f.signIn(t, "agent", temporary)
	if !forced.MustChangePassword {
		t.Fatal("the session does not say the password must change")
	}
	if e := f.lastAudit(t); e.Detail != `{"must_change_password":true,"role":"agent"}` {
		t.Errorf("sign-in audited as %+v", e)
	}
	for name, err := range map[string]error{
		"search":      second(f.svc.Search(f.ctx, forced, "Alaoui", 10)),
		"lookup":      second(f.svc.Lookup(f.ctx, forced, "123456789")),
		"member file": second(f.svc.MemberFile(f.ctx, forced, 1)),
		"request":     third(f.svc.RequestAddressChange(f.ctx, forced, goodChange())),
		"branches":    second(f.svc.Branches(f.ctx, forced)),
		"unlock":      f.svc.UnlockUser(f.ctx, f.admin, "agent"), // not refused: the admin is not forced
	} {
		var want error = domain.ErrPasswordChange
		if name == "unlock" {
			want = nil
		}
		if !errors.Is(err, want) {
			t.Errorf("%s while a change is due: %v", name, err)
		}
	}
	// Refused before anything runs: not even the second person's sign-in.
	before := len(f.auditActions(t))
	withConsent := goodChange()
	withConsent.Evidence.SignedForm, withConsent.Evidence.FormNumber = false, ""
	withConsent.Exception = &Consent{Username: "super", Password: supervisorPW, Reason: "the form is at home"}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, forced, withConsent); !errors.Is(err, domain.ErrPasswordChange) {
		t.Errorf("a request with an exception while a change is due: %v", err)
	}
	if after := len(f.auditActions(t)); after != before {
		t.Errorf("the refused request wrote %d audit entries", after-before)
	}
	if _, err := f.svc.ChangePassword(f.ctx, forced, temporary, temporary); !isFieldError(err, "password") {
		t.Errorf("keeping the temporary password: %v", err)
	}
	done, err := f.svc.ChangePassword(f.ctx, forced, temporary, newPW)
	if err != nil || done.MustChangePassword {
		t.Fatalf("forced change: %+v %v", done, err)
	}
	if e := f.lastAudit(t); e.Action != domain.AuditPasswordChanged || e.Detail != `{"forced":true,"sent_to_centre":false}` {
		t.Errorf("forced change audited as %+v", e)
	}
	if _, err := f.svc.Search(f.ctx, done, "Alaoui", 10); err != nil {
		t.Errorf("search after the change: %v", err)
	}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, done, goodChange()); err != nil {
		t.Errorf("request after the change: %v", err)
	}
	if s := f.signIn(t, "agent", newPW); s.MustChangePassword {
		t.Error("the next sign-in still asks for a change")
	}
	f.noPlainPassword(t, temporary, newPW)
}

// On a provisioned console a change updates the local hash (offline
// sign-in) and queues the new hash for the centre in one transaction.
func TestProvisionedPasswordChangeTravelsAsAnOutboxEntry(t *testing.T) {
	f := newFixture(t)
	f.markProvisioned(t)
	// A reset at the centre arrives through the feed.
	f.exec(t, `UPDATE users SET must_change_password = 1 WHERE username = 'super'`)
	super := f.signIn(t, "super", supervisorPW)
	if !super.MustChangePassword {
		t.Fatal("the feed's reset does not force a change")
	}
	if _, err := f.svc.AddressRequests(f.ctx, super, RequestFilter{State: domain.RequestPending}); !errors.Is(err, domain.ErrPasswordChange) {
		t.Errorf("queue while a change is due: %v", err)
	}
	f.now = f.now.Add(90 * time.Minute)
	if _, err := f.svc.ChangePassword(f.ctx, super, supervisorPW, newPW); err != nil {
		t.Fatal(err)
	}
	if last := f.lastAudit(t); last.Action != domain.AuditPasswordChanged || last.Detail != `{"forced":true,"sent_to_centre":true}` {
		t.Errorf("change audited as %+v", last)
	}
	f.signIn(t, "super", newPW) // offline, at once

	out, err := f.db.Outbox(f.ctx)
	if err != nil || len(out) != 1 {
		t.Fatalf("outbox: %+v %v", out, err)
	}
	e := out[0]
	if e.Kind != wire.KindPasswordChanged || e.RegNo != store.AccountHoldPrefix+"super" || e.BaseVersion != 0 ||
		e.State != "pending" || !e.CreatedAt.Equal(f.now) {
		t.Errorf("entry %+v", e)
	}
	var pc wire.PasswordChange
	dec := json.NewDecoder(bytes.NewReader([]byte(e.Payload)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pc); err != nil {
		t.Fatalf("payload %s: %v", e.Payload, err)
	}
	if pc.Username != "super" || !pc.At.Equal(f.now) || !strings.HasPrefix(pc.PasswordHash, "$argon2id$") ||
		!domain.VerifyPassword(pc.PasswordHash, newPW) || domain.VerifyPassword(pc.PasswordHash, supervisorPW) {
		t.Errorf("payload %+v", pc)
	}
	local, _, _ := f.db.UserByName(f.ctx, "super")
	if local.PasswordHash != pc.PasswordHash || local.MustChangePassword {
		t.Errorf("local account %+v", local)
	}
	f.noPlainPassword(t, supervisorPW, newPW)
}

// noPlainPassword checks that no password appears in the outbox or the
// audit chain.
func (f *fixture) noPlainPassword(t *testing.T, passwords ...string) {
	t.Helper()
	out, err := f.db.Outbox(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range out {
		texts = append(texts, e.Payload)
	}
	must(t, f.db.EachAudit(f.ctx, func(e domain.AuditEntry) error {
		texts = append(texts, e.Actor, e.Subject, e.Detail)
		return nil
	}))
	all := strings.Join(texts, "\n")
	for _, p := range passwords {
		if strings.Contains(all, p) {
			t.Errorf("the password %q is stored in plain text", p)
		}
	}
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }
