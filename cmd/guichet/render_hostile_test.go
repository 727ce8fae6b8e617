package main

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/hostile"
)

// hostileRenderCase is a text that must never reach the terminal as it is
// (testdata/hostile/render.json).
type hostileRenderCase struct {
	hostile.Case
	Text string `json:"text"`
}

// Every text of the render corpus, put into every text field of a member,
// their family, addresses, a pending request, a PIN reissue, an account
// and a branch (as if the centre had sent them), never reaches the
// terminal through a command's output, in text or in JSON.
func TestHostileDataNeverReachesCommandOutput(t *testing.T) {
	db, ms := addressFixture(t)
	var texts []string
	for _, c := range hostile.Load[hostileRenderCase](t, "render.json") {
		texts = append(texts, hostile.Expand(t, c.Text, nil))
	}
	p := strings.Join(texts, " | ")
	raw, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	evidence, _ := json.Marshal(domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: p, SignedForm: true, FormNumber: p})
	for _, q := range []string{
		`UPDATE members SET family_name = ?1, given_name = ?1, family_name_ar = ?1, given_name_ar = ?1, email = ?1, phone = ?1 WHERE regno = ?2`,
		`UPDATE beneficiaries SET family_name = ?1, given_name = ?1, family_name_ar = ?1, given_name_ar = ?1
			WHERE member_id = (SELECT id FROM members WHERE regno = ?2)`,
		`UPDATE addresses SET line1 = ?1, line2 = ?1, quarter = ?1, city = ?1, postal_code = ?1, province = ?1, line_ar = ?1
			WHERE member_id = (SELECT id FROM members WHERE regno = ?2)`,
		`INSERT INTO address_requests (id, ref, member_id, branch, base_version, requested_by, requested_at, line1, line2,
			quarter, city, postal_code, province, line_ar, evidence)
			SELECT '0190f5e4-8d3c-7c1a-9b2e-000000000001', 'RAB01-20260101-901', id, home_branch, version, ?1,
			'2026-01-01T09:00:00.000000000Z', ?1, ?1, ?1, ?1, ?1, ?1, ?1, ?3 FROM members WHERE regno = ?2`,
		`INSERT INTO pin_issues (id, member_id, regno, channel, state, requested_by, requested_at, override_by,
			override_reason, updated_at) SELECT '0190f5e4-8d3c-7c1a-9b2f-000000000001', id, regno, 'post', 'active', ?1,
			'2026-01-01T09:00:00.000000000Z', ?1, ?1, '2026-01-01T09:00:00.000000000Z' FROM members WHERE regno = ?2`,
		`UPDATE users SET display_name = ?1 WHERE username = 'agent'`,
		`UPDATE branches SET name = ?1, city = ?1, region = ?1`,
	} {
		if _, err := raw.Exec(q, p, ms[0].regno, string(evidence)); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	raw.Close()
	regno := ms[0].regno
	for _, run := range []struct {
		as   string
		args []string
	}{
		{"agent", []string{"members", "show", regno}},
		{"agent", []string{"members", "show", regno, "--json"}},
		{"agent", []string{"members", "search", ms[0].cin}},
		{"agent", []string{"members", "search", ms[0].cin, "--json"}},
		{"supervisor", []string{"address", "list"}},
		{"supervisor", []string{"address", "list", "--json"}},
		{"supervisor", []string{"address", "show", "RAB01-20260101-901"}},
		{"supervisor", []string{"address", "show", "RAB01-20260101-901", "--json"}},
		{"agent", []string{"pin", "history", regno}},
		{"agent", []string{"pin", "history", regno, "--json"}},
		{"admin", []string{"users", "list"}},
		{"admin", []string{"users", "list", "--json"}},
		{"admin", []string{"branches", "list"}},
	} {
		t.Setenv("GUICHET_PASSWORD", demoPasswords[run.as])
		r := guichet(t, "", append(append([]string{"--db", db}, run.args...), "--user", run.as)...)
		if r.code != 0 {
			t.Errorf("%v: exit %d: %s", run.args, r.code, r.stderr)
		}
		if bad := hostile.Unsafe(r.stdout, false); bad != "" {
			t.Errorf("%v: standard output carries %s", run.args, bad)
		}
		if bad := hostile.Unsafe(r.stderr, false); bad != "" {
			t.Errorf("%v: standard error carries %s", run.args, bad)
		}
	}
}
