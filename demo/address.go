package demo

import (
	"slices"
	"strconv"
	"time"
)

const (
	shareMovedOnce  = 0.20 // members with one earlier address on file
	shareMovedTwice = 0.06 // ... with two
	shareUnverified = 0.10 // current addresses not (yet) verified
	shareArabicLine = 0.75
	shareQuarter    = 0.85
	day             = 24 * time.Hour
)

type address struct {
	line1, line2, quarter, city, postal, province, lineAr string
	verified                                              bool
	from, to                                              time.Time // to is zero for the current address
}

// addressHistory gives member m one current address and, for some, one or
// two earlier ones, each ending the day the next began. They are stored
// oldest first, so address ids follow time.
func (g *generator) addressHistory(branch, age int) {
	r, m := g.r, &g.m
	n := 1
	switch x := r.Float64(); {
	case age < 25: // too young to have moved house on file
	case x < shareMovedTwice:
		n = 3
	case x < shareMovedTwice+shareMovedOnce:
		n = 2
	}
	// The current address began between a month and 15 years ago, never
	// before the member turned 18.
	adultDays := max(31, (age-18)*365)
	from := g.today.Add(-time.Duration(30+r.IntN(min(15*365, adultDays))) * day)
	var to time.Time
	for k := range n {
		a := g.address(g.cityNear(branch))
		a.from, a.to = g.officeHours(from), to
		a.verified = k > 0 || r.Float64() >= shareUnverified
		m.addresses = append(m.addresses, a)
		to = a.from
		from = from.Add(-time.Duration(365+r.IntN(7*365)) * day)
	}
	slices.Reverse(m.addresses)
}

// officeHours puts a change on a working day's counter hours (UTC).
func (g *generator) officeHours(d time.Time) time.Time {
	return d.Add(time.Duration(7*3600+g.r.IntN(9*3600)) * time.Second)
}

// cityNear is mostly the branch's own city, sometimes another town of its
// region, and now and then anywhere (people move: that is why they come).
func (g *generator) cityNear(branch int) int {
	near := g.t.nearby[branch]
	switch x := g.r.Float64(); {
	case x < 0.03:
		return g.r.IntN(len(g.t.cities))
	case x < 0.15 && len(near) > 0:
		return near[g.r.IntN(len(near))]
	}
	return g.t.byCity[g.t.branches[branch].City]
}

// address builds one of the usual shapes of a Moroccan postal address:
// "12 Rue Ibn Sina", "Résidence Al Amal, Imm 4 Apt 12" or "Bloc 7 N° 45",
// with the city's own postal code and province.
func (g *generator) address(ci int) address {
	r, c := g.r, g.t.cities[ci]
	a := address{city: c.name, postal: c.postal, province: c.province}
	st := g.t.streets[r.IntN(len(g.t.streets))]
	var ar string
	switch x := r.IntN(100); {
	case x < 55:
		n := strconv.Itoa(1 + r.IntN(250))
		a.line1, ar = n+" "+st.latin, n+" "+st.arabic
	case x < 85:
		res := g.t.resids[r.IntN(len(g.t.resids))]
		imm, apt := strconv.Itoa(1+r.IntN(30)), strconv.Itoa(1+r.IntN(40))
		a.line1 = "Résidence " + res.latin + ", Imm " + imm + " Apt " + apt
		a.line2 = st.latin
		ar = "إقامة " + res.arabic + "، عمارة " + imm + "، شقة " + apt
	default:
		bloc, n := strconv.Itoa(1+r.IntN(40)), strconv.Itoa(1+r.IntN(120))
		a.line1, ar = "Bloc "+bloc+" N° "+n, "بلوك "+bloc+" رقم "+n
	}
	if r.Float64() < shareQuarter {
		q := g.quarter(c.name)
		a.quarter, ar = q.latin, ar+"، "+q.arabic
	}
	if r.Float64() < shareArabicLine {
		a.lineAr = ar + "، " + c.nameAr
	}
	return a
}

// quarter prefers the city's own well-known quarters when it has some.
func (g *generator) quarter(city string) name {
	own := g.t.quarters[city]
	if len(own) > 0 && g.r.IntN(2) == 0 {
		return own[g.r.IntN(len(own))]
	}
	any := g.t.quarters[""]
	return any[g.r.IntN(len(any))]
}
