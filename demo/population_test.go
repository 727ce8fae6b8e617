package demo

import (
	"database/sql"
	"net/mail"
	"regexp"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// The population is checked on 5,000 members: shares within a tolerance that
// a correct generator misses with negligible probability.
const sampleMembers = 5000

func share(t *testing.T, ro *sql.DB, where string) float64 {
	t.Helper()
	return float64(queryInt(t, ro, `SELECT count(*) FROM members WHERE `+where)) / sampleMembers
}

func TestPopulationLooksReal(t *testing.T) {
	_, ro, st := seeded(t, sampleMembers, 2026)
	if st.Members != sampleMembers || st.Branches != len(Branches()) {
		t.Fatalf("stats %+v", st)
	}
	within := func(what string, got, want, tol float64) {
		t.Helper()
		if got < want-tol || got > want+tol {
			t.Errorf("%s: %.3f, want %.3f ± %.3f", what, got, want, tol)
		}
	}
	within("retirees", share(t, ro, `category = 'retired'`), 0.38, 0.025)
	within("students", share(t, ro, `category = 'student'`), shareStudent, 0.01)
	within("suspended or closed", share(t, ro, `status <> 'active'`), shareSuspended+shareClosed, 0.015)
	within("with a phone", share(t, ro, `phone <> ''`), sharePhone, 0.02)
	within("retirees aged 60-85", share(t, ro, `category = 'retired' AND birth_date BETWEEN '1940-03-16' AND '1966-03-15'`), 0.38, 0.025)
	if n := queryInt(t, ro, `SELECT count(*) FROM members WHERE category = 'student' AND (email = '' OR ppr IS NOT NULL)`); n != 0 {
		t.Errorf("%d students without an e-mail or with a PPR", n)
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM members WHERE category <> 'student' AND ppr IS NULL`); n != 0 {
		t.Errorf("%d civil servants without a PPR", n)
	}
	for _, q := range []string{`SELECT count(DISTINCT regno) FROM members`, `SELECT count(DISTINCT cin) FROM members`} {
		if n := queryInt(t, ro, q); n != sampleMembers {
			t.Errorf("%s = %d, want %d (unique)", q, n, sampleMembers)
		}
	}
	// The two big societies lead, and every society and branch has members.
	if n := queryInt(t, ro, `SELECT count(DISTINCT society_code) FROM members`); n != 8 {
		t.Errorf("members in %d societies, want 8", n)
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM (SELECT society_code FROM members GROUP BY 1 ORDER BY count(*) DESC LIMIT 2)
		WHERE society_code IN ('MGPAP', 'OMFAM')`); n != 2 {
		t.Error("MGPAP and OMFAM are not the two largest societies")
	}
	if n := queryInt(t, ro, `SELECT count(DISTINCT home_branch) FROM members`); n != st.Branches {
		t.Errorf("members in %d branches, want %d", n, st.Branches)
	}
	checkFamilies(t, ro)
	checkNames(t, ro)
	checkAddresses(t, ro)
}

func checkFamilies(t *testing.T, ro *sql.DB) {
	twoSpouses := queryInt(t, ro, `SELECT count(*) FROM (SELECT member_id FROM beneficiaries
		WHERE relation = 'spouse' GROUP BY 1 HAVING count(*) = 2)`)
	if twoSpouses < 15 || twoSpouses > 150 { // about 1 % of members
		t.Errorf("%d members with two spouses", twoSpouses)
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM beneficiaries b JOIN members m ON m.id = b.member_id
		WHERE b.relation = 'spouse' AND b.sex = m.sex`); n != 0 {
		t.Errorf("%d spouses of the member's own sex", n)
	}
	// Wives keep their maiden name: most spouses' names differ from the member's.
	same := queryInt(t, ro, `SELECT count(*) FROM beneficiaries b JOIN members m ON m.id = b.member_id
		WHERE b.relation = 'spouse' AND b.family_name = m.family_name`)
	spouses := queryInt(t, ro, `SELECT count(*) FROM beneficiaries WHERE relation = 'spouse'`)
	if spouses < sampleMembers/2 || same*5 > spouses {
		t.Errorf("%d of %d spouses share the member's family name", same, spouses)
	}
	// Children around the 21 and 26 limits, some students, a few disabled.
	for _, c := range []struct {
		what  string
		where string
		least int
	}{
		{"aged 19-20", `birth_date BETWEEN '2005-03-16' AND '2007-03-15'`, 50},
		{"aged 21-25", `birth_date BETWEEN '2000-03-16' AND '2005-03-15'`, 100},
		{"aged 26-28", `birth_date BETWEEN '1997-03-16' AND '2000-03-15'`, 50},
		{"students aged 21-25", `student = 1 AND birth_date BETWEEN '2000-03-16' AND '2005-03-15'`, 50},
		{"disabled", `disabled = 1`, 20},
		{"disabled past 28", `disabled = 1 AND birth_date < '1997-03-16'`, 1},
		{"under 18", `birth_date > '2008-03-15'`, 1000},
	} {
		if n := queryInt(t, ro, `SELECT count(*) FROM beneficiaries WHERE relation = 'child' AND `+c.where); n < c.least {
			t.Errorf("%d children %s, want at least %d", n, c.what, c.least)
		}
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM beneficiaries WHERE relation = 'child' AND disabled = 0
		AND birth_date < '1997-03-15'`); n != 0 {
		t.Errorf("%d non-disabled children older than 28", n)
	}
}

// checkNames: sexes match given names, Arabic goes with Latin, variants and
// M'hamed occur.
func checkNames(t *testing.T, ro *sql.DB) {
	tb, _ := loadTables()
	sexOf, arabicOf, isVariant := map[string]string{}, map[string]string{}, map[string]bool{}
	for s, sex := range []string{"M", "F"} {
		for _, n := range tb.given[s].items {
			sexOf[n.latin], arabicOf[n.latin] = sex, n.arabic
			for _, v := range tb.variants[n.latin] {
				sexOf[v], arabicOf[v], isVariant[v] = sex, n.arabic, true
			}
		}
	}
	rows, err := ro.Query(`SELECT given_name, given_name_ar, sex FROM members
		UNION ALL SELECT given_name, given_name_ar, sex FROM beneficiaries`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	variants, mhamed, all := 0, 0, 0
	for rows.Next() {
		var given, ar, sex string
		if err := rows.Scan(&given, &ar, &sex); err != nil {
			t.Fatal(err)
		}
		all++
		if sexOf[given] != sex || arabicOf[given] != ar {
			t.Errorf("%q (%s) is %s, written %q", given, sexOf[given], sex, ar)
		}
		if isVariant[given] {
			variants++
		}
		if given == "M'hamed" {
			mhamed++
		}
	}
	if variants < all/100 || mhamed == 0 {
		t.Errorf("%d variant spellings and %d M'hamed among %d people", variants, mhamed, all)
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM members WHERE family_name IN ('Idrissi', 'Elidrissi', 'Lamrani', 'Benani', 'Cheraibi')`); n == 0 {
		t.Error("no family-name variants")
	}
}

func checkAddresses(t *testing.T, ro *sql.DB) {
	tb, _ := loadTables()
	if n := queryInt(t, ro, `SELECT count(*) FROM members m WHERE
		(SELECT count(*) FROM addresses a WHERE a.member_id = m.id AND a.valid_to IS NULL) <> 1`); n != 0 {
		t.Errorf("%d members without exactly one current address", n)
	}
	if n := queryInt(t, ro, `SELECT count(DISTINCT member_id) FROM addresses WHERE valid_to IS NOT NULL`); n < sampleMembers/8 {
		t.Errorf("only %d members with an address history", n)
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM addresses a JOIN addresses b ON a.member_id = b.member_id
		AND a.valid_to IS NOT NULL AND b.valid_from = a.valid_to AND b.id = a.id + 1`); n !=
		queryInt(t, ro, `SELECT count(*) FROM addresses WHERE valid_to IS NOT NULL`) {
		t.Error("an earlier address does not end when the next one begins")
	}
	within := share(t, ro, `id IN (SELECT member_id FROM addresses WHERE valid_to IS NULL AND verified = 1)`)
	if within < 0.85 || within > 0.95 {
		t.Errorf("%.3f of current addresses verified, want about 0.9", within)
	}
	rows, err := ro.Query(`SELECT city, postal_code, province FROM addresses`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var city, postal, province string
		if err := rows.Scan(&city, &postal, &province); err != nil {
			t.Fatal(err)
		}
		i, ok := tb.byCity[city]
		if !ok || tb.cities[i].postal != postal || tb.cities[i].province != province {
			t.Fatalf("address in %q with postal code %q, province %q", city, postal, province)
		}
	}
}

// Every stored value passes the validators the console applies to input.
func TestSeedValuesPassValidators(t *testing.T) {
	_, ro, _ := seeded(t, 2000, 99)
	regNo, _ := domain.NewRegNoRule(`[0-9]{9}`)
	emailRE := regexp.MustCompile(`^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}$`)
	rows, err := ro.Query(`SELECT regno, cin, coalesce(ppr, ''), family_name, given_name, family_name_ar,
		given_name_ar, birth_date, email, phone FROM members`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var regno, cin, ppr, email, phone, birth string
		var names [4]string
		if err := rows.Scan(&regno, &cin, &ppr, &names[0], &names[1], &names[2], &names[3], &birth, &email, &phone); err != nil {
			t.Fatal(err)
		}
		same(t, "regno", regno)(regNo.Parse(regno))
		same(t, "cin", cin)(domain.ParseCIN(cin))
		if ppr != "" {
			same(t, "ppr", ppr)(domain.ParsePPR(ppr))
		}
		if phone != "" {
			same(t, "phone", phone)(domain.ParsePhone(phone))
		}
		for _, n := range names {
			same(t, "name", n)(domain.RequireText("name", n, 60))
		}
		if _, err := domain.ParseDate("birth_date", birth); err != nil {
			t.Errorf("birth date %q: %v", birth, err)
		}
		if email != "" {
			if _, err := mail.ParseAddress(email); err != nil || !emailRE.MatchString(email) {
				t.Errorf("e-mail %q: %v", email, err)
			}
		}
	}
	rows.Close()
	rows, err = ro.Query(`SELECT line1, line2, quarter, city, postal_code, province, line_ar, valid_from,
		coalesce(valid_to, '') FROM addresses`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	postal := regexp.MustCompile(`^[0-9]{5}$`)
	for rows.Next() {
		var f [7]string
		var from, to string
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &from, &to); err != nil {
			t.Fatal(err)
		}
		for _, s := range f {
			same(t, "address", s)(domain.CleanText("address", s, 120))
		}
		if f[0] == "" || f[3] == "" || !postal.MatchString(f[4]) {
			t.Errorf("address %q: no line 1 or city, or a bad postal code", f)
		}
		for _, ts := range []string{from, to} {
			if p, err := time.Parse(sqlitedb.TimeLayout, ts); ts != "" && (err != nil || p.After(testNow)) {
				t.Errorf("address time %q: %v (or in the future)", ts, err)
			}
		}
	}
}

// same checks that a validator accepted a value unchanged.
func same(t *testing.T, what, stored string) func(string, error) {
	return func(got string, err error) {
		t.Helper()
		if err != nil || got != stored {
			t.Errorf("%s %q: validator gives %q, %v", what, stored, got, err)
		}
	}
}
