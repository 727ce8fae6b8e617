package service_test

// The search benchmark's harness: a documented query mix drawn from a
// seeded database with a fixed seed, run through service.Search as a
// signed-in agent and, side by side, as the bare SQL the service issues
// for it. BenchmarkSearchMix (search_bench_test.go) runs it on the
// 1,000,000-member database of `make bench`; TestSearchMixHarness runs it
// on 2,000 members in every `make test`. docs/PERFORMANCE.md has the
// figures and describes the mix.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Africa/Casablanca without the system's zone files
	"unicode/utf8"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/perf"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// sample is a member drawn from the database to make queries from.
type sample struct {
	ID                               int64
	RegNo, CIN, Society              string
	Family, Given, FamilyAr, GivenAr string
	Birth                            string // YYYY-MM-DD
	City                             string // of the current address
}

// mixClass is one class of the query mix: a few hand-picked queries, run
// as written, and Drawn more made by Make from members drawn at random
// (Make says false when a member does not fit, and another is drawn).
type mixClass struct {
	Name  string
	What  string
	Fixed []string
	Drawn int
	// Make returns a query and the registration number it should find
	// ("" for none in particular).
	Make func(d *drawer, m sample) (q string, want string, ok bool)
	// Finds: every drawn query must find its member (identifiers).
	Finds bool
}

// searchMix is the query mix (docs/PERFORMANCE.md lists it too). Queries
// are typed as at the counter: lower case, no trailing space, so the last
// word of a name query is a prefix (the service's as-you-type rule).
// Per round: 19 fixed + 416 drawn = 435 queries.
var searchMix = []mixClass{
	{
		Name: "name", What: "full name as registered, family+given in either order",
		Fixed: []string{"alaoui mohamed", "bennani fatima", "tazi ahmed"}, Drawn: 60,
		Make: func(d *drawer, m sample) (string, string, bool) {
			return d.order(low(m.Family), low(m.Given)), m.RegNo, true
		},
	},
	{
		Name: "variant", What: "full name with another spelling of the given or family name (Muhammad, Yusuf, Fatma, Lamrani…)",
		Fixed: []string{"mohammed el idrissi", "muhammad bennani", "yusuf alaoui", "fatma tazi"}, Drawn: 40,
		Make: func(d *drawer, m sample) (string, string, bool) {
			fam, giv := low(m.Family), low(m.Given)
			fv, gv := d.variants[fam], d.variants[giv]
			switch {
			case len(fv) == 0 && len(gv) == 0:
				return "", "", false
			case len(gv) == 0 || (len(fv) > 0 && d.r.IntN(2) == 0):
				fam = fv[d.r.IntN(len(fv))]
			default:
				giv = gv[d.r.IntN(len(gv))]
			}
			return d.order(fam, giv), m.RegNo, true
		},
	},
	{
		Name: "given", What: "a single common given name alone (a broad term: tens of thousands of matches)",
		Fixed: []string{"mohamed", "fatima", "ahmed", "khadija"}, Drawn: 26,
		Make: func(d *drawer, m sample) (string, string, bool) { return low(m.Given), "", true },
	},
	{
		Name: "rare", What: "one of the 8 least common family names, alone or with some given name (often no such person)",
		Drawn: 30,
		Make: func(d *drawer, m sample) (string, string, bool) {
			fam := low(d.rare[d.r.IntN(len(d.rare))])
			if d.r.IntN(2) == 0 {
				return fam, "", true
			}
			return fam + " " + low(m.Given), "", true
		},
	},
	{
		Name: "filtered", What: "full name with homonym filters: birth year, date (DD/MM/YYYY), city, society",
		Fixed: []string{"alaoui mohamed 1961 rabat"}, Drawn: 40,
		Make: func(d *drawer, m sample) (string, string, bool) {
			fam, giv, year := low(m.Family), low(m.Given), m.Birth[:4]
			switch d.r.IntN(4) {
			case 0:
				return fam + " " + giv + " " + year + " " + low(m.City), m.RegNo, true
			case 1:
				return fam + " " + giv + " " + m.Birth[8:10] + "/" + m.Birth[5:7] + "/" + year, m.RegNo, true
			case 2:
				return giv + " " + fam + " " + year + " " + m.Society, m.RegNo, true
			}
			return fam + " " + giv + " " + low(m.City), m.RegNo, true
		},
	},
	{
		Name: "prefix", What: "as you type: a full word then 2-4 letters of the next, or 3-5 letters alone",
		Fixed: []string{"alaoui moh", "moh", "bennani fa"}, Drawn: 60,
		Make: func(d *drawer, m sample) (string, string, bool) {
			fam, giv := low(m.Family), low(m.Given)
			switch d.r.IntN(3) {
			case 0:
				return fam + " " + runes(giv, 2+d.r.IntN(3)), m.RegNo, true
			case 1:
				return giv + " " + runes(fam, 2+d.r.IntN(3)), m.RegNo, true
			}
			return runes(fam, 3+d.r.IntN(3)), "", true
		},
	},
	{
		Name: "arabic", What: "Arabic-script given+family name (either order), as registered",
		Fixed: []string{"محمد العلوي", "فاطمه"}, Drawn: 40,
		Make: func(d *drawer, m sample) (string, string, bool) {
			return d.order(m.GivenAr, m.FamilyAr), m.RegNo, true
		},
	},
	{
		Name: "cin", What: "a member's CIN (national identity card number)", Drawn: 40, Finds: true,
		Make: func(d *drawer, m sample) (string, string, bool) { return m.CIN, m.RegNo, true },
	},
	{
		Name: "regno", What: "a member's registration number", Drawn: 40, Finds: true,
		Make: func(d *drawer, m sample) (string, string, bool) { return m.RegNo, m.RegNo, true },
	},
	{
		Name: "fuzzy", What: "a typo (one letter dropped) in the family name, then the given name: only the fuzzy tier finds it",
		Fixed: []string{"alaui mohamed", "mohamd alaoui"}, Drawn: 40,
		Make: func(d *drawer, m sample) (string, string, bool) {
			typo, ok := d.typo(low(m.Family))
			return typo + " " + low(m.Given), m.RegNo, ok
		},
	},
}

func low(s string) string { return strings.ToLower(s) }

// runes returns the first n characters of s (all of it when shorter),
// without a trailing space ("el idrissi" gives "el", not "el ").
func runes(s string, n int) string {
	r := []rune(s)
	return strings.TrimRight(string(r[:min(n, len(r))]), " ")
}

// drawer draws members at random with a fixed seed.
type drawer struct {
	ctx      context.Context
	raw      *sql.DB
	r        *rand.Rand
	maxID    int64
	rare     []string            // the least common family names
	variants map[string][]string // a lower-case spelling -> other spellings of the name that index differently
}

func newDrawer(ctx context.Context, raw *sql.DB, seed uint64) (*drawer, error) {
	d := &drawer{ctx: ctx, raw: raw, r: rand.New(rand.NewPCG(seed, 0x5ea7c4)), variants: map[string][]string{}}
	if err := raw.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM members`).Scan(&d.maxID); err != nil {
		return nil, err
	}
	if d.maxID == 0 {
		return nil, fmt.Errorf("no members to draw from")
	}
	// The rarest family names, leaving out variant spellings of common ones
	// (Lamrani, Benani: rare as written, but the variant class has them).
	var spellings []any
	for _, v := range domain.NameVariants() {
		spellings = append(spellings, v.Variant)
	}
	rows, err := raw.QueryContext(ctx, `SELECT family_name FROM members WHERE family_name NOT IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(spellings)), ",")+`)
		GROUP BY family_name ORDER BY count(*), family_name LIMIT 8`, spellings...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			rows.Close()
			return nil, err
		}
		d.rare = append(d.rare, f)
	}
	rows.Close()
	for _, v := range domain.NameVariants() {
		a, b := low(v.Canonical), low(v.Variant)
		if strings.Join(domain.NameKeys(a), " ") == strings.Join(domain.NameKeys(b), " ") {
			continue // normalisation folds them already: no variant to exercise
		}
		d.variants[a] = append(d.variants[a], b)
		d.variants[b] = append(d.variants[b], a)
	}
	return d, rows.Err()
}

// member draws a member at random (ids have no gaps in a seeded database,
// but a missing one is simply drawn again).
func (d *drawer) member() (sample, error) {
	for range 100 {
		var m sample
		err := d.raw.QueryRowContext(d.ctx, `SELECT m.id, m.regno, m.cin, m.society_code, m.family_name, m.given_name,
			m.family_name_ar, m.given_name_ar, m.birth_date, coalesce(a.city, '')
			FROM members m LEFT JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
			WHERE m.id = ?`, 1+d.r.Int64N(d.maxID)).Scan(&m.ID, &m.RegNo, &m.CIN, &m.Society,
			&m.Family, &m.Given, &m.FamilyAr, &m.GivenAr, &m.Birth, &m.City)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		return m, err
	}
	return sample{}, fmt.Errorf("no member found in 100 draws")
}

// order puts two words in either order, family first more often.
func (d *drawer) order(a, b string) string {
	if d.r.IntN(3) == 0 {
		return b + " " + a
	}
	return a + " " + b
}

// typo drops one letter (not the first) of the longest word of a name, so
// that its normalised key changes; ok is false for names too short.
func (d *drawer) typo(name string) (string, bool) {
	words := strings.Fields(name)
	longest := 0
	for i, w := range words {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(words[longest]) {
			longest = i
		}
	}
	w := []rune(words[longest])
	if len(w) < 5 {
		return "", false
	}
	for range 10 {
		i := 1 + d.r.IntN(len(w)-1)
		t := string(w[:i]) + string(w[i+1:])
		if strings.Join(domain.NameKeys(t), " ") != strings.Join(domain.NameKeys(string(w)), " ") {
			words[longest] = t
			return strings.Join(words, " "), true
		}
	}
	return "", false
}

// mixQuery is one query instance of the mix.
type mixQuery struct {
	Class int
	Text  string
	Want  string // regno the query should find ("" for none in particular)
}

// buildMix makes the query instances: every class's fixed queries and
// scale × its drawn count (at least one).
func buildMix(d *drawer, scale float64) ([]mixQuery, error) {
	var out []mixQuery
	for ci, c := range searchMix {
		for _, q := range c.Fixed {
			out = append(out, mixQuery{Class: ci, Text: q})
		}
		n := max(1, int(math.Round(float64(c.Drawn)*scale)))
		for made, tries := 0, 0; made < n; tries++ {
			if tries > 100*n {
				return nil, fmt.Errorf("class %s: only %d of %d queries after %d draws", c.Name, made, n, tries)
			}
			m, err := d.member()
			if err != nil {
				return nil, err
			}
			// A name query needs a word of three letters (the service
			// answers a hint otherwise): "el m" is typed, not searched.
			if q, want, ok := c.Make(d, m); ok && (c.Finds || validName(q)) {
				out = append(out, mixQuery{Class: ci, Text: q, Want: want})
				made++
			}
		}
	}
	return out, nil
}

func validName(q string) bool {
	_, err := domain.ParseNameQuery(q, nil)
	return err == nil
}

// sqlStep is one bare SQL statement the service runs for a query.
type sqlStep struct {
	query string
	args  []any
}

const matchSQL = `SELECT rowid FROM person_search WHERE person_search MATCH ? LIMIT ?`

var identifierColumn = map[domain.IdentifierKind]string{
	domain.KindRegNo: "regno", domain.KindCIN: "cin", domain.KindPPR: "ppr", domain.KindPhone: "phone",
}

// harness runs the mix on one database.
type harness struct {
	ctx  context.Context
	svc  *service.Service
	sess service.Session
	raw  *sql.DB // read-only, one connection: the bare SQL and the draws
	rule domain.RegNoRule
}

// benchPolicy is cmd/guichet's policy with the default configuration.
func benchPolicy() (service.Policy, error) {
	rule, err := domain.NewRegNoRule("[0-9]{6,12}")
	if err != nil {
		return service.Policy{}, err
	}
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		return service.Policy{}, err
	}
	return service.Policy{RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: 15 * time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: loc}, nil
}

// openHarness opens the service on db like cmd/guichet does and signs the
// demo agent in.
func openHarness(ctx context.Context, db *store.DB) (*harness, error) {
	policy, err := benchPolicy()
	if err != nil {
		return nil, err
	}
	svc, err := service.New(ctx, db, policy)
	if err != nil {
		return nil, err
	}
	sess, err := svc.SignIn(ctx, "agent", "demo-agent-pass")
	if err != nil {
		return nil, fmt.Errorf("demo agent sign-in: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(5000)")
	raw, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db.Path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	raw.SetMaxOpenConns(1)
	return &harness{ctx: ctx, svc: svc, sess: sess, raw: raw, rule: policy.RegNo}, nil
}

func (h *harness) close() { h.raw.Close() }

// plan returns the bare SQL of a query: each identifier kind's lookup, or
// each name tier's MATCH, with the service's row limit.
func (h *harness) plan(q string) ([]sqlStep, error) {
	limit := h.svc.RowLimit()
	var steps []sqlStep
	if ids := domain.RecogniseIdentifiers(q, h.rule); len(ids) > 0 {
		for _, id := range ids {
			steps = append(steps, sqlStep{`SELECT id FROM members WHERE ` + identifierColumn[id.Kind] + ` = ? LIMIT ?`,
				[]any{id.Value, limit}})
		}
		return steps, nil
	}
	exprs, err := h.svc.TierExpressions(h.ctx, q)
	if err != nil {
		return nil, err
	}
	for _, e := range exprs {
		steps = append(steps, sqlStep{matchSQL, []any{e, limit}})
	}
	return steps, nil
}

func (h *harness) runSQL(steps []sqlStep) (rows int, err error) {
	for _, s := range steps {
		rs, err := h.raw.QueryContext(h.ctx, s.query, s.args...)
		if err != nil {
			return rows, err
		}
		for rs.Next() {
			var id int64
			if err := rs.Scan(&id); err != nil {
				rs.Close()
				return rows, err
			}
			rows++
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return rows, err
		}
	}
	return rows, nil
}

// queryStats is what the rounds measured for one query instance.
type queryStats struct {
	service, sql, audit []time.Duration
	hits, sqlRows       int
	tiers               [4]int // hits per tier, last timed round
	found               bool   // the wanted member was among the hits
	steps               int
}

// mixResult is a whole run.
type mixResult struct {
	queries []mixQuery
	stats   []queryStats
	rounds  int
	elapsed time.Duration
	load    [2]string // /proc/loadavg before and after
}

// run executes the mix: one untimed warm-up round, then rounds timed
// rounds, each in its own shuffled order; within a round each query runs
// through Search, as bare SQL, and as the audit write alone, the first two
// in alternating order.
func (h *harness) run(queries []mixQuery, rounds int, seed uint64) (*mixResult, error) {
	res := &mixResult{queries: queries, stats: make([]queryStats, len(queries)), rounds: rounds}
	plans := make([][]sqlStep, len(queries))
	for i, q := range queries {
		var err error
		if plans[i], err = h.plan(q.Text); err != nil {
			return nil, fmt.Errorf("%q: %w", q.Text, err)
		}
		res.stats[i].steps = len(plans[i])
	}
	res.load[0] = perf.LoadAvg()
	start := time.Now()
	r := rand.New(rand.NewPCG(seed, 0x0bde))
	order := make([]int, len(queries))
	for i := range order {
		order[i] = i
	}
	for round := 0; round <= rounds; round++ {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		timed := round > 0
		for k, i := range order {
			q, st := queries[i], &res.stats[i]
			var svcTime, sqlTime time.Duration
			var sr service.SearchResult
			var rows int
			doService := func() error {
				t0 := time.Now()
				var err error
				sr, err = h.svc.Search(h.ctx, h.sess, q.Text, 0)
				svcTime = time.Since(t0)
				return err
			}
			doSQL := func() error {
				t0 := time.Now()
				var err error
				rows, err = h.runSQL(plans[i])
				sqlTime = time.Since(t0)
				return err
			}
			first, second := doService, doSQL
			if (round+k)%2 == 1 {
				first, second = doSQL, doService
			}
			if err := first(); err != nil {
				return nil, fmt.Errorf("%q: %w", q.Text, err)
			}
			if err := second(); err != nil {
				return nil, fmt.Errorf("%q: %w", q.Text, err)
			}
			if !timed {
				continue
			}
			shown := make([]string, len(sr.Hits))
			st.tiers = [4]int{}
			st.found = false
			for j, hit := range sr.Hits {
				shown[j] = hit.Member.RegNo
				st.tiers[hit.Tier]++
				st.found = st.found || (q.Want != "" && hit.Member.RegNo == q.Want)
			}
			t0 := time.Now()
			if err := h.svc.WriteSearchAudit(h.ctx, h.sess, q.Text, shown); err != nil {
				return nil, err
			}
			st.audit = append(st.audit, time.Since(t0))
			st.service = append(st.service, svcTime)
			st.sql = append(st.sql, sqlTime)
			st.hits, st.sqlRows = len(sr.Hits), rows
		}
	}
	res.elapsed = time.Since(start)
	res.load[1] = perf.LoadAvg()
	return res, nil
}

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// dist is the percentiles of a set of durations.
type dist struct {
	n             int
	p50, p95, p99 time.Duration
	max, sum      time.Duration
}

func distOf(ds []time.Duration) dist {
	s := slices.Clone(ds)
	slices.Sort(s)
	d := dist{n: len(s), p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99)}
	for _, x := range s {
		d.sum += x
	}
	if len(s) > 0 {
		d.max = s[len(s)-1]
	}
	return d
}

// classDists gathers the service, SQL and audit durations of the queries
// of a class (-1: all).
func (r *mixResult) classDists(class int) (svc, sqlD, audit dist, count, found, want int) {
	var a, b, c []time.Duration
	for i, q := range r.queries {
		if class >= 0 && q.Class != class {
			continue
		}
		st := r.stats[i]
		a, b, c = append(a, st.service...), append(b, st.sql...), append(c, st.audit...)
		count++
		if q.Want != "" {
			want++
			if st.found {
				found++
			}
		}
	}
	return distOf(a), distOf(b), distOf(c), count, found, want
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(a)/float64(b))
}

// report prints the figures as a Markdown table (per class and overall),
// the audit write's share and the slowest queries.
func (r *mixResult) report(w io.Writer, header string) {
	fmt.Fprintln(w, header)
	fmt.Fprintf(w, "machine: %s, %d CPUs (nproc), %s; %s; load average before %s, after %s\n",
		perf.CPUModel(), runtime.NumCPU(), perf.MemTotal()+" RAM", runtime.Version(), r.load[0], r.load[1])
	fmt.Fprintf(w, "date: %s; %d queries × %d timed rounds (after 1 warm-up round) in %s\n\n",
		time.Now().Format("2006-01-02 15:04 MST"), len(r.queries), r.rounds, r.elapsed.Round(time.Millisecond))
	fmt.Fprintln(w, "| class | queries | Search p50 | p95 | p99 | bare SQL p50 | p95 | p99 | ratio p50 | ratio p95 | found |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	row := func(name string, class int) {
		s, q, _, n, found, want := r.classDists(class)
		f := "-"
		if want > 0 {
			f = fmt.Sprintf("%d/%d", found, want)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, n,
			ms(s.p50), ms(s.p95), ms(s.p99), ms(q.p50), ms(q.p95), ms(q.p99), ratio(s.p50, q.p50), ratio(s.p95, q.p95), f)
	}
	for ci, c := range searchMix {
		row(c.Name, ci)
	}
	row("**all**", -1)
	s, _, a, _, _, _ := r.classDists(-1)
	fmt.Fprintf(w, "\n(milliseconds; found = drawn queries whose member is among the hits shown)\n")
	fmt.Fprintf(w, "audit write alone (one entry, as each Search writes): p50 %s, p95 %s, p99 %s ms = %.0f%% of Search's total time\n",
		ms(a.p50), ms(a.p95), ms(a.p99), 100*float64(a.sum)/float64(max(1, s.sum)))
	fmt.Fprintf(w, "\nquery mix:\n\n| class | queries | what |\n|---|---:|---|\n")
	for ci, c := range searchMix {
		_, _, _, n, _, _ := r.classDists(ci)
		fmt.Fprintf(w, "| %s | %d | %s |\n", c.Name, n, c.What)
	}
	fmt.Fprintf(w, "\nslowest queries (worst Search time over the rounds):\n\n")
	fmt.Fprintln(w, "| query | class | Search ms | bare SQL ms | statements | hits (exact/variant/fuzzy) |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---|")
	idx := make([]int, len(r.queries))
	for i := range idx {
		idx[i] = i
	}
	worst := func(ds []time.Duration) time.Duration { return slices.Max(ds) }
	slices.SortFunc(idx, func(a, b int) int { return int(worst(r.stats[b].service) - worst(r.stats[a].service)) })
	for _, i := range idx[:min(12, len(idx))] {
		q, st := r.queries[i], r.stats[i]
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %d | %d (%d/%d/%d) |\n", q.Text, searchMix[q.Class].Name,
			ms(worst(st.service)), ms(slices.Max(st.sql)), st.steps, st.hits, st.tiers[service.TierExact],
			st.tiers[service.TierVariant], st.tiers[service.TierFuzzy])
	}
}

// persons counts members and beneficiaries.
func (h *harness) persons() (members, persons int64, err error) {
	err = h.raw.QueryRowContext(h.ctx, `SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM members) + (SELECT count(*) FROM beneficiaries)`).
		Scan(&members, &persons)
	return members, persons, err
}

// TestSearchMixHarness runs the benchmark's harness on a small seeded
// database: every class yields queries, every query runs through Search
// and as bare SQL, identifier queries find their member, the fuzzy class
// reaches the fuzzy tier, and percentiles come out. No timing is asserted.
func TestSearchMixHarness(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mix.db"), store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	policy, err := benchPolicy()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Prepare(ctx, db, demo.Options{Members: 2000, Seed: 1, Now: time.Now()}, policy, nil); err != nil {
		t.Fatal(err)
	}
	h, err := openHarness(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	d, err := newDrawer(ctx, h.raw, 1)
	if err != nil {
		t.Fatal(err)
	}
	queries, err := buildMix(d, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.run(queries, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	perClass := make([]int, len(searchMix))
	fuzzyHits, nameHits := 0, 0
	for i, q := range queries {
		st, c := res.stats[i], searchMix[q.Class]
		perClass[q.Class]++
		if len(st.service) != 1 || len(st.sql) != 1 || len(st.audit) != 1 {
			t.Fatalf("%q: %d/%d/%d timings, want one each", q.Text, len(st.service), len(st.sql), len(st.audit))
		}
		if st.steps == 0 {
			t.Errorf("%q: no bare SQL planned", q.Text)
		}
		if c.Finds && !st.found {
			t.Errorf("%s query %q did not find member %s", c.Name, q.Text, q.Want)
		}
		if c.Name == "fuzzy" {
			fuzzyHits += st.tiers[service.TierFuzzy]
		}
		if !c.Finds {
			nameHits += st.hits
		}
	}
	for ci, n := range perClass {
		if n == 0 {
			t.Errorf("class %s has no queries", searchMix[ci].Name)
		}
	}
	if fuzzyHits == 0 {
		t.Error("the fuzzy class never reached the fuzzy tier")
	}
	if nameHits == 0 {
		t.Error("no name query found anyone")
	}
	s, q, a, n, _, _ := res.classDists(-1)
	if n != len(queries) || s.n != n || q.n != n || a.n != n {
		t.Fatalf("overall distribution over %d/%d/%d samples, want %d", s.n, q.n, a.n, n)
	}
	if !(0 < s.p50 && s.p50 <= s.p95 && s.p95 <= s.p99 && 0 < q.p50 && q.p50 <= q.p95 && q.p95 <= q.p99) {
		t.Errorf("percentiles out of order: Search %v %v %v, SQL %v %v %v", s.p50, s.p95, s.p99, q.p50, q.p95, q.p99)
	}
	var out strings.Builder
	res.report(&out, "search mix, 2,000 members (harness check)")
	if !strings.Contains(out.String(), "| **all** |") {
		t.Errorf("report has no overall row:\n%s", out.String())
	}
	if testing.Verbose() {
		t.Log("\n" + out.String())
	}
}
