package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/cnops/guichet/domain"
)

// Population shares. Retirees are about 38 % of insured members (design,
// "Domain facts"), so the population skews old.
const (
	shareRetired   = 0.38
	shareStudent   = 0.035
	shareVariant   = 0.18  // names that have variants get one this often
	shareTwoWives  = 0.03  // of married men aged 40 or more
	shareDisabled  = 0.015 // of children
	shareEmail     = 0.30  // of non-students (students always have one)
	sharePhone     = 0.90
	shareSuspended = 0.03
	shareClosed    = 0.015
)

type person struct {
	given, family name
	birth         time.Time
	sex           string // "M" or "F"
}

type beneficiary struct {
	person
	relation          string // "spouse" or "child"
	student, disabled bool
}

type member struct {
	id                             int64
	regno, society, branch, cin    string
	ppr                            string // "" for students: stored as NULL
	category, status, email, phone string
	longTermIllness                bool // health data: only the member file shows it
	person
	beneficiaries []beneficiary
	addresses     []address // oldest first; the last one is current
}

// generator makes member i from (seed, i) alone, so a member does not
// depend on the ones before it: the same seed gives the same member i
// whatever the population size.
type generator struct {
	t     *tables
	ids   identifiers
	seed  uint64
	today time.Time // opts.Now's calendar day, at midnight UTC
	src   *rand.PCG
	r     *rand.Rand
	m     member // reused: rows are written before the next member is made
}

func newGenerator(t *tables, seed int64, now time.Time) *generator {
	src := rand.NewPCG(0, 0)
	y, mo, d := now.Date()
	return &generator{
		t: t, ids: newIdentifiers(seed), seed: uint64(seed),
		today: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC),
		src:   src, r: rand.New(src),
	}
}

func (g *generator) member(i int) *member {
	g.src.Seed(g.seed, mix64(uint64(i)))
	r, m := g.r, &g.m
	*m = member{beneficiaries: m.beneficiaries[:0], addresses: m.addresses[:0]}
	m.id = int64(i) + 1
	m.regno, m.cin = g.ids.regno(i), g.ids.cin(i)
	m.society = g.t.society.pick(r)
	branch := g.t.branchW.pick(r)
	m.branch = g.t.branches[branch].Code

	var age int
	femaleShare := 0.40
	switch x := r.Float64(); {
	case x < shareRetired:
		m.category, age, femaleShare = "retired", 60+skewed(r, 26, 1.6), 0.25
	case x < shareRetired+shareStudent:
		m.category, age, femaleShare = "student", 18+skewed(r, 11, 1.5), 0.55
	default:
		m.category, age = "active", 25+(r.IntN(36)+r.IntN(36))/2
	}
	m.person = g.person(r.Float64() < femaleShare, age)
	if m.category != "student" {
		m.ppr = g.ids.ppr(i)
	}
	if m.category == "student" || r.Float64() < shareEmail {
		m.email = email(r, m.given.latin, m.family.latin, m.birth.Year())
	}
	if r.Float64() < sharePhone {
		m.phone = mobile(r)
	}
	switch x := r.Float64(); {
	case x < shareSuspended:
		m.status = "suspended"
	case x < shareSuspended+shareClosed:
		m.status = "closed"
	default:
		m.status = "active"
	}
	m.longTermIllness = longTermIllness(g.seed, i, m.category)
	g.family(age)
	g.addressHistory(branch, age)
	return m
}

// skewed returns 0..n-1, denser near 0 as power grows (more young
// retirees than very old ones, more first-year students than PhDs).
func skewed(r *rand.Rand, n int, power float64) int {
	return min(n-1, int(float64(n)*math.Pow(r.Float64(), power)))
}

// person draws a name of the right sex (so sexes match given names) and a
// birth date that makes them exactly age years old today.
func (g *generator) person(female bool, age int) person {
	sex, s := "M", 0
	if female {
		sex, s = "F", 1
	}
	return person{
		given:  g.spelling(g.t.given[s].pick(g.r)),
		family: g.spelling(g.t.family.pick(g.r)),
		birth:  g.today.AddDate(-age, 0, -g.r.IntN(365)),
		sex:    sex,
	}
}

// spelling sometimes swaps a canonical Latin spelling for a variant (as
// typed on some earlier card); the Arabic stays the same.
func (g *generator) spelling(n name) name {
	if v := g.t.variants[n.latin]; len(v) > 0 && g.r.Float64() < shareVariant {
		n.latin = v[g.r.IntN(len(v))]
	}
	return n
}

// family adds spouses and children. Women usually keep their maiden name,
// so a wife's family name is her own; children take their father's.
func (g *generator) family(age int) {
	r, m := g.r, &g.m
	married := 0.85
	switch {
	case m.category == "student":
		married = 0.03
	case m.category == "retired":
		married = 0.78 // the others are widowed or divorced
	case age < 30:
		married = 0.35
	case age < 35:
		married = 0.65
	}
	if r.Float64() >= married {
		return
	}
	spouses := 1
	if m.sex == "M" && age >= 40 && r.Float64() < shareTwoWives {
		spouses = 2
	}
	motherAge := age
	for k := range spouses {
		var sp person
		if m.sex == "M" {
			sp = g.person(true, max(20, age-r.IntN(11)-5*k))
			if k == 0 {
				motherAge = g.ageOf(sp.birth)
			}
		} else {
			sp = g.person(false, age+r.IntN(9))
		}
		m.beneficiaries = append(m.beneficiaries, beneficiary{person: sp, relation: "spouse"})
	}
	father := m.family
	if m.sex == "F" {
		father = m.beneficiaries[0].family
	}
	g.children(motherAge, father)
}

// children are born when the mother is 20 to 42. Those past 28 have left
// the file unless disabled (no age limit); so ages cluster around the 21
// and 26 limits for members in their fifties, and retirees have few.
func (g *generator) children(motherAge int, father name) {
	r, m := g.r, &g.m
	n := [...]int{0, 1, 1, 2, 2, 2, 3, 3, 4, 5}[r.IntN(10)]
	for range n {
		age := motherAge - 20 - r.IntN(23)
		disabled := r.Float64() < shareDisabled
		if age < 0 || age > 28 && !disabled {
			continue
		}
		c := g.person(r.IntN(2) == 0, age)
		c.family = father
		m.beneficiaries = append(m.beneficiaries, beneficiary{
			person: c, relation: "child", disabled: disabled,
			student: age >= 18 && r.Float64() < 0.55,
		})
	}
}

func (g *generator) ageOf(birth time.Time) int {
	return domain.AgeOn(domain.Date{Time: birth}, g.today)
}
