package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/pin"
)

// pinCLIFixture is a seeded demo database with a 12-digit PIN policy, the
// centre's public key in the configuration and a printer writing the
// letter to a file; it returns the database, the letter's path and two
// active members with a verified address, neither a student.
func pinCLIFixture(t *testing.T) (db, letterPath string, ms []member) {
	t.Helper()
	db, _ = addressFixture(t)
	key, err := pin.GenerateBoxKey("centre-2026")
	if err != nil {
		t.Fatal(err)
	}
	letterPath = filepath.Join(filepath.Dir(db), "letter.pdf")
	t.Setenv("GUICHET_PIN_LENGTH", "12")
	t.Setenv("GUICHET_PIN_KEY_ID", key.ID)
	t.Setenv("GUICHET_PIN_PUBLIC_KEY", pin.EncodeKey(key.Public[:]))
	t.Setenv("GUICHET_PRINTING_COMMAND", `sh -c 'cat > "$0"' `+letterPath)
	ms = seededMembers(t, db, 2, `SELECT m.regno, m.cin FROM members m
		JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.status = 'active' AND m.category <> 'student' AND a.verified = 1 ORDER BY m.id`)
	return db, letterPath, ms
}

func TestPinReissueAndHistoryHeadless(t *testing.T) {
	db, letterPath, ms := pinCLIFixture(t)
	a := ms[0]

	// Usage mistakes exit with 2, before anything is done.
	for _, args := range [][]string{
		{"pin", "reissue", a.regno},
		{"pin", "reissue", a.regno, "--channel", "post", "--override-reason", "urgent"},
		{"pin", "reissue", a.regno, "--channel", "post", "--override-by", "supervisor"},
	} {
		if r := as(t, db, "agent", args...); r.code != 2 {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "fax"); r.code != 1 || !strings.Contains(r.stderr, "Channel: must be post, counter or email") {
		t.Errorf("bad channel: %+v", r)
	}
	if r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "email"); r.code != 1 || !strings.Contains(r.stderr, "students only") {
		t.Errorf("e-mail for a non-student: %+v", r)
	}
	if r := as(t, db, "admin", "pin", "reissue", a.regno, "--channel", "post"); r.code != 1 || !strings.Contains(r.stderr, "role does not allow") {
		t.Errorf("admin reissuing: %+v", r)
	}
	if r := as(t, db, "admin", "pin", "history", a.regno); r.code != 1 || !strings.Contains(r.stderr, "role does not allow") {
		t.Errorf("admin viewing: %+v", r)
	}

	// post: queued for the centre.
	r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "post", "--json")
	var posted pinReissueJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &posted) != nil || posted.State != "queued" || posted.Channel != "post" ||
		posted.RegistrationNumber != a.regno || posted.Printed {
		t.Fatalf("post: %+v", r)
	}

	// counter: printed; the output never shows the PIN.
	r = as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "counter")
	if r.code != 0 || !strings.Contains(r.stdout, "printed") {
		t.Fatalf("counter: %+v", r)
	}
	pdf, err := os.ReadFile(letterPath)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`\b[0-9]{12}\b`).FindString(text)
	if code == "" || !strings.Contains(text, a.regno) {
		t.Fatalf("the letter holds no 12-digit PIN for %s:\n%s", a.regno, text)
	}
	if strings.Contains(r.stdout+r.stderr, code) {
		t.Error("the command showed the PIN")
	}

	// --save: a new file, 0600, never over an existing one.
	saved := filepath.Join(filepath.Dir(db), "counter.pdf")
	r = as(t, db, "agent", "pin", "reissue", ms[1].regno, "--channel", "counter", "--save", saved)
	if info, err := os.Stat(saved); r.code != 0 || err != nil || info.Mode().Perm() != 0o600 || !strings.Contains(r.stdout, "saved to "+saved) {
		t.Fatalf("--save: %+v %v", r, err)
	}
	if r := as(t, db, "agent", "pin", "reissue", ms[1].regno, "--channel", "counter", "--save", saved); r.code != 1 || !strings.Contains(r.stderr, "Save to: already exists") {
		t.Errorf("--save over a file: %+v", r)
	}

	// history: newest first, never a PIN; the limit shows.
	r = as(t, db, "supervisor", "pin", "history", a.regno, "--json")
	var ov pinOverviewJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &ov) != nil {
		t.Fatalf("history --json: %+v", r)
	}
	if len(ov.History) != 2 || ov.History[0].Channel != "counter" || ov.History[1].ID != posted.ID || ov.Recent != 2 ||
		ov.Max != 3 || ov.History[0].ExpiresOn == "" || strings.Contains(r.stdout, code) {
		t.Errorf("history: %+v", ov)
	}
	r = as(t, db, "agent", "pin", "history", a.regno)
	if r.code != 0 || !strings.Contains(r.stdout, "Reissues in the last 30 days: 2 of 3") || !strings.Contains(r.stdout, "queued") ||
		strings.Contains(r.stdout, code) {
		t.Errorf("history text: %+v", r)
	}
	// The third is the last one allowed within 30 days.
	if r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "post"); r.code != 0 {
		t.Fatalf("third: %+v", r)
	}
	if r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "post"); r.code != 1 || !strings.Contains(r.stderr, "already had 3 PIN reissues") {
		t.Errorf("fourth: %+v", r)
	}
}

// Right after an approved address change, a reissue needs another
// supervisor's --override-by, with the password in the environment.
func TestPinReissueCoolingOffOverrideHeadless(t *testing.T) {
	db, _, ms := pinCLIFixture(t)
	a := ms[0]
	req, r := request(t, db, "agent", a, "--no-receipt")
	if r.code != 0 {
		t.Fatalf("request: %+v", r)
	}
	if r := as(t, db, "supervisor", "address", "approve", req.Reference); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}
	if r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "post"); r.code != 1 || !strings.Contains(r.stderr, "second supervisor's override") {
		t.Fatalf("without override: %+v", r)
	}
	t.Setenv(overridePasswordEnv, demoPasswords["agent"])
	if r := as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "post", "--override-by", "agent", "--override-reason", "urgent"); r.code != 1 ||
		!strings.Contains(r.stderr, "someone other than you") {
		t.Errorf("override by the agent: %+v", r)
	}
	t.Setenv(overridePasswordEnv, demoPasswords["supervisor"])
	r = as(t, db, "agent", "pin", "reissue", a.regno, "--channel", "post", "--override-by", "supervisor", "--override-reason", "member leaves the country")
	if r.code != 0 || !strings.Contains(r.stdout, "Cooling-off override by supervisor: member leaves the country") {
		t.Fatalf("override: %+v", r)
	}
	r = as(t, db, "agent", "pin", "history", a.regno, "--json")
	var ov pinOverviewJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &ov) != nil || !ov.NeedsOverride || ov.CoolingOffUntil == "" ||
		len(ov.History) != 1 || ov.History[0].Override == nil || ov.History[0].Override.By != "supervisor" {
		t.Errorf("history after the override: %+v", r)
	}
}
