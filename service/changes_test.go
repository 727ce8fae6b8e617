package service

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

func goodChange() ChangeInput {
	return ChangeInput{
		MemberID: 1,
		Address:  domain.AddressInput{Line1: "7 Rue Oued Ziz", Quarter: "Agdal", City: "Rabat", PostalCode: "10090", LineAr: "7 زنقة واد زيز"},
		Evidence: domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: "ab 123456", SignedForm: true, FormNumber: "F-2291"},
	}
}

// counts returns how many requests, outbox entries and change audit
// entries exist: a refused operation must leave all three unchanged.
func (f *fixture) counts(t *testing.T) [3]int {
	t.Helper()
	var c [3]int
	f.raw.QueryRow(`SELECT count(*) FROM address_requests`).Scan(&c[0])
	f.raw.QueryRow(`SELECT count(*) FROM outbox`).Scan(&c[1])
	f.raw.QueryRow(`SELECT count(*) FROM audit WHERE action LIKE 'change.%'`).Scan(&c[2])
	return c
}

func TestRequestWritesChangeAuditAndOutboxTogether(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	req, warnings, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil || len(warnings) != 0 {
		t.Fatalf("request: %v %v", warnings, err)
	}
	// What comes back shows the CIN masked; the centre's copy (the outbox
	// entry) has it in full, to check it again.
	if req.Ref != "RAB01-20260615-1" || req.BaseVersion != 1 || req.Evidence.CINReadOffCopy != domain.MaskCIN("AB123456") {
		t.Errorf("request %+v", req)
	}
	if c := f.counts(t); c != [3]int{1, 1, 1} {
		t.Errorf("request, outbox, audit = %v", c)
	}
	entries, _ := f.db.Outbox(f.ctx)
	if entries[0].Kind != domain.EventAddressRequested || entries[0].BaseVersion != 0 || entries[0].Seq != 1 ||
		!strings.Contains(entries[0].Payload, `"reference":"RAB01-20260615-1"`) || !strings.Contains(entries[0].Payload, `"AB123456"`) {
		t.Errorf("outbox %+v", entries[0])
	}
	// The outbox is frozen: only delivery columns may change.
	if _, err := f.raw.Exec(`UPDATE outbox SET payload = '{}'`); err == nil {
		t.Error("an outbox payload could be changed")
	}
	if _, err := f.raw.Exec(`DELETE FROM outbox`); err == nil {
		t.Error("an outbox entry could be deleted")
	}
	if _, err := f.raw.Exec(`UPDATE outbox SET state = 'delivered', attempts = 1`); err != nil {
		t.Errorf("delivery state must stay writable: %v", err)
	}
	// Failing mid-transaction (the outbox refuses the insert) leaves nothing.
	f.exec(t, `CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
	super := f.signIn(t, "super", supervisorPW)
	before := f.counts(t)
	if _, err := f.svc.ApproveAddressChange(f.ctx, super, req.Ref); err == nil {
		t.Fatal("approval succeeded without its outbox entry")
	}
	if after := f.counts(t); after != before {
		t.Errorf("a failed approval left %v, had %v", after, before)
	}
	if d, _ := f.svc.AddressRequest(f.ctx, super, req.Ref); d.Request.State != domain.RequestPending || d.MemberVersion != 1 {
		t.Errorf("the failed approval changed the request or member: %+v v%d", d.Request.State, d.MemberVersion)
	}
}

func TestMakerCheckerWhateverTheRole(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	super2 := f.signIn(t, "super2", supervisorPW)

	req, _, err := f.svc.RequestAddressChange(f.ctx, super, goodChange())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ApproveAddressChange(f.ctx, super, req.Ref); !errors.Is(err, domain.ErrOwnRequest) {
		t.Errorf("supervisor approved their own request: %v", err)
	}
	if _, err := f.svc.RejectAddressChange(f.ctx, super, req.Ref, "no"); !errors.Is(err, domain.ErrOwnRequest) {
		t.Errorf("supervisor rejected their own request: %v", err)
	}
	if _, err := f.svc.ApproveAddressChange(f.ctx, agent, req.Ref); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("agent approved: %v", err)
	}
	if _, err := f.svc.ApproveAddressChange(f.ctx, f.admin, req.Ref); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("admin approved: %v", err)
	}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, f.admin, goodChange()); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("admin recorded a change: %v", err)
	}
	var refusals int
	f.raw.QueryRow(`SELECT count(*) FROM audit WHERE action = 'change.decide_refused'`).Scan(&refusals)
	if refusals < 3 {
		t.Errorf("refused decisions must be audited, found %d", refusals)
	}
	// An agent's request: the agent cannot decide it either way.
	if _, err := f.svc.CancelAddressChange(f.ctx, super, req.Ref); err != nil {
		t.Fatal(err)
	}
	areq, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ApproveAddressChange(f.ctx, agent, areq.Ref); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("agent approved own request: %v", err)
	}
	approved, err := f.svc.ApproveAddressChange(f.ctx, super2, areq.Ref)
	if err != nil || approved.State != domain.RequestApproved {
		t.Fatalf("another supervisor must approve: %v", err)
	}
	file, _ := f.svc.MemberFile(f.ctx, agent, 1)
	if file.Member.Version != 2 || file.Current == nil || file.Current.Line1 != "7 Rue Oued Ziz" || !file.Current.Verified {
		t.Errorf("after approval: v%d %+v", file.Member.Version, file.Current)
	}
	if len(file.History) != 2 || file.History[0].City != "Fès" || file.History[0].ValidTo == nil {
		t.Errorf("the old address must be closed in the history: %+v", file.History)
	}
	entries, _ := f.db.Outbox(f.ctx)
	last := entries[len(entries)-1]
	if last.Kind != domain.EventAddressApproved || last.BaseVersion != 1 {
		t.Errorf("approval event %+v", last)
	}
	// The search index follows the new city.
	res, _ := f.svc.Search(f.ctx, agent, "alaoui mohamed rabat", 0)
	if len(res.Hits) != 1 {
		t.Errorf("search by the new city: %+v", res.Hits)
	}
}

// A request is decided in the branch that recorded it, whatever the
// member's home branch: a supervisor of another branch is refused here, as
// the centre would refuse the decision.
func TestAnotherBranchDecidesNothing(t *testing.T) {
	f := newFixture(t)
	must(t, f.svc.AddBranch(f.ctx, f.admin, store.Branch{Code: "CAS01", Name: "Casablanca Maarif", City: "Casablanca", Region: "Casablanca-Settat"}))
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "agentc", DisplayName: "Agent C", Role: "agent", Branch: "CAS01", Password: agentPW}))
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "superc", DisplayName: "Super C", Role: "supervisor", Branch: "CAS01", Password: supervisorPW}))
	superC := f.signIn(t, "superc", supervisorPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, f.signIn(t, "agent", agentPW), goodChange())
	if err != nil {
		t.Fatal(err)
	}
	outbox := f.counts(t)[1]
	if _, err := f.svc.ApproveAddressChange(f.ctx, superC, req.Ref); !errors.Is(err, domain.ErrWrongBranch) {
		t.Errorf("another branch's supervisor approved: %v", err)
	}
	if _, err := f.svc.RejectAddressChange(f.ctx, superC, req.Ref, "not ours"); !errors.Is(err, domain.ErrWrongBranch) {
		t.Errorf("another branch's supervisor rejected: %v", err)
	}
	if last := f.lastAudit(t); last.Action != domain.AuditChangeRefused || !strings.Contains(last.Detail, domain.KeyWrongBranch) {
		t.Errorf("the refusal is not audited: %+v", last)
	}
	d, _ := f.svc.AddressRequest(f.ctx, superC, req.Ref)
	if d.Request.State != domain.RequestPending || d.MemberVersion != 1 || f.counts(t)[1] != outbox {
		t.Errorf("a refused decision changed something: %s v%d, outbox %d then %d", d.Request.State, d.MemberVersion, outbox, f.counts(t)[1])
	}
	// The home branch's supervisor decides it; a request recorded in CAS01
	// for the same (RAB01) member is then CAS01's to decide.
	if _, err := f.svc.RejectAddressChange(f.ctx, f.signIn(t, "super", supervisorPW), req.Ref, "form unsigned"); err != nil {
		t.Fatal(err)
	}
	reqC, _, err := f.svc.RequestAddressChange(f.ctx, f.signIn(t, "agentc", agentPW), goodChange())
	if err != nil || reqC.Branch != "CAS01" {
		t.Fatalf("a request in CAS01: %+v %v", reqC, err)
	}
	if _, err := f.svc.ApproveAddressChange(f.ctx, f.signIn(t, "super", supervisorPW), reqC.Ref); !errors.Is(err, domain.ErrWrongBranch) {
		t.Errorf("RAB01's supervisor approved CAS01's request: %v", err)
	}
	if _, err := f.svc.ApproveAddressChange(f.ctx, superC, reqC.Ref); err != nil {
		t.Errorf("CAS01's supervisor approves CAS01's request: %v", err)
	}
}

func TestOnePendingPerMemberAndCancel(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil {
		t.Fatal(err)
	}
	withScan := goodChange()
	scan := filepath.Join(t.TempDir(), "form.png")
	os.WriteFile(scan, []byte("\x89PNG\r\n\x1a\nanother form"), 0o600)
	withScan.ScanFiles = []string{scan}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, super, withScan); !errors.Is(err, domain.ErrChangePending) {
		t.Errorf("second pending request: %v", err)
	}
	if files, _ := os.ReadDir(f.svc.policy.DocumentsDir); len(files) != 0 {
		t.Errorf("a refused request left %d scans in the document store", len(files))
	}
	if _, err := f.svc.CancelAddressChange(f.ctx, f.signIn(t, "super2", supervisorPW), req.Ref); !errors.Is(err, domain.ErrNotRequester) {
		t.Errorf("cancel by another: %v", err)
	}
	if _, err := f.svc.CancelAddressChange(f.ctx, agent, req.Ref); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CancelAddressChange(f.ctx, agent, req.Ref); !errors.Is(err, domain.ErrNotPending) {
		t.Errorf("cancel twice: %v", err)
	}
	second, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil || second.Ref != "RAB01-20260615-2" {
		t.Fatalf("a new request after cancelling: %v %v", second.Ref, err)
	}
	if _, err := f.svc.RejectAddressChange(f.ctx, super, second.Ref, "  "); err == nil {
		t.Error("a rejection without a reason")
	}
	rej, err := f.svc.RejectAddressChange(f.ctx, super, second.Ref, "form unsigned")
	if err != nil || rej.State != domain.RequestRejected || rej.DecisionReason != "form unsigned" {
		t.Errorf("reject: %+v %v", rej, err)
	}
	d, _ := f.svc.AddressRequest(f.ctx, super, second.Ref)
	if len(d.History) != 2 || d.History[1].Action != domain.AuditChangeRejected || d.MemberVersion != 1 {
		t.Errorf("history %+v", d.History)
	}
	if unknown, err := f.svc.AddressRequest(f.ctx, super, "NOPE-1"); !errors.Is(err, domain.ErrRequestNotFound) {
		t.Errorf("unknown reference: %+v %v", unknown, err)
	}
}

func TestApprovalConflictWhenTheMemberChanged(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	req, _, _ := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	f.exec(t, `UPDATE members SET version = 2 WHERE id = 1`) // an update from the centre
	if _, err := f.svc.ApproveAddressChange(f.ctx, super, req.Ref); !errors.Is(err, domain.ErrVersionConflict) {
		t.Fatalf("approval over a newer record: %v", err)
	}
	file, _ := f.svc.MemberFile(f.ctx, agent, 1)
	if file.Current.City != "Fès" {
		t.Error("a conflicting approval changed the address")
	}
	// The conflict closed the request, so the change can be recorded again.
	d, _ := f.svc.AddressRequest(f.ctx, super, req.Ref)
	if d.Request.State != domain.RequestRejected || d.Request.DecisionReason != ReasonVersionConflict {
		t.Errorf("conflicting request left %s (%q)", d.Request.State, d.Request.DecisionReason)
	}
	again, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil || again.BaseVersion != 2 {
		t.Errorf("new request on version %d: %v", again.BaseVersion, err)
	}
}

func TestConcurrentApprovalsExactlyOneWins(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	req, _, _ := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	sessions := []Session{f.signIn(t, "super", supervisorPW), f.signIn(t, "super2", supervisorPW)}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = f.svc.ApproveAddressChange(f.ctx, sessions[i%2], req.Ref)
		}(i)
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, domain.ErrNotPending):
			t.Errorf("unexpected: %v", err)
		}
	}
	var version, addresses int
	f.raw.QueryRow(`SELECT version FROM members WHERE id = 1`).Scan(&version)
	f.raw.QueryRow(`SELECT count(*) FROM addresses WHERE member_id = 1`).Scan(&addresses)
	if wins != 1 || version != 2 || addresses != 3 {
		t.Errorf("wins %d, version %d, addresses %d", wins, version, addresses)
	}
}

func TestEvidenceRules(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	before := f.counts(t)

	wrong := goodChange()
	wrong.Evidence.CINReadOffCopy = "AB123457"
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, wrong); !fieldIs(err, "cin_copy", domain.KeyCINMismatch) {
		t.Errorf("CIN mismatch: %v", err)
	}
	missing := goodChange()
	missing.Evidence.SignedForm, missing.Evidence.FormNumber = false, ""
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, missing); !errors.Is(err, domain.ErrEvidenceMissing) {
		t.Errorf("missing form: %v", err)
	}
	missing.Exception = &Consent{Username: "agent", Password: agentPW, Reason: "form at home"}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, missing); !errors.Is(err, domain.ErrSecondPersonSame) {
		t.Errorf("exception by oneself: %v", err)
	}
	missing.Exception = &Consent{Username: "super", Password: "wrong-password", Reason: "form at home"}
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, missing); !errors.Is(err, domain.ErrBadCredentials) {
		t.Errorf("exception with a wrong password: %v", err)
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "scan.pdf")
	os.WriteFile(exe, []byte("MZ\x90\x00 not a pdf at all"), 0o600)
	big := filepath.Join(dir, "big.png")
	os.WriteFile(big, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 2<<20)...), 0o600)
	for _, path := range []string{exe, big, filepath.Join(dir, "missing.jpg")} {
		in := goodChange()
		in.ScanFiles = []string{path}
		if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, in); !fieldIs(err, "scan", "") {
			t.Errorf("scan %s: %v", filepath.Base(path), err)
		}
	}
	if after := f.counts(t); after != before {
		t.Errorf("refusals stored something: %v → %v", before, after)
	}
	missing.Exception = &Consent{Username: "super", Password: supervisorPW, Reason: "form at home"}
	pdf := filepath.Join(dir, "form.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4 signed form"), 0o600)
	missing.ScanFiles = []string{pdf}
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, missing)
	if err != nil || req.Exception == nil || req.Exception.GrantedBy != "super" || len(req.Evidence.Scans) != 1 {
		t.Fatalf("exception by a supervisor: %+v %v", req.Exception, err)
	}
	stored := filepath.Join(f.svc.policy.DocumentsDir, req.Evidence.Scans[0].SHA256)
	if st, err := os.Stat(stored); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("scan not kept privately: %v", err)
	}
}

func TestAddressWarningsNeedConfirmation(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	in := goodChange()
	in.Address.PostalCode = "20000" // Casablanca's, for Rabat
	_, warnings, err := f.svc.RequestAddressChange(f.ctx, agent, in)
	if !errors.Is(err, domain.ErrUnconfirmedWarning) || len(warnings) != 1 || warnings[0].Field != "postal_code" {
		t.Fatalf("warning: %v %v", warnings, err)
	}
	if c := f.counts(t); c != [3]int{} {
		t.Errorf("an unconfirmed warning stored %v", c)
	}
	in.ConfirmWarnings = true
	if _, _, err := f.svc.RequestAddressChange(f.ctx, agent, in); err != nil {
		t.Errorf("confirmed: %v", err)
	}
}

func fieldIs(err error, field, key string) bool {
	fe, ok := domain.AsFieldError(err)
	return ok && fe.Field == field && (key == "" || fe.Key == key)
}

func TestReceiptIsSavedOrPrinted(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil {
		t.Fatal(err)
	}
	f.svc.policy.ReceiptDir = t.TempDir()
	d, err := f.svc.DeliverReceipt(f.ctx, agent, req.Ref)
	if err != nil || filepath.Base(d.SavedTo) != req.Ref+".pdf" {
		t.Fatalf("saved at %+v: %v", d, err)
	}
	if pdf, _ := os.ReadFile(d.SavedTo); !strings.HasPrefix(string(pdf), "%PDF") {
		t.Error("not a PDF")
	}
	if again, err := f.svc.DeliverReceipt(f.ctx, agent, req.Ref); err != nil || filepath.Base(again.SavedTo) != req.Ref+"-2.pdf" {
		t.Errorf("a saved receipt must not be overwritten: %+v %v", again, err)
	}
	// A print command receives the PDF on its standard input.
	out := filepath.Join(t.TempDir(), "printed.pdf")
	script := filepath.Join(t.TempDir(), "print.sh")
	os.WriteFile(script, []byte("#!/bin/sh\ncat > \"$1\"\n"), 0o700)
	f.svc.policy.PrintCommand = script + " " + out
	if d, err := f.svc.DeliverReceipt(f.ctx, agent, req.Ref); err != nil || d.PrintedWith == "" || d.SavedTo != "" {
		t.Fatalf("%+v %v", d, err)
	}
	if pdf, _ := os.ReadFile(out); !strings.HasPrefix(string(pdf), "%PDF") {
		t.Error("the printer got no PDF")
	}
	f.svc.policy.PrintCommand = "false"
	if d, err := f.svc.DeliverReceipt(f.ctx, agent, req.Ref); err != nil || d.PrintError == nil || d.SavedTo == "" {
		t.Errorf("a failing printer is reported and the receipt saved: %+v %v", d, err)
	}
	if _, err := f.svc.Receipt(f.ctx, f.admin, req.Ref); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("admin rendered a receipt: %v", err)
	}
}

func TestReadingRequestsIsAudited(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	req, _, _ := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	f.svc.policy.ReceiptDir = t.TempDir()
	count := func(action string) (n int) {
		f.raw.QueryRow(`SELECT count(*) FROM audit WHERE action = ?`, action).Scan(&n)
		return n
	}
	f.svc.AddressRequests(f.ctx, super, RequestFilter{State: domain.RequestPending})
	f.svc.AddressRequest(f.ctx, super, req.Ref)
	f.svc.DeliverReceipt(f.ctx, agent, req.Ref)
	f.svc.RejectAddressChange(f.ctx, super, req.Ref, "unsigned")
	f.svc.DecidedRequests(f.ctx, super, f.now.AddDate(0, 0, -1), f.now.AddDate(0, 0, 1))
	for _, action := range []string{domain.AuditChangesListed, domain.AuditChangeViewed, domain.AuditReceiptIssued, domain.AuditChangesExported} {
		if count(action) != 1 {
			t.Errorf("%s audited %d times, want once", action, count(action))
		}
	}
	var shown string
	f.raw.QueryRow(`SELECT detail FROM audit WHERE action = 'change.list'`).Scan(&shown)
	if !strings.Contains(shown, `"shown":["123456789"]`) {
		t.Errorf("the list's audit entry must name the members shown: %s", shown)
	}
}

func TestAWithdrawnAccountStopsAtOnce(t *testing.T) {
	f := newFixture(t)
	agent := f.signIn(t, "agent", agentPW)
	super := f.signIn(t, "super", supervisorPW)
	req, _, err := f.svc.RequestAddressChange(f.ctx, agent, goodChange())
	if err != nil {
		t.Fatal(err)
	}
	f.exec(t, `UPDATE users SET role = 'agent' WHERE username = 'super'`) // demoted meanwhile
	if _, err := f.svc.ApproveAddressChange(f.ctx, super, req.Ref); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("a demoted supervisor's open session approved: %v", err)
	}
	f.exec(t, `UPDATE users SET disabled = 1 WHERE username = 'agent'`)
	if _, err := f.svc.CancelAddressChange(f.ctx, agent, req.Ref); !errors.Is(err, domain.ErrAccountDisabled) {
		t.Errorf("a disabled account's open session cancelled: %v", err)
	}
	f.exec(t, `UPDATE users SET disabled = 1 WHERE username = 'admin'`)
	if err := f.svc.AddBranch(f.ctx, f.admin, store.Branch{Code: "FES01", Name: "Fès", City: "Fès", Region: "F"}); !errors.Is(err, domain.ErrAccountDisabled) {
		t.Errorf("a disabled admin added a branch: %v", err)
	}
}
