package netfault

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/domain"
)

// checkInvariants runs once the faults are gone and every console is
// drained: what the service acknowledged is on its console exactly once
// and at the centre exactly once, nothing was applied twice, the audit
// chains hold at both ends, both databases are intact, every Retry-After
// was waited, and nothing panicked.
func (s *soak) checkInvariants() {
	s.t.Helper()
	t := s.t
	centre := openRO(t, s.centre.path)
	integrity(t, "centre", centre)
	for _, k := range s.consoles {
		integrity(t, k.name, k.ro)
	}
	s.checkRequests(centre)
	s.checkMembers(centre)
	s.checkPINs(centre)
	for i, k := range s.consoles {
		s.checkOutbox(centre, i, k)
		s.checkAudit(centre, k)
	}
	s.checkRetryAfter()
	for _, k := range s.consoles {
		if _, _, panics := k.logs.snapshot(); len(panics) > 0 {
			t.Errorf("%s logged a panic: %s", k.name, panics[0])
		}
		if st := k.engine.Status(); !st.Online || st.LastError != "" || st.Pending != 0 {
			t.Errorf("%s after the final sync: %+v", k.name, st)
		}
	}
	if _, _, panics := s.centre.logs.snapshot(); len(panics) > 0 {
		t.Errorf("the centre logged a panic: %s", panics[0])
	}
}

// integrity runs PRAGMA integrity_check.
func integrity(t *testing.T, name string, db *sql.DB) {
	t.Helper()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("%s: integrity_check %q, %v", name, res, err)
	}
}

// count runs a count query.
func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

const entriesOfRequest = `SELECT count(*) FROM outbox WHERE kind = ? AND json_extract(payload, '$.request_id') = ?`

// checkRequests: each acknowledged request once on its console with one
// requested entry; its decision once, on the deciding console only; at
// the centre once, in the same state, decided by the same supervisor; the
// same state on every console that holds it; its scan held intact.
func (s *soak) checkRequests(centre *sql.DB) {
	t := s.t
	for _, r := range s.op.led.requests {
		rec := s.consoles[r.recordedOn]
		if n := count(t, rec.ro, `SELECT count(*) FROM address_requests WHERE id = ?`, r.id); n != 1 {
			t.Errorf("request %s: %d rows on %s, want 1", r.ref, n, rec.name)
		}
		if n := count(t, rec.ro, entriesOfRequest, domain.EventAddressRequested, r.id); n != 1 {
			t.Errorf("request %s: %d requested entries on %s, want 1", r.ref, n, rec.name)
		}
		for j, k := range s.consoles {
			for _, kind := range []string{domain.EventAddressApproved, domain.EventAddressRejected} {
				want := 0
				if r.decidedOn == j && string(r.state) == kind[len("address."):] {
					want = 1
				}
				if n := count(t, k.ro, entriesOfRequest, kind, r.id); n != want {
					t.Errorf("request %s (%s on console %d): %d %s entries on %s, want %d", r.ref, r.state, r.decidedOn, n, kind, k.name, want)
				}
			}
			var state string
			err := k.ro.QueryRow(`SELECT state FROM address_requests WHERE id = ?`, r.id).Scan(&state)
			if err == nil && state != string(r.state) {
				t.Errorf("request %s: %s on %s, %s acknowledged", r.ref, state, k.name, r.state)
			} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
				t.Fatal(err)
			}
		}
		var n int
		var state, decidedBy string
		err := centre.QueryRow(`SELECT count(*), coalesce(max(state), ''), coalesce(max(decided_by), '')
			FROM address_requests WHERE id = ?`, r.id).Scan(&n, &state, &decidedBy)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || state != string(r.state) || decidedBy != r.decidedBy {
			t.Errorf("request %s at the centre: %d rows, %q decided by %q; acknowledged %s by %q", r.ref, n, state, decidedBy, r.state, r.decidedBy)
		}
		if r.scan != "" {
			s.checkScan(centre, r)
		}
	}
}

// checkScan: the centre holds the scan under its SHA-256, bytes intact.
func (s *soak) checkScan(centre *sql.DB, r *request) {
	t := s.t
	if n := count(t, centre, `SELECT count(*) FROM documents WHERE sha256 = ?`, r.scan); n != 1 {
		t.Errorf("request %s: its scan is recorded %d times at the centre", r.ref, n)
		return
	}
	data, err := os.ReadFile(filepath.Join(s.centre.docs, r.scan))
	if err != nil {
		t.Errorf("request %s: scan: %v", r.ref, err)
		return
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != r.scan {
		t.Errorf("request %s: the centre's scan does not hash to its name", r.ref)
	}
}

// checkMembers: nothing applied twice. Each approval adds one address
// row and one version at the centre, each rejection none; every console
// shows the centre's version and current address.
func (s *soak) checkMembers(centre *sql.DB) {
	t := s.t
	approvals, current := map[string]int{}, map[string]string{}
	for _, r := range s.op.led.requests { // a member's requests in order: each decided before the next
		want := 0
		if r.state == domain.RequestApproved {
			want = 1
			approvals[r.regno]++
			current[r.regno] = r.line1
		}
		n := count(t, centre, `SELECT count(*) FROM addresses a JOIN members m ON m.id = a.member_id
			WHERE m.regno = ? AND a.line1 = ?`, r.regno, r.line1)
		if n != want {
			t.Errorf("request %s (%s): %d address rows at the centre, want %d", r.ref, r.state, n, want)
		}
	}
	for regno, line1 := range current {
		var version int64
		var line string
		err := centre.QueryRow(`SELECT m.version, a.line1 FROM members m JOIN addresses a ON a.member_id = m.id
			AND a.valid_to IS NULL WHERE m.regno = ?`, regno).Scan(&version, &line)
		if err != nil {
			t.Fatal(err)
		}
		if want := s.versions[regno] + int64(approvals[regno]); version != want || line != line1 {
			t.Errorf("member %s at the centre: version %d, address %q; want %d, %q", regno, version, line, want, line1)
		}
		for _, k := range s.consoles {
			var kv int64
			var kl string
			err := k.ro.QueryRow(`SELECT m.version, a.line1 FROM members m JOIN addresses a ON a.member_id = m.id
				AND a.valid_to IS NULL WHERE m.regno = ?`, regno).Scan(&kv, &kl)
			if err != nil || kv != version || kl != line {
				t.Errorf("member %s on %s: version %d, address %q (%v); the centre has %d, %q", regno, k.name, kv, kl, err, version, line)
			}
		}
	}
}

// checkPINs: each acknowledged reissue once on its console (one entry)
// and once at the centre, not refused; no member has more reissues at the
// centre than were acknowledged.
func (s *soak) checkPINs(centre *sql.DB) {
	t := s.t
	perMember := map[string]int{}
	for _, p := range s.op.led.pins {
		perMember[p.regno]++
		k := s.consoles[p.console]
		if n := count(t, k.ro, `SELECT count(*) FROM pin_issues WHERE id = ?`, p.id); n != 1 {
			t.Errorf("PIN reissue %s: %d rows on %s", p.id, n, k.name)
		}
		if n := count(t, k.ro, `SELECT count(*) FROM outbox WHERE json_extract(payload, '$.issue_id') = ?`, p.id); n != 1 {
			t.Errorf("PIN reissue %s: %d entries on %s", p.id, n, k.name)
		}
		var n int
		var state string
		err := centre.QueryRow(`SELECT count(*), coalesce(max(state), '') FROM pin_issues WHERE id = ?`, p.id).Scan(&n, &state)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || state == "refused" {
			t.Errorf("PIN reissue %s (%s) at the centre: %d rows, state %q", p.id, p.channel, n, state)
		}
	}
	for regno, want := range perMember {
		if n := count(t, centre, `SELECT count(*) FROM pin_issues WHERE regno = ?`, regno); n != want {
			t.Errorf("member %s: %d PIN reissues at the centre, %d acknowledged", regno, n, want)
		}
	}
}

// checkOutbox: a console's outbox holds exactly the entries of what its
// service acknowledged, all delivered, each applied once at the centre
// under this device, and the centre holds no other entry from it.
func (s *soak) checkOutbox(centre *sql.DB, i int, k *console) {
	t := s.t
	want := 0
	for _, r := range s.op.led.requests {
		want += b2i(r.recordedOn == i) + b2i(r.decidedOn == i)
	}
	for _, p := range s.op.led.pins {
		want += b2i(p.console == i)
	}
	if n := count(t, k.ro, `SELECT count(*) FROM outbox`); n != want {
		t.Errorf("%s: %d outbox entries, %d operations acknowledged", k.name, n, want)
	}
	if n := count(t, k.ro, `SELECT count(*) FROM outbox WHERE state <> 'delivered'`); n != 0 {
		t.Errorf("%s: %d entries not delivered", k.name, n)
	}
	if n := count(t, centre, `SELECT count(*) FROM entries WHERE device_id = ?`, k.device); n != want {
		t.Errorf("%s: the centre holds %d entries from it, want %d", k.name, n, want)
	}
	rows, err := k.ro.Query(`SELECT id FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		n := count(t, centre, `SELECT count(*) FROM entries WHERE id = ? AND device_id = ? AND status = 'applied'`, id, k.device)
		if n != 1 {
			t.Errorf("%s: entry %s is not applied once at the centre", k.name, id)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// checkAudit: the console's chain verifies, the centre holds it whole
// (same hashes) and recorded no break for the device.
func (s *soak) checkAudit(centre *sql.DB, k *console) {
	t := s.t
	var v domain.ChainVerifier
	local := map[int64]string{}
	err := k.db.EachAudit(context.Background(), func(e domain.AuditEntry) error {
		if b := v.Next(e); b != nil {
			t.Errorf("%s: audit chain breaks at %d (%s)", k.name, b.Seq, b.Reason)
		}
		local[e.Seq] = e.Hash
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := centre.Query(`SELECT seq, hash FROM audit_records WHERE device_id = ?`, k.device)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	held := 0
	for rows.Next() {
		var seq int64
		var hash string
		if err := rows.Scan(&seq, &hash); err != nil {
			t.Fatal(err)
		}
		held++
		if local[seq] != hash {
			t.Errorf("%s: the centre's audit record %d differs from the console's", k.name, seq)
		}
	}
	if held != len(local) {
		t.Errorf("%s: the centre holds %d audit records of %d", k.name, held, len(local))
	}
	breaks, err := s.centre.app.ChainBreaks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range breaks {
		if b.DeviceID == k.device {
			t.Errorf("%s: the centre recorded a chain break at %d (%s)", k.name, b.Seq, b.Reason)
		}
	}
}

// checkRetryAfter: after every 429 the client waited at least the
// Retry-After before its next request.
func (s *soak) checkRetryAfter() {
	inj := s.centre.inj
	gaps := inj.Gaps()
	if len(gaps) != inj.Served(TooMany) || inj.Awaiting() != 0 {
		s.t.Errorf("%d waits measured for %d 429 answers (%d awaiting)", len(gaps), inj.Served(TooMany), inj.Awaiting())
	}
	for _, g := range gaps {
		if g.Waited < g.Asked {
			s.t.Errorf("client %s asked again %s after a 429 with Retry-After %s", g.Client, g.Waited, g.Asked)
		}
	}
}

// versions reads every member's version at the centre.
func (c *centre) versions(t *testing.T) map[string]int64 {
	t.Helper()
	db := openRO(t, c.path)
	rows, err := db.Query(`SELECT regno, version FROM members`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var regno string
		var v int64
		if err := rows.Scan(&regno, &v); err != nil {
			t.Fatal(err)
		}
		out[regno] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
