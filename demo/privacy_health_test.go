package demo

import (
	"testing"

	"github.com/cnops/guichet/sync/wire"
)

// A few percent of members have a long-term illness, retirees most often;
// the demo centre's population says the same as the seeded console.
func TestLongTermIllnessShares(t *testing.T) {
	_, ro, _ := seeded(t, sampleMembers, 2026)
	byCategory := func(category string) float64 {
		n := queryInt(t, ro, `SELECT count(*) FROM members WHERE category = ?`, category)
		ald := queryInt(t, ro, `SELECT count(*) FROM members WHERE category = ? AND long_term_illness = 1`, category)
		return float64(ald) / float64(max(n, 1))
	}
	for _, c := range []struct {
		category  string
		want, tol float64
	}{{"retired", shareALDRetired, 0.02}, {"active", shareALDActive, 0.01}, {"student", shareALDStudent, 0.02}} {
		if got := byCategory(c.category); got < c.want-c.tol || got > c.want+c.tol {
			t.Errorf("%s with a long-term illness: %.3f, want %.3f ± %.3f", c.category, got, c.want, c.tol)
		}
	}
	if all := share(t, ro, `long_term_illness = 1`); all < 0.03 || all > 0.07 {
		t.Errorf("members with a long-term illness: %.3f, want a few percent", all)
	}
	seeded := map[string]bool{}
	rows, err := ro.Query(`SELECT regno FROM members WHERE long_term_illness = 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r string
		rows.Scan(&r)
		seeded[r] = true
	}
	rows.Close()
	n := 0
	err = Population(Options{Members: sampleMembers, Seed: 2026, Now: testNow}, func(m wire.Member) error {
		if m.LongTermIllness != seeded[m.RegNo] {
			t.Errorf("member %s: %v at the centre, %v seeded", m.RegNo, m.LongTermIllness, seeded[m.RegNo])
		}
		if m.LongTermIllness {
			n++
		}
		return nil
	})
	if err != nil || n != len(seeded) {
		t.Errorf("the centre's population has %d with a long-term illness, the seed %d (%v)", n, len(seeded), err)
	}
}
