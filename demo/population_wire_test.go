package demo

import (
	"testing"

	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// The centre's demo population is the console seeder's, member for member:
// a console provisioned from the demo centre sees what a demo console has.
func TestPopulationMatchesSeed(t *testing.T) {
	const n = 300
	_, ro, _ := seeded(t, n, 11)
	i := 0
	err := Population(Options{Members: n, Seed: 11, Now: testNow}, func(m wire.Member) error {
		i++
		var regno, cin, branch, birth, status string
		var ppr *string
		var benef int
		var line1, postal, from string
		var verified bool
		err := ro.QueryRow(`SELECT m.regno, m.cin, m.home_branch, m.birth_date, m.status, m.ppr,
			(SELECT count(*) FROM beneficiaries b WHERE b.member_id = m.id),
			a.line1, a.postal_code, a.valid_from, a.verified
			FROM members m JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL WHERE m.id = ?`, i).
			Scan(&regno, &cin, &branch, &birth, &status, &ppr, &benef, &line1, &postal, &from, &verified)
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		wantPPR := ""
		if ppr != nil {
			wantPPR = *ppr
		}
		a := m.Address
		if m.RegNo != regno || m.CIN != cin || m.HomeBranch != branch || m.BirthDate != birth || m.Status != status ||
			m.PPR != wantPPR || len(m.Beneficiaries) != benef || m.Version != 1 || a == nil || a.Line1 != line1 ||
			a.PostalCode != postal || a.ValidFrom.Format(sqlitedb.TimeLayout) != from || a.Verified != verified {
			t.Fatalf("member %d differs from the seeded one: %+v", i, m)
		}
		return nil
	})
	if err != nil || i != n {
		t.Fatalf("%d members yielded, %v", i, err)
	}
	if err := Population(Options{Members: 1, Seed: 11}, func(wire.Member) error { return nil }); err == nil {
		t.Fatal("no reference day accepted")
	}
}
