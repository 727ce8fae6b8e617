package service

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/pin"
)

// printedPIN reads the PIN off a printed letter: the one run of 12 digits
// in its text.
func printedPIN(t *testing.T, pdf []byte) (code, text string) {
	t.Helper()
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	runs := regexp.MustCompile(`\b[0-9]{12}\b`).FindAllString(text, -1)
	if len(runs) != 1 {
		t.Fatalf("want one 12-digit PIN on the letter, found %q in:\n%s", runs, text)
	}
	return runs[0], text
}

// A counter reissue prints the letter, then queues the PIN sealed to the
// centre's key: only the centre's private key opens it, and the PIN is
// nowhere in the database or its WAL, the outbox or the audit chain.
func TestCounterPINIsPrintedThenSealed(t *testing.T) {
	f := newPINFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	res := f.reissue(t, agent, domain.ChannelCounter)
	if !res.Printed || res.SavedTo != "" || res.Issue.State != domain.PINQueued || res.Issue.ExpiresOn.String() != "2026-07-15" {
		t.Fatalf("result: %+v", res)
	}
	pdf, err := os.ReadFile(f.letter)
	if err != nil {
		t.Fatal(err)
	}
	code, text := printedPIN(t, pdf)
	for _, want := range []string{"123456789", "ALAOUI Mohamed", "4 Avenue Hassan II", "30000", "https://portail.cnops.ma", "15 juillet 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	if strings.Contains(text, "AB123456") {
		t.Error("the letter shows the CIN")
	}

	evs, payloads := f.events(t)
	if len(evs) != 1 || evs[0].Sealed == nil || evs[0].ExpiresOn != "2026-07-15" || evs[0].Channel != domain.ChannelCounter ||
		evs[0].IssueID != res.Issue.ID || evs[0].Sealed.KeyID != "centre-2026" {
		t.Fatalf("queued event: %+v", evs)
	}
	if got, err := pin.Open(f.key, *evs[0].Sealed); err != nil || got != code {
		t.Fatalf("the sealed PIN opens to %q (%v), the letter says %s", got, err, code)
	}
	other, _ := pin.GenerateBoxKey("centre-2026")
	if _, err := pin.Open(other, *evs[0].Sealed); err == nil {
		t.Error("the sealed PIN opens with another key pair")
	}
	if strings.Contains(payloads[0], code) {
		t.Error("the outbox payload holds the PIN")
	}

	// The database and its WAL, as files: the PIN nowhere.
	f.svc.PINOverview(f.ctx, agent, 1)
	for _, path := range []string{f.db.Path, f.db.Path + "-wal"} {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) == 0 || bytes.Contains(raw, []byte(code)) {
			t.Errorf("%s (%d bytes) holds the PIN", filepath.Base(path), len(raw))
		}
	}
	var details string
	f.raw.QueryRow(`SELECT group_concat(detail, ' ') FROM audit`).Scan(&details)
	if !strings.Contains(details, res.Issue.ID) || strings.Contains(details, code) {
		t.Errorf("audit details: %s", details)
	}
}

// Without the centre's key, or without a printer or a file to save to,
// nothing is generated.
func TestCounterNeedsAKeyAndAPrinter(t *testing.T) {
	f := newPINFixture(t, func(p *Policy) { p.PINKey = pin.BoxKey{} })
	agent := f.signIn(t, "agent", agentPW)
	if _, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter}); !errors.Is(err, domain.ErrPINNoKey) {
		t.Errorf("no key: %v", err)
	}
	// The key recorded at provisioning serves when none is configured.
	f.exec(t, `INSERT INTO meta (key, value) VALUES ('pin_key_id', ?), ('pin_public_key', ?)`, f.key.ID, pin.EncodeKey(f.key.Public[:]))
	f.reissue(t, agent, domain.ChannelCounter)

	f = newPINFixture(t, func(p *Policy) { p.PrintCommand = "" })
	agent = f.signIn(t, "agent", agentPW)
	if _, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter}); !errors.Is(err, domain.ErrPINNoPrinter) {
		t.Errorf("no printer: %v", err)
	}
	if issues, entries := f.counts(t); issues != 0 || entries != 0 {
		t.Errorf("stored %d reissues, %d entries", issues, entries)
	}
}

// --save writes a new 0600 file, never over an existing one, only in an
// existing folder, and only for a counter letter.
func TestCounterLetterSavedToANewFile(t *testing.T) {
	f := newPINFixture(t, func(p *Policy) { p.PrintCommand = "" })
	agent := f.signIn(t, "agent", agentPW)
	dir := t.TempDir()
	path := filepath.Join(dir, "letter.pdf")
	res, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter, SaveTo: path})
	if err != nil || res.SavedTo != path || res.Printed {
		t.Fatalf("save: %+v %v", res, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("saved letter: %v %v", info, err)
	}
	pdf, _ := os.ReadFile(path)
	code, _ := printedPIN(t, pdf)
	evs, _ := f.events(t)
	if got, _ := pin.Open(f.key, *evs[0].Sealed); got != code {
		t.Errorf("saved letter's PIN %s is not the sealed one", code)
	}
	for _, c := range []struct {
		in  PINReissueInput
		key string
	}{
		{PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter, SaveTo: path}, KeyPINSaveExists},
		{PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter, SaveTo: filepath.Join(dir, "no", "l.pdf")}, KeyPINSaveNoFolder},
		{PINReissueInput{MemberID: 1, Channel: domain.ChannelPost, SaveTo: filepath.Join(dir, "post.pdf")}, KeyPINSaveCounterOnly},
	} {
		_, err := f.svc.ReissuePIN(f.ctx, agent, c.in)
		if fe, ok := domain.AsFieldError(err); !ok || fe.Field != "save_to" || fe.Key != c.key {
			t.Errorf("%+v: %v", c.in, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, pdf) {
		t.Error("the saved letter was overwritten")
	}
	if issues, entries := f.counts(t); issues != 1 || entries != 1 {
		t.Errorf("%d reissues, %d entries", issues, entries)
	}
}

// Once the letter is out, a sign-out (the session's context cancelled)
// neither voids it nor keeps its PIN from being queued.
func TestCounterLetterOutSurvivesASignOut(t *testing.T) {
	f := newPINFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	ctx, signOut := context.WithCancel(f.ctx)
	defer signOut()
	svc, err := New(f.ctx, f.db, f.svc.policy, WithClock(func() time.Time {
		if _, err := os.Stat(f.letter); err == nil {
			signOut() // the letter printed: the agent signs out before it is recorded
		}
		return f.now
	}))
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.ReissuePIN(ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter})
	if err != nil || !res.Printed || ctx.Err() == nil {
		t.Fatalf("signed out after the print: %+v %v (cancelled: %v)", res, err, ctx.Err())
	}
	if issues, entries := f.counts(t); issues != 1 || entries != 1 {
		t.Errorf("%d reissues, %d entries", issues, entries)
	}
}
