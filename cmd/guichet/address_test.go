package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

type member struct{ regno, cin string }

// addressFixture is a seeded demo database with a few active members, the
// receipts going to the test's folder and no printer.
func addressFixture(t *testing.T) (db string, ms []member) {
	t.Helper()
	db, _, _ = seeded(t)
	for _, k := range []string{"GUICHET_PRINTING_COMMAND", "GUICHET_PRINTING_SAVE_DIR", "GUICHET_DOCUMENTS_PATH",
		"GUICHET_DOCUMENTS_SCAN_MAX_MB", overridePasswordEnv} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return db, seededMembers(t, db, 4, `SELECT regno, cin FROM members WHERE status = 'active' ORDER BY id`)
}

// seededMembers reads the first n members (registration number, CIN) that
// query selects from the database; the test stops when there are fewer.
func seededMembers(t *testing.T, db string, n int, query string) []member {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(query+` LIMIT ?`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ms []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.regno, &m.cin); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil || len(ms) < n {
		t.Fatalf("want %d members, got %d (%v): %s", n, len(ms), err, query)
	}
	return ms
}

var demoPasswords = map[string]string{"agent": "demo-agent-pass", "supervisor": "demo-super-pass",
	"admin": "demo-admin-pass", "super2": "second-supervisor-pass"}

// as runs a command line acting as user.
func as(t *testing.T, db, user string, args ...string) result {
	t.Helper()
	t.Setenv("GUICHET_PASSWORD", demoPasswords[user])
	return guichet(t, "", append([]string{"--db", db}, append(args, "--user", user)...)...)
}

// goodAddress is a complete request's flags for a member.
func goodAddress(m member) []string {
	return []string{"--line1", "12 rue Oued Fès", "--quarter", "Agdal", "--city", "Rabat", "--postal-code", "10090",
		"--province", "Rabat", "--line-ar", "١٢ زنقة واد فاس", "--cin-copy", strings.ToLower(m.cin),
		"--registration-card-copy", "--form-number", "F-118"}
}

func request(t *testing.T, db, user string, m member, extra ...string) (requestJSON, result) {
	t.Helper()
	args := append([]string{"address", "request", m.regno, "--json"}, goodAddress(m)...)
	r := as(t, db, user, append(args, extra...)...)
	var out requestJSON
	if r.code == 0 {
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("request JSON: %v\n%s", err, r.stdout)
		}
	}
	return out, r
}

func listRequests(t *testing.T, db string, args ...string) []requestJSON {
	t.Helper()
	r := as(t, db, "supervisor", append([]string{"address", "list", "--json"}, args...)...)
	var out []requestJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &out) != nil || out == nil {
		t.Fatalf("address list %v: %+v", args, r)
	}
	return out
}

func TestAddressChangeFromRequestToVerifiedAddress(t *testing.T) {
	db, ms := addressFixture(t)
	a, b, c := ms[0], ms[1], ms[2]
	dir := filepath.Dir(db)
	png := filepath.Join(dir, "form.png")
	os.WriteFile(png, append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, bytes.Repeat([]byte{7}, 100)...), 0o600)

	// The agent records A's change with a scan; the receipt is saved.
	reqA, r := request(t, db, "agent", a, "--scan", png)
	if r.code != 0 || reqA.State != "pending" || reqA.RegistrationNumber != a.regno || !strings.HasPrefix(reqA.Reference, "RAB01-") {
		t.Fatalf("request: %+v\n%+v", r, reqA)
	}
	if !reqA.Evidence.CINCopy || !reqA.Evidence.SignedForm || len(reqA.Evidence.Scans) != 1 || reqA.Evidence.Scans[0].MediaType != "image/png" {
		t.Errorf("evidence: %+v", reqA.Evidence)
	}
	if strings.Contains(r.stdout, a.cin) {
		t.Error("the request's JSON must not carry the CIN")
	}
	if reqA.Receipt == nil || reqA.Receipt.SavedTo != filepath.Join(filepath.Dir(db), "receipts", reqA.Reference+".pdf") {
		t.Fatalf("receipt: %+v", reqA.Receipt)
	}
	pdf, err := os.ReadFile(reqA.Receipt.SavedTo)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("receipt file: %v", err)
	}
	if st, _ := os.Stat(reqA.Receipt.SavedTo); st.Mode().Perm() != 0o600 {
		t.Errorf("receipt mode %v, want 0600", st.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, "documents", reqA.Evidence.Scans[0].SHA256)); err != nil {
		t.Errorf("the scan is not in the document store next to the database: %v", err)
	}

	// Text output names the reference and where the receipt went.
	r = as(t, db, "agent", append([]string{"address", "request", b.regno}, goodAddress(b)...)...)
	if r.code != 0 || !strings.Contains(r.stdout, "Recorded RAB01-") || !strings.Contains(r.stdout, "Receipt saved to "+filepath.Join(dir, "receipts")) {
		t.Fatalf("text request: %+v", r)
	}
	if r := as(t, db, "agent", "address", "cancel", listRequests(t, db, "--member", b.regno)[0].Reference); r.code != 0 {
		t.Fatalf("cancel: %+v", r)
	}

	pending := listRequests(t, db, "--state", "pending")
	if len(pending) != 1 || pending[0].Reference != reqA.Reference || pending[0].RequestedBy != "agent" {
		t.Fatalf("pending: %+v", pending)
	}
	if r := as(t, db, "agent", "address", "list", "--mine"); r.code != 0 || !strings.Contains(r.stdout, reqA.Reference) {
		t.Errorf("list --mine: %+v", r)
	}

	// Agents never decide; a supervisor never decides their own request.
	if r := as(t, db, "agent", "address", "approve", reqA.Reference); r.code != 1 || !strings.Contains(r.stderr, "role does not allow") {
		t.Errorf("agent approving: %+v", r)
	}
	reqB, r := request(t, db, "supervisor", b)
	if r.code != 0 {
		t.Fatalf("supervisor request: %+v", r)
	}
	if r := as(t, db, "supervisor", "address", "approve", reqB.Reference); r.code != 1 || !strings.Contains(r.stderr, "another supervisor") {
		t.Errorf("self-approval: %+v", r)
	}
	r = as(t, db, "admin", "users", "list", "--json")
	var users []userJSON
	json.Unmarshal([]byte(r.stdout), &users)
	branch := ""
	for _, u := range users {
		if u.Username == "supervisor" {
			branch = u.Branch
		}
	}
	t.Setenv("GUICHET_PASSWORD", "demo-admin-pass")
	if r := guichet(t, demoPasswords["super2"]+"\n", "--db", db, "users", "add", "super2", "--name", "Second Supervisor",
		"--role", "supervisor", "--branch", branch, "--user", "admin", "--password-stdin"); r.code != 0 {
		t.Fatalf("users add: %+v", r)
	}
	if r := as(t, db, "super2", "address", "approve", reqB.Reference); r.code != 0 || !strings.Contains(r.stdout, "Approved "+reqB.Reference) {
		t.Errorf("second supervisor approving: %+v", r)
	}
	r = as(t, db, "supervisor", "address", "approve", reqA.Reference, "--json")
	var approved requestJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &approved) != nil || approved.State != "approved" || approved.DecidedBy != "supervisor" {
		t.Fatalf("approve: %+v", r)
	}
	if r := as(t, db, "super2", "address", "approve", reqA.Reference); r.code != 1 || !strings.Contains(r.stderr, "no longer pending") {
		t.Errorf("second approval: %+v", r)
	}

	// The member now has the new address, verified, at version 2.
	r = as(t, db, "agent", "members", "show", a.regno, "--json")
	var file memberJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &file) != nil {
		t.Fatalf("members show: %+v", r)
	}
	if file.Address == nil || file.Address.Line1 != "12 rue Oued Fès" || file.Address.PostalCode != "10090" ||
		!file.Address.Verified || file.Version != 2 || len(file.AddressHistory) == 0 {
		t.Errorf("member after approval: version %d, address %+v", file.Version, file.Address)
	}

	// show: old and new side by side, and the history.
	r = as(t, db, "agent", "address", "show", reqA.Reference, "--json")
	var detail requestDetailJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &detail) != nil || detail.MemberVersion != 2 {
		t.Fatalf("show --json: %+v", r)
	}
	var actions []string
	for _, h := range detail.History {
		actions = append(actions, h.Actor+":"+h.Action)
	}
	if got := strings.Join(actions, " "); !strings.Contains(got, "agent:change.record") || !strings.Contains(got, "supervisor:change.approve") ||
		!strings.Contains(got, "agent:change.decide_refused") {
		t.Errorf("history: %s", got)
	}
	r = as(t, db, "agent", "address", "show", reqA.Reference)
	if r.code != 0 || !strings.Contains(r.stdout, "CURRENT") || !strings.Contains(r.stdout, "REQUESTED") ||
		!strings.Contains(r.stdout, "approved") || strings.Contains(r.stdout, a.cin) {
		t.Errorf("show: %+v", r)
	}
	// Every history line is in words, never an audit action's code.
	if !strings.Contains(r.stdout, "issued the receipt") || !strings.Contains(r.stdout, "viewed the request") ||
		regexp.MustCompile(`\b(change|receipt)\.[a-z_]+`).MatchString(r.stdout) {
		t.Errorf("show's history: %s", r.stdout)
	}

	// Reject needs a reason; the requester cancels, nobody else.
	reqC, r := request(t, db, "agent", c)
	if r.code != 0 {
		t.Fatalf("request C: %+v", r)
	}
	if r := as(t, db, "super2", "address", "reject", reqC.Reference); r.code != 2 || !strings.Contains(r.stderr, "--reason") {
		t.Errorf("reject without reason: %+v", r)
	}
	if r := as(t, db, "super2", "address", "reject", reqC.Reference, "--reason", "   "); r.code != 1 || !strings.Contains(r.stderr, "reason") {
		t.Errorf("reject with a blank reason: %+v", r)
	}
	if r := as(t, db, "super2", "address", "reject", reqC.Reference, "--reason", "=form not signed"); r.code != 0 {
		t.Errorf("reject: %+v", r)
	}
	reqC2, r := request(t, db, "agent", c)
	if r.code != 0 {
		t.Fatalf("request C again: %+v", r)
	}
	if r := as(t, db, "supervisor", "address", "cancel", reqC2.Reference); r.code != 1 || !strings.Contains(r.stderr, "Only the person") {
		t.Errorf("cancel by another: %+v", r)
	}
	if r := as(t, db, "agent", "address", "cancel", reqC2.Reference); r.code != 0 || !strings.Contains(r.stdout, "Cancelled") {
		t.Errorf("cancel: %+v", r)
	}
	if got := listRequests(t, db, "--state", "cancelled"); len(got) != 2 {
		t.Errorf("cancelled: %+v", got)
	}
	if got := listRequests(t, db, "--member", c.regno); len(got) != 2 || got[0].State != "rejected" || got[0].Reason != "=form not signed" {
		t.Errorf("C's requests: %+v", got)
	}

	// Export: the decided requests of the period, never a CIN.
	loc, _ := time.LoadLocation("Africa/Casablanca")
	today := time.Now().In(loc)
	from, to := today.AddDate(0, 0, -1).Format(time.DateOnly), today.AddDate(0, 0, 1).Format(time.DateOnly)
	if r := as(t, db, "agent", "address", "export", "--from", from, "--to", to); r.code != 1 || !strings.Contains(r.stderr, "role does not allow") {
		t.Errorf("agent export: %+v", r)
	}
	r = as(t, db, "supervisor", "address", "export", "--from", from, "--to", to, "--format", "csv")
	if r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(records) != 4 || strings.Join(records[0], ",") != strings.Join(exportHeader, ",") {
		t.Fatalf("export CSV (%v):\n%s", err, r.stdout)
	}
	byRef := map[string][]string{}
	for _, rec := range records[1:] {
		byRef[rec[0]] = rec
	}
	if got := byRef[reqA.Reference]; got == nil || got[1] != a.regno || got[3] != "approved" || got[6] != "supervisor" || got[9] != "12 rue Oued Fès" {
		t.Errorf("A's row: %v", got)
	}
	if got := byRef[reqC.Reference]; got == nil || got[3] != "rejected" || got[8] != "'=form not signed" {
		t.Errorf("C's row (the reason must not run as a formula): %v", got)
	}
	for _, m := range ms {
		if strings.Contains(r.stdout, m.cin) {
			t.Errorf("the export holds the CIN %s", m.cin)
		}
	}
	tomorrow := today.AddDate(0, 0, 1).Format(time.DateOnly)
	r = as(t, db, "supervisor", "address", "export", "--from", tomorrow, "--to", tomorrow)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("an empty period exports the header alone: %+v", r)
	}
	for _, bad := range [][]string{{"--from", "2026-13-01", "--to", to}, {"--from", to, "--to", from}, {"--from", from}, {"--from", from, "--to", to, "--format", "xlsx"}} {
		if r := as(t, db, "supervisor", append([]string{"address", "export"}, bad...)...); r.code != 2 {
			t.Errorf("export %v: %+v", bad, r)
		}
	}
}

func TestAddressRequestRefusalsStoreNothing(t *testing.T) {
	db, ms := addressFixture(t)
	m := ms[0]
	dir := filepath.Dir(db)
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"line1": "5 rue X", "city": "Rabat", "postal_code": "10000", "cin_copy": "` + m.cin +
		`", "registration_card_copy": true, "form_number": "F-9"}`
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown JSON field", []string{"--from-json", write("unknown.json", `{"line1": "5 rue X", "colour": "red"}`)}, 1, `unknown field "colour"`},
		{"field in another case", []string{"--from-json", write("case.json", `{"Line1": "5 rue X"}`)}, 1, `unknown field "Line1"`},
		{"duplicate JSON field", []string{"--from-json", write("dup.json", `{"line1": "a", "line1": "b"}`)}, 1, `"line1" is given twice`},
		{"trailing data", []string{"--from-json", write("trail.json", good+` {}`)}, 1, "something after"},
		{"wrong type", []string{"--from-json", write("type.json", `{"form_number": 12}`)}, 1, `"form_number" has the wrong type`},
		{"not an object", []string{"--from-json", write("array.json", `[]`)}, 1, "one JSON object"},
		{"truncated", []string{"--from-json", write("cut.json", `{"line1": "a"`)}, 1, "not complete"},
		{"too large", []string{"--from-json", write("big.json", `{"line1": "`+strings.Repeat("a", 70<<10)+`"}`)}, 1, "64 KiB"},
		{"missing file", []string{"--from-json", filepath.Join(dir, "none.json")}, 1, "cannot read"},
		{"flags mixed with JSON", []string{"--from-json", write("good.json", good), "--city", "Fès"}, 2, "--city"},
		{"CIN mismatch", []string{"--line1", "5 rue X", "--city", "Rabat", "--postal-code", "10000", "--cin-copy", ms[1].cin, "--registration-card-copy", "--form-number", "1"}, 1, "not this member's"},
		{"malformed CIN", []string{"--line1", "5 rue X", "--city", "Rabat", "--postal-code", "10000", "--cin-copy", "12", "--registration-card-copy", "--form-number", "1"}, 1, "cin_copy:"},
		{"bad postal code", []string{"--line1", "5 rue X", "--city", "Rabat", "--postal-code", "1000", "--cin-copy", m.cin, "--registration-card-copy", "--form-number", "1"}, 1, "postal_code: must be 5 digits"},
		{"escape sequence", []string{"--line1", "5 rue X\x1b[2J", "--city", "Rabat", "--postal-code", "10000", "--cin-copy", m.cin, "--registration-card-copy", "--form-number", "1"}, 1, "line1:"},
		{"no line 1", []string{"--city", "Rabat", "--postal-code", "10000", "--cin-copy", m.cin, "--registration-card-copy", "--form-number", "1"}, 1, "line1: is required"},
		{"unconfirmed warning", []string{"--line1", "5 rue X", "--city", "Rabat", "--postal-code", "20000", "--cin-copy", m.cin, "--registration-card-copy", "--form-number", "1"}, 1, "postal code of Rabat (10000)"},
		{"scan of another type", append(goodAddress(m), "--scan", write("notes.txt", "just text, no image")), 1, "PDF, JPEG or PNG"},
		{"scan missing", append(goodAddress(m), "--scan", filepath.Join(dir, "absent.pdf")), 1, "cannot be read"},
		{"evidence missing", []string{"--line1", "5 rue X", "--city", "Rabat", "--postal-code", "10000", "--registration-card-copy", "--form-number", "1"}, 1, "Evidence is missing (CIN copy)"},
		{"override reason alone", append(goodAddress(m), "--override-reason", "why"), 2, "--override-by"},
	}
	for _, c := range cases {
		r := as(t, db, "agent", append([]string{"address", "request", m.regno}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) || strings.ContainsRune(r.stderr, '\x1b') {
			t.Errorf("%s: %+v, want exit %d and %q", c.name, r, c.code, c.want)
		}
	}
	if r := as(t, db, "agent", append([]string{"address", "request", "000000001"}, goodAddress(m)...)...); r.code != 1 || !strings.Contains(r.stderr, "No such member") {
		t.Errorf("unknown member: %+v", r)
	}
	// A supervisor's exception needs someone other than the requester.
	t.Setenv(overridePasswordEnv, "demo-agent-pass")
	noCIN := []string{"address", "request", m.regno, "--line1", "5 rue X", "--city", "Rabat", "--postal-code", "10000",
		"--registration-card-copy", "--form-number", "1", "--override-reason", "CIN copy forgotten"}
	if r := as(t, db, "agent", append(noCIN, "--override-by", "agent")...); r.code != 1 || !strings.Contains(r.stderr, "someone other than you") {
		t.Errorf("override by the requester: %+v", r)
	}
	t.Setenv(overridePasswordEnv, "")
	if r := as(t, db, "agent", append(noCIN, "--override-by", "supervisor")...); r.code != 2 || !strings.Contains(r.stderr, overridePasswordEnv) {
		t.Errorf("override without its password: %+v", r)
	}
	if got := listRequests(t, db); len(got) != 0 {
		t.Fatalf("refused requests were stored: %+v", got)
	}
	if entries, _ := os.ReadDir("receipts"); len(entries) != 0 {
		t.Errorf("receipts of refused requests: %v", entries)
	}

	// Confirmed, the warning goes through and is reported.
	r := as(t, db, "agent", "address", "request", m.regno, "--line1", "5 rue X", "--city", "Rabat", "--postal-code", "20000",
		"--cin-copy", m.cin, "--registration-card-copy", "--form-number", "1", "--confirm-warnings", "--no-receipt")
	if r.code != 0 || !strings.Contains(r.stdout, "Confirmed warning: postal_code") || strings.Contains(r.stdout, "Receipt") {
		t.Errorf("confirmed warning: %+v", r)
	}
	if r := as(t, db, "agent", "address", "request", m.regno, "--from-json", write("good2.json", good)); r.code != 1 || !strings.Contains(r.stderr, "already pending") {
		t.Errorf("second pending request: %+v", r)
	}
	// A supervisor's exception, and JSON from standard input after the password line.
	t.Setenv(overridePasswordEnv, "demo-super-pass")
	t.Setenv("GUICHET_PASSWORD", "")
	stdin := "demo-agent-pass\n" + `{"line1": "7 avenue Hassan II", "city": "Fès", "postal_code": "30000", "registration_card_copy": true, "form_number": "F-2"}`
	r = guichet(t, stdin, "--db", db, "address", "request", ms[1].regno, "--from-json", "-", "--user", "agent", "--password-stdin",
		"--override-by", "supervisor", "--override-reason", "CIN copy forgotten, original seen", "--json")
	var req requestJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &req) != nil || req.Exception == nil || req.Exception.GrantedBy != "supervisor" ||
		req.Address.City != "Fès" || req.Evidence.CINCopy || req.Receipt == nil || req.Receipt.SavedTo == "" {
		t.Errorf("request with an exception: %+v", r)
	}
}

func TestAddressReceiptGoesToThePrintCommand(t *testing.T) {
	db, ms := addressFixture(t)
	dir := filepath.Dir(db)
	printed := filepath.Join(dir, "printed.pdf")
	t.Setenv("GUICHET_PRINTING_COMMAND", "tee "+printed)
	_, r := request(t, db, "agent", ms[0])
	if r.code != 0 || !strings.Contains(r.stdout, `"printed_with": "tee `) {
		t.Fatalf("printed request: %+v", r)
	}
	if pdf, err := os.ReadFile(printed); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("the print command got no PDF: %v", err)
	}
	if _, err := os.Stat("receipts"); !os.IsNotExist(err) {
		t.Error("a printed receipt must not be saved too")
	}
	// A failing printer: the receipt is saved instead, and said so.
	t.Setenv("GUICHET_PRINTING_COMMAND", "false")
	t.Setenv("GUICHET_PRINTING_SAVE_DIR", filepath.Join(dir, "kept"))
	req, r := request(t, db, "agent", ms[1])
	if r.code != 0 || !strings.Contains(r.stderr, "Printing the receipt failed") || req.Receipt == nil ||
		req.Receipt.SavedTo != filepath.Join(dir, "kept", req.Reference+".pdf") {
		t.Fatalf("failing printer: %+v", r)
	}
	if _, err := os.Stat(req.Receipt.SavedTo); err != nil {
		t.Error(err)
	}
}
