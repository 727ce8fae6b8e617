package service

import (
	"database/sql"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

// What a counter reissue does when something stands in the way: nothing is
// queued unless the letter went out and the rules still hold, and a letter
// that went out for nothing is void.

// A failed print queues nothing and is audited; the printer's complaint
// reaches the agent, never the PIN.
func TestCounterPrintFailureQueuesNothing(t *testing.T) {
	f := newPINFixture(t, func(p *Policy) { p.PrintCommand = "false" })
	agent := f.signIn(t, "agent", agentPW)
	_, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter})
	if !errors.Is(err, domain.ErrPINPrintFailed) {
		t.Fatalf("got %v", err)
	}
	if issues, entries := f.counts(t); issues != 0 || entries != 0 {
		t.Errorf("a failed print stored %d reissues, %d entries", issues, entries)
	}
	if got := f.lastAudit(t); got.Action != domain.AuditPINPrintFailed || got.Actor != "agent" || got.Subject != "123456789" {
		t.Errorf("not audited: %+v", got)
	}

	// A printer's complaint is shown and audited, never with the PIN in it
	// (a print command could echo what it was given).
	got := redact("lp: \x1b[31mjob 123456789012 refused\n"+strings.Repeat("x", 400), "123456789012")
	if strings.Contains(got, "123456789012") || strings.ContainsRune(got, '\x1b') || len([]rune(got)) > maxComplaint+1 ||
		!strings.HasPrefix(got, "lp: ") {
		t.Errorf("redacted complaint: %q", got)
	}
}

// helperEnv tells the test binary, run as a print command, to act as a
// printer that saves the letter while the member is suspended meanwhile.
const helperEnv = "GUICHET_TEST_PRINTER_SUSPENDS"

// TestHelperPrinterSuspends is not a test: run as a print command (see
// TestCounterRefusedAfterPrintVoidsTheLetter), it stands for a printer
// that takes a while, during which the member is suspended elsewhere.
func TestHelperPrinterSuspends(t *testing.T) {
	db := os.Getenv(helperEnv)
	if db == "" {
		t.Skip("run as a print command only")
	}
	if _, err := io.Copy(io.Discard, os.Stdin); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE members SET status = 'suspended' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
}

// The rules are checked again once the letter is out: a refusal then
// queues nothing (the PIN never works) and tells the agent to destroy the
// letter.
func TestCounterRefusedAfterPrintVoidsTheLetter(t *testing.T) {
	f := newPINFixture(t, func(p *Policy) {
		p.PrintCommand = "'" + os.Args[0] + "' -test.run=^TestHelperPrinterSuspends$"
	})
	t.Setenv(helperEnv, f.db.Path)
	agent := f.signIn(t, "agent", agentPW)
	_, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter})
	var void *PINLetterVoidError
	if !errors.As(err, &void) || !errors.Is(err, ErrPINLetterVoid) || !errors.Is(err, domain.ErrPINMemberInactive) {
		t.Fatalf("got %v", err)
	}
	if issues, entries := f.counts(t); issues != 0 || entries != 0 {
		t.Errorf("a voided letter queued %d reissues, %d entries", issues, entries)
	}
}

// A file that cannot be written is the save_to field's refusal (name
// another), audited like a failed print, and queues nothing.
func TestCounterLetterSaveFailureQueuesNothing(t *testing.T) {
	if info, err := os.Stat("/proc/self"); err != nil || !info.IsDir() {
		t.Skip("needs /proc: a folder where even root cannot create a file")
	}
	f := newPINFixture(t, func(p *Policy) { p.PrintCommand = "" })
	agent := f.signIn(t, "agent", agentPW)
	_, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter,
		SaveTo: "/proc/guichet-letter.pdf"})
	if fe, ok := domain.AsFieldError(err); !ok || fe.Field != "save_to" || fe.Key != KeyPINSaveFailed {
		t.Fatalf("got %v", err)
	}
	if issues, entries := f.counts(t); issues != 0 || entries != 0 {
		t.Errorf("a letter not saved queued %d reissues, %d entries", issues, entries)
	}
	if got := f.lastAudit(t); got.Action != domain.AuditPINPrintFailed || got.Actor != "agent" {
		t.Errorf("not audited: %+v", got)
	}
}

// The second supervisor is judged before a counter letter prints: a
// refused override prints nothing.
func TestCounterOverrideJudgedBeforePrinting(t *testing.T) {
	f := newPINFixture(t)
	f.addressChanged(t, f.now.Add(-time.Hour))
	agent := f.signIn(t, "agent", agentPW)
	for _, c := range []Consent{
		{Username: "agent", Password: agentPW, Reason: "member moving abroad"},
		{Username: "agent2", Password: agentPW, Reason: "member moving abroad"},
		{Username: "super", Password: "wrong-password", Reason: "member moving abroad"},
	} {
		if _, err := f.svc.ReissuePIN(f.ctx, agent, PINReissueInput{MemberID: 1, Channel: domain.ChannelCounter,
			Override: &c}); err == nil {
			t.Fatalf("override by %s accepted", c.Username)
		}
		if _, err := os.Stat(f.letter); err == nil {
			t.Fatalf("a letter printed before the override by %s was refused", c.Username)
		}
	}
}
