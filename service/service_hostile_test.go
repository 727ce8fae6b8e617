package service

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/hostile"
	"github.com/cnops/guichet/store"
)

// readOnlyActions are the audit actions a refused operation may still
// leave: sign-ins and the reads that led to it. Anything else is a write.
var readOnlyActions = []string{domain.AuditSignIn, domain.AuditSignInFailed, domain.AuditLookup,
	domain.AuditSearch, domain.AuditViewMember, domain.AuditChangesListed, domain.AuditChangeViewed,
	domain.AuditPINHistory, domain.AuditSyncListed}

// hostileState is what a refused operation must leave as it found it.
func (f *fixture) hostileState(t *testing.T) map[string]int {
	t.Helper()
	n := hostile.Counts(t, f.raw, "address_requests", "outbox", "documents", "pin_issues", "users", "branches",
		"members", "addresses", "beneficiaries")
	var writes, versions int
	q := `SELECT count(*) FROM audit WHERE action NOT IN (?` + strings.Repeat(", ?", len(readOnlyActions)-1) + `)`
	args := make([]any, len(readOnlyActions))
	for i, a := range readOnlyActions {
		args[i] = a
	}
	must(t, f.raw.QueryRow(q, args...).Scan(&writes))
	must(t, f.raw.QueryRow(`SELECT coalesce(sum(version), 0) FROM members`).Scan(&versions))
	n["audit writes"], n["member versions"] = writes, versions
	n["document files"] = hostile.FileCount(t, f.svc.policy.DocumentsDir)
	var pending int
	must(t, f.raw.QueryRow(`SELECT count(*) FROM address_requests WHERE state = 'pending'`).Scan(&pending))
	n["pending requests"] = pending
	return n
}

func sameHostileState(t *testing.T, name string, before, after map[string]int) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s went from %d to %d: a refusal stored something", name, k, v, after[k])
		}
	}
}

// checkHostileRefusal asserts err is the typed refusal the case names.
func checkHostileRefusal(t *testing.T, c hostile.Case, key string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: accepted, want a refusal naming %q", c.Name, c.Field)
		return
	}
	if fe, ok := domain.AsFieldError(err); ok {
		if fe.Field != c.Field || (key != "" && fe.Key != key) {
			t.Errorf("%s: refused with field %q key %q, want field %q key %q", c.Name, fe.Field, fe.Key, c.Field, key)
		}
		return
	}
	var de *domain.Error
	if !errors.As(err, &de) || !c.MayOmitField(key) || de.Key != key {
		t.Errorf("%s: refused with %T %v, want a field error naming %q (or the refusal %q)", c.Name, err, err, c.Field, key)
	}
}

// hostileBase is a valid address change for the fixture's member; a case
// replaces some of its fields.
func hostileBase() map[string]string {
	return map[string]string{"member": "1", "line1": "7 Avenue Hassan II", "line2": "", "quarter": "Hassan",
		"city": "Rabat", "postal_code": "10020", "province": "Rabat", "line_ar": "7 شارع الحسن الثاني",
		"registration_card_copy": "true", "cin_copy": "AB123456", "form_number": "F-2026-001"}
}

// Every hostile value of the corpus given to the operations behind the
// forms is refused with a typed error naming its field (or, for the SQL
// metacharacters a field may hold, kept literally), stores nothing, and
// never panics.
func TestHostileFormInputs(t *testing.T) {
	f := newFixture(t)
	vars := map[string]string{"tmp": t.TempDir()}
	sessions := map[string]Session{"agent": f.signIn(t, "agent", agentPW), "super": f.signIn(t, "super", supervisorPW),
		"admin": f.admin}
	// A second member, for the requests kept literally (the first has one
	// pending already).
	f.exec(t, `INSERT INTO members (id, regno, society_code, home_branch, cin, family_name, given_name, birth_date, sex, category)
		VALUES (2, '223456789', 'MGEN', 'RAB01', 'BK654321', 'Berrada', 'Nadia', '1959-11-03', 'F', 'retired')`)
	// A pending request by the agent, for the decisions to refuse.
	pending, _, err := f.svc.RequestAddressChange(f.ctx, sessions["agent"], hostileChange(t, hostileBase()))
	must(t, err)
	vars["pending"] = pending.Ref
	cases := hostile.Load[hostile.FormCase](t, "form.json")
	for _, c := range cases {
		in := map[string]string{}
		for k, v := range c.Input {
			in[k] = hostile.Expand(t, v, vars)
		}
		sess := sessions[c.As]
		if c.As == "" {
			sess = sessions["agent"]
		}
		before := f.hostileState(t)
		err := runFormOp(t, f, sess, c, in)
		if c.Expect == "literal" {
			if err != nil {
				t.Errorf("%s: refused %v, want it kept literally", c.Name, err)
			}
			continue // runFormOp checked what was kept and undid it
		}
		checkHostileRefusal(t, c.Case, c.Key, err)
		sameHostileState(t, c.Name, before, f.hostileState(t))
	}
	var tables int
	must(t, f.raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('members', 'users', 'address_requests')`).Scan(&tables))
	if tables != 3 {
		t.Fatalf("tables are gone: SQL from input was executed")
	}
}

// hostileChange is the service's input for an address change given as the
// corpus gives it, field by field.
func hostileChange(t *testing.T, in map[string]string) ChangeInput {
	t.Helper()
	id, err := strconv.ParseInt(in["member"], 10, 64)
	if err != nil {
		t.Fatalf("member %q", in["member"])
	}
	card := in["registration_card_copy"] == "true"
	return ChangeInput{MemberID: id,
		Address: domain.AddressInput{Line1: in["line1"], Line2: in["line2"], Quarter: in["quarter"], City: in["city"],
			PostalCode: in["postal_code"], Province: in["province"], LineAr: in["line_ar"]},
		Evidence: domain.Evidence{RegistrationCardCopy: card, CINCopy: in["cin_copy"] != "", CINReadOffCopy: in["cin_copy"],
			SignedForm: in["form_number"] != "", FormNumber: in["form_number"]},
		ConfirmWarnings: true}
}

// runFormOp calls the operation of a case with the base input and the
// case's values; for an "literal" request it checks the kept request and
// cancels it again.
func runFormOp(t *testing.T, f *fixture, sess Session, c hostile.FormCase, in map[string]string) (err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: panic %v", c.Name, p)
			err = errors.New("panic")
		}
	}()
	switch c.Op {
	case "request":
		all := hostileBase()
		for k, v := range in {
			all[k] = v
		}
		req, _, err := f.svc.RequestAddressChange(f.ctx, sess, hostileChange(t, all))
		if err == nil && c.Expect == "literal" {
			kept, derr := f.svc.AddressRequest(f.ctx, sess, req.Ref)
			must(t, derr)
			for field, v := range in {
				if got, ok := addressField(kept.Request.Address, field); ok && got != v {
					t.Errorf("%s: %s kept as %q, typed %q", c.Name, field, got, v)
				}
			}
			_, cerr := f.svc.CancelAddressChange(f.ctx, sess, req.Ref)
			must(t, cerr)
		}
		return err
	case "lookup":
		_, err := f.svc.Lookup(f.ctx, sess, in["query"])
		return err
	case "search":
		res, err := f.svc.Search(f.ctx, sess, in["query"], 50)
		if err == nil && c.Expect == "literal" && len(res.Hits) != 0 {
			t.Errorf("%s: the query found %d members: it was read as more than text", c.Name, len(res.Hits))
		}
		return err
	case "add_user":
		n := NewUser{Username: "newagent", DisplayName: "New Agent", Role: "agent", Branch: "RAB01", Password: "a-long-password-1"}
		setHostile(in, "username", &n.Username)
		setHostile(in, "display_name", &n.DisplayName)
		setHostile(in, "role", &n.Role)
		setHostile(in, "branch", &n.Branch)
		setHostile(in, "password", &n.Password)
		return f.svc.AddUser(f.ctx, sess, n)
	case "add_branch":
		b := store.Branch{Code: "CAS01", Name: "Casablanca Anfa", City: "Casablanca", Region: "Casablanca-Settat"}
		setHostile(in, "code", &b.Code)
		setHostile(in, "name", &b.Name)
		setHostile(in, "city", &b.City)
		setHostile(in, "region", &b.Region)
		return f.svc.AddBranch(f.ctx, sess, b)
	case "reject":
		_, err := f.svc.RejectAddressChange(f.ctx, sess, in["ref"], in["reason"])
		return err
	case "approve":
		_, err := f.svc.ApproveAddressChange(f.ctx, sess, in["ref"])
		return err
	case "cancel":
		_, err := f.svc.CancelAddressChange(f.ctx, sess, in["ref"])
		return err
	case "show_request":
		_, err := f.svc.AddressRequest(f.ctx, sess, in["ref"])
		return err
	case "member_file":
		id, perr := strconv.ParseInt(in["member"], 10, 64)
		must(t, perr)
		_, err := f.svc.MemberFile(f.ctx, sess, id)
		return err
	case "reissue":
		id, perr := strconv.ParseInt(in["member"], 10, 64)
		must(t, perr)
		_, err := f.svc.ReissuePIN(f.ctx, sess, PINReissueInput{MemberID: id, Channel: domain.PINChannel(in["channel"]), SaveTo: in["save_to"]})
		return err
	case "password":
		_, err := f.svc.ChangePassword(f.ctx, sess, agentPW, in["next"])
		return err
	case "reset_password":
		return f.svc.ResetPassword(f.ctx, sess, in["username"], in["next"])
	case "disable_user":
		return f.svc.DisableUser(f.ctx, sess, in["username"])
	case "unlock_user":
		return f.svc.UnlockUser(f.ctx, sess, in["username"])
	case "retry_entry":
		return f.svc.RetryEntry(f.ctx, sess, in["id"])
	case "discard_entry":
		return f.svc.DiscardEntry(f.ctx, sess, in["id"], in["reason"])
	}
	t.Fatalf("%s: unknown op %q", c.Name, c.Op)
	return nil
}

func setHostile(in map[string]string, key string, dst *string) {
	if v, ok := in[key]; ok {
		*dst = v
	}
}

func addressField(a domain.AddressInput, field string) (string, bool) {
	v, ok := map[string]string{"line1": a.Line1, "line2": a.Line2, "quarter": a.Quarter, "city": a.City,
		"postal_code": a.PostalCode, "province": a.Province, "line_ar": a.LineAr}[field]
	return v, ok
}

// Every hostile scan path of the corpus (traversal, devices, FIFOs,
// symlinks, folders, files that are no scan) is refused naming the scan,
// without blocking and without keeping anything.
func TestHostileScanPaths(t *testing.T) {
	f := newFixture(t)
	sess := f.signIn(t, "agent", agentPW)
	dir := t.TempDir()
	for _, c := range hostile.Load[hostile.ScanCase](t, "scans.json") {
		path := hostile.MakeScanPath(t, dir, c.Make, c.Path, c.Target, c.Content)
		in := hostileChange(t, hostileBase())
		in.ScanFiles = []string{path}
		before := f.hostileState(t)
		done := make(chan error, 1)
		go func() { _, _, err := f.svc.RequestAddressChange(f.ctx, sess, in); done <- err }()
		var err error
		select {
		case err = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the request still waits on %s after 5 s: the console hangs", c.Name, path)
		}
		checkHostileRefusal(t, c.Case, c.Key, err)
		sameHostileState(t, c.Name, before, f.hostileState(t))
	}
}
