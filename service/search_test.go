package service_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// population is one seeded demo database shared by the search tests.
type population struct {
	svc   *service.Service
	raw   *sql.DB
	agent service.Session
}

var (
	popOnce sync.Once
	pop     population
	popErr  error
	popDir  string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if popDir != "" {
		os.RemoveAll(popDir)
	}
	os.Exit(code)
}

func seeded(t *testing.T) population {
	t.Helper()
	popOnce.Do(func() {
		ctx := context.Background()
		if popDir, popErr = os.MkdirTemp("", "guichet-search-"); popErr != nil {
			return
		}
		path := filepath.Join(popDir, "pop.db")
		db, err := store.Open(ctx, path, store.MayCreate)
		if err != nil {
			popErr = err
			return
		}
		policy := searchPolicy()
		opts := demo.Options{Members: 4000, Seed: 42, Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
		if popErr = demo.Prepare(ctx, db, opts, policy, nil); popErr != nil {
			return
		}
		if pop.svc, popErr = service.New(ctx, db, policy); popErr != nil {
			return
		}
		if pop.agent, popErr = pop.svc.SignIn(ctx, "agent", "demo-agent-pass"); popErr != nil {
			return
		}
		pop.raw, popErr = sql.Open("sqlite", "file:"+path+"?mode=ro")
	})
	if popErr != nil {
		t.Fatal(popErr)
	}
	return pop
}

func searchPolicy() service.Policy {
	rule, _ := domain.NewRegNoRule("[0-9]{6,12}")
	return service.Policy{RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC}
}

func (p population) search(t *testing.T, q string) service.SearchResult {
	t.Helper()
	res, err := p.svc.Search(context.Background(), p.agent, q, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

// personName is how a hit's matched person is written: the member, or the
// beneficiary through whom the family was found.
func personName(h service.Hit) (family, given string) {
	if h.Via != nil {
		return h.Via.FamilyName, h.Via.GivenName
	}
	return h.Member.FamilyName, h.Member.GivenName
}

// storedWith finds a person whose given or family name is spelled name and
// returns the other part of that person's name, choosing the one that the
// fewest people stored with spelling share, so that five rows can show
// more than the exact tier.
func (p population) storedWith(t *testing.T, name, spelling string) (other string, ok bool) {
	t.Helper()
	rows, err := p.raw.Query(`SELECT family_name, given_name FROM members
		UNION ALL SELECT family_name, given_name FROM beneficiaries`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	clash := map[string]int{} // other part -> people stored with spelling and it
	var candidates []string
	for rows.Next() {
		var f, g string
		rows.Scan(&f, &g)
		switch {
		case g == name:
			candidates = append(candidates, f)
		case f == name:
			candidates = append(candidates, g)
		case g == spelling:
			clash[f]++
		case f == spelling:
			clash[g]++
		}
	}
	for _, c := range candidates {
		if !ok || clash[c] < clash[other] || (clash[c] == clash[other] && c < other) {
			other, ok = c, true
		}
	}
	return other, ok
}

func TestEveryVariantFindsTheCanonicalSpellingInTopFive(t *testing.T) {
	p := seeded(t)
	for _, v := range domain.NameVariants() {
		other, ok := p.storedWith(t, v.Canonical, v.Variant)
		if !ok {
			t.Errorf("the seeded population has nobody named %s", v.Canonical)
			continue
		}
		q := v.Variant + " " + other
		res := p.search(t, q+" ") // a trailing space: the words are complete
		found := false
		for i, h := range res.Hits {
			if i == 5 {
				break
			}
			f, g := personName(h)
			found = found || f == v.Canonical || g == v.Canonical
		}
		if !found {
			t.Errorf("%q: no %s in the top 5 of %d hits", q, v.Canonical, len(res.Hits))
		}
	}
}

func TestArabicSpellingsFindTheSamePeople(t *testing.T) {
	p := seeded(t)
	pairs := [][2]string{
		{"فاطمة", "فاطمه"}, {"أحمد", "احمد"}, {"إدريس", "ادريس"}, {"عبد الله", "عبدالله"},
		{"مصطفى", "مصطفي"}, {"زكرياء", "زكريا"}, {"أسماء", "اسماء"}, {"الإدريسي", "ادريسي"},
	}
	for _, pair := range pairs {
		canonical, variant := pair[0], pair[1]
		var family string
		err := p.raw.QueryRow(`SELECT family_name_ar FROM members WHERE given_name_ar = ?1 OR family_name_ar = ?1 LIMIT 1`, canonical).Scan(&family)
		if err != nil {
			t.Errorf("nobody named %s in the population: %v", canonical, err)
			continue
		}
		q := variant + " " + family
		if family == canonical {
			q = variant
		}
		res := p.search(t, q+" ")
		found := false
		for i, h := range res.Hits {
			if i < 5 {
				found = found || strings.Contains(h.Member.GivenNameAr+" "+h.Member.FamilyNameAr, canonical) ||
					(h.Via != nil && strings.Contains(h.Via.GivenNameAr+" "+h.Via.FamilyNameAr, canonical))
			}
		}
		if !found {
			t.Errorf("%q: no %s in the top 5 of %d hits", q, canonical, len(res.Hits))
		}
	}
}

func TestTiersComeInOrder(t *testing.T) {
	p := seeded(t)
	res := p.search(t, "mohammed alaoui ")
	seen := map[service.Tier]bool{}
	last := service.TierExact
	for _, h := range res.Hits {
		if h.Tier < last {
			t.Fatalf("tier %s after %s", h.Tier, last)
		}
		last = h.Tier
		seen[h.Tier] = true
		if f, _ := personName(h); f != "Alaoui" && h.Tier != service.TierFuzzy {
			t.Errorf("%s hit %s %s does not bear the family name", h.Tier, h.Member.FamilyName, h.Member.GivenName)
		}
	}
	for _, tier := range []service.Tier{service.TierExact, service.TierVariant, service.TierFuzzy} {
		if !seen[tier] {
			t.Errorf("no %s hit for mohammed alaoui", tier)
		}
	}
	// M'hamed is reachable from Mohamed, below it, never merged into it.
	mhamed := false
	for _, h := range res.Hits {
		if _, g := personName(h); g == "M'hamed" {
			mhamed = true
			if h.Tier != service.TierFuzzy {
				t.Errorf("M'hamed ranked %s for mohammed", h.Tier)
			}
		}
	}
	if !mhamed {
		t.Error("M'hamed not reachable from Mohamed")
	}
	for _, h := range p.search(t, "m'hamed alaoui ").Hits {
		if _, g := personName(h); h.Tier == service.TierExact && g != "M'hamed" && g != "Mhamed" {
			t.Errorf("m'hamed matched %s exactly", g)
		}
	}
}

func TestHomonymFiltersNarrow(t *testing.T) {
	p := seeded(t)
	var year int
	var family, given, city, society string
	err := p.raw.QueryRow(`SELECT m.family_name, m.given_name, CAST(substr(m.birth_date, 1, 4) AS INTEGER), a.city, m.society_code
		FROM members m JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.given_name = 'Mohamed' ORDER BY m.id LIMIT 1`).Scan(&family, &given, &year, &city, &society)
	if err != nil {
		t.Fatal(err)
	}
	broad := p.search(t, family+" "+given+" ")
	narrow := p.search(t, family+" "+given+" "+strconv.Itoa(year)+" "+city+" "+strings.ToLower(society))
	if len(narrow.Hits) == 0 || len(narrow.Hits) > len(broad.Hits) {
		t.Fatalf("filters: %d hits, %d without", len(narrow.Hits), len(broad.Hits))
	}
	if narrow.Filters.BirthYear != year || narrow.Filters.City != city || narrow.Filters.Society != society {
		t.Errorf("filters read as %+v", narrow.Filters)
	}
	for _, h := range narrow.Hits {
		if h.Member.City != city || h.Member.SocietyCode != society {
			t.Errorf("hit outside the filters: %+v", h.Member)
		}
		if h.Via == nil && h.Member.BirthDate.Year() != year {
			t.Errorf("hit born %s, filter %d", h.Member.BirthDate, year)
		}
	}
	byDate := p.search(t, family+" "+given+" "+narrow.Hits[0].Member.BirthDate.Format("02/01/2006"))
	for _, h := range byDate.Hits {
		if h.Via == nil && h.Member.BirthDate != narrow.Hits[0].Member.BirthDate {
			t.Errorf("date filter let %s through", h.Member.BirthDate)
		}
	}
}

func TestBeneficiaryNameFindsTheFamily(t *testing.T) {
	p := seeded(t)
	var family, given, regno string
	err := p.raw.QueryRow(`SELECT b.family_name, b.given_name, m.regno FROM beneficiaries b
		JOIN members m ON m.id = b.member_id WHERE b.relation = 'spouse' AND b.family_name <> m.family_name
		AND NOT EXISTS (SELECT 1 FROM members x WHERE x.family_name = b.family_name AND x.given_name = b.given_name)
		LIMIT 1`).Scan(&family, &given, &regno)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range p.search(t, given+" "+family+" ").Hits {
		if h.Member.RegNo == regno {
			if h.Via == nil || h.Via.Relation != domain.RelationSpouse || h.Via.GivenName != given {
				t.Errorf("family found without saying via whom: %+v", h.Via)
			}
			return
		}
	}
	t.Errorf("searching the spouse %s %s did not find member %s", given, family, regno)
}

func TestSearchIdentifiersHintsAndAudit(t *testing.T) {
	p := seeded(t)
	var regno, cin, ppr string
	p.raw.QueryRow(`SELECT regno, cin, ppr FROM members WHERE ppr IS NOT NULL LIMIT 1`).Scan(&regno, &cin, &ppr)
	for q, kind := range map[string]domain.IdentifierKind{regno: domain.KindRegNo, strings.ToLower(cin): domain.KindCIN, ppr: domain.KindPPR} {
		res := p.search(t, q)
		if len(res.Hits) == 0 || res.Hits[0].Tier != service.TierIdentifier || res.Hits[0].Kind != kind {
			t.Errorf("Search(%q) = %+v, want an identifier hit of kind %s", q, res.Hits, kind)
		}
	}
	for _, q := range []string{"el", "a b", "al m"} {
		_, err := p.svc.Search(context.Background(), p.agent, q, 0)
		if fe, ok := domain.AsFieldError(err); !ok || fe.Key != domain.KeySearchTooShort {
			t.Errorf("Search(%q): %v, want the too-short hint", q, err)
		}
	}
	var before, after int
	p.raw.QueryRow(`SELECT count(*) FROM audit WHERE action = 'member.search'`).Scan(&before)
	p.search(t, "zzzzzz nobody")
	p.raw.QueryRow(`SELECT count(*) FROM audit WHERE action = 'member.search'`).Scan(&after)
	if after != before+1 {
		t.Errorf("an empty search must be audited: %d → %d", before, after)
	}
	var admin service.Session
	admin, _ = p.svc.SignIn(context.Background(), "admin", "demo-admin-pass")
	if _, err := p.svc.Search(context.Background(), admin, "alaoui", 0); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("admin searched: %v", err)
	}
}

func TestAsYouTypePrefix(t *testing.T) {
	p := seeded(t)
	res := p.search(t, "alaoui moh")
	if len(res.Hits) == 0 {
		t.Fatal("no hit while typing")
	}
	for _, h := range res.Hits[:min(5, len(res.Hits))] {
		if _, g := personName(h); !strings.HasPrefix(strings.ToLower(g), "moh") && !strings.HasPrefix(strings.ToLower(g), "m") {
			t.Errorf("prefix moh matched %s", g)
		}
	}
}
