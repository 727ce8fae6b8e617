package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// memberDoc is a member file turned into safe text: newMemberDoc is the one
// place where the file's data passes through safe. Keys (category, status,
// relation, eligibility) stay keys until rendering translates them.
type memberDoc struct {
	name, nameAr  string // "FAMILY Given" in Latin; Arabic on a line of its own
	regNo, cin    string
	society       string
	category      string
	status        string
	birth         string
	age           int
	ppr, phone    string
	email, branch string
	version       int64
	beneficiaries []beneficiaryLine
	current       *addressLines
	history       []addressLines

	// longTermIllness (ALD) is health data: this file is the only screen
	// that shows it (the others' models do not carry it).
	longTermIllness bool
}

type beneficiaryLine struct {
	relation     string
	name, nameAr string
	birth        string
	age          int
	reason       string // eligibility message key
	date         string // its date argument, or "" when it takes none
	covered      bool
}

type addressLines struct {
	lines    []string // line 1, line 2, quarter, "postal code city", province
	lineAr   string
	verified bool
	from, to string
}

func newMemberDoc(sh *shared, f service.MemberFile) memberDoc {
	m := f.Member
	d := memberDoc{
		name:     safe(joinNonEmpty(" ", m.FamilyName, m.GivenName)),
		nameAr:   safe(joinNonEmpty(" ", m.GivenNameAr, m.FamilyNameAr)),
		regNo:    safe(m.RegNo),
		cin:      safe(m.CIN),
		society:  safe(joinNonEmpty(" — ", m.SocietyCode, m.SocietyName)),
		category: safe(string(m.Category)),
		status:   safe(string(m.Status)),
		birth:    sh.date(m.BirthDate.Time),
		age:      f.Age,
		ppr:      safe(m.PPR),
		phone:    safe(m.Phone),
		email:    safe(m.Email),
		branch:   safe(m.HomeBranch),
		version:  m.Version,

		longTermIllness: m.LongTermIllness,
	}
	for _, b := range f.Beneficiaries {
		l := beneficiaryLine{
			relation: safe(string(b.Relation)),
			name:     safe(joinNonEmpty(" ", b.FamilyName, b.GivenName)),
			nameAr:   safe(joinNonEmpty(" ", b.GivenNameAr, b.FamilyNameAr)),
			birth:    sh.date(b.BirthDate.Time),
			age:      b.Age,
			reason:   b.Eligibility.Reason,
			covered:  b.Eligibility.Covered,
		}
		if !b.Eligibility.Until.IsZero() {
			l.date = sh.date(b.Eligibility.Until)
		}
		d.beneficiaries = append(d.beneficiaries, l)
	}
	if f.Current != nil {
		a := newAddressLines(sh, *f.Current)
		d.current = &a
	}
	for _, a := range f.History {
		d.history = append(d.history, newAddressLines(sh, a))
	}
	return d
}

// openPIN asks for the Reissue PIN screen, naming where a letter or an
// e-mail would go.
func (d memberDoc) openPIN(id int64) OpenPINMsg {
	m := OpenPINMsg{MemberID: id, Name: d.name, RegNo: d.regNo, Email: d.email}
	if d.current != nil {
		m.Address = strings.Join(d.current.lines, ", ")
	}
	return m
}

func newAddressLines(sh *shared, a domain.Address) addressLines {
	out := addressLines{lineAr: safe(a.LineAr), verified: a.Verified, from: sh.date(a.ValidFrom)}
	if a.ValidTo != nil {
		out.to = sh.date(*a.ValidTo)
	}
	for _, l := range []string{a.Line1, a.Line2, a.Quarter, joinNonEmpty(" ", a.PostalCode, a.City), a.Province} {
		if l = safe(strings.TrimSpace(l)); l != "" {
			out.lines = append(out.lines, l)
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// lines renders the file at width w, every line at most w cells: name,
// identity, current address (what the counter is about), beneficiaries,
// address history. Arabic text always stands alone on its line (after
// indentation): terminals reorder right-to-left text differently, so it
// never shares a line with Latin columns.
func (d memberDoc) lines(sh *shared, w int) []string {
	st, c := sh.styles, sh.cat
	var out []string
	add := func(s ...string) {
		for _, l := range s {
			out = append(out, clip(l, w))
		}
	}
	add(st.Title.Render(clip(d.name, w)))
	if d.nameAr != "" {
		add(d.nameAr)
	}

	add("", st.Section.Render(c.T("tui.member.identity")))
	add(d.identity(sh, w)...)
	if d.longTermIllness {
		add("  " + st.Label.Render(c.T("privacy.ald.label")) + "  " + st.Warn.Render(c.T("privacy.ald.yes")))
	}

	add("")
	if a := d.current; a == nil {
		add(st.Section.Render(c.T("tui.member.current_address")), "  "+st.Warn.Render(c.T("tui.member.no_address")))
	} else {
		state := st.Warn.Render(c.T("tui.address.unverified"))
		if a.verified {
			state = st.OK.Render(c.T("tui.address.verified"))
		}
		add(st.Section.Render(c.T("tui.member.current_address")) + "  " + state + "  " +
			st.Muted.Render(c.T("tui.address.since", a.from)))
		for _, l := range a.lines {
			add("  " + l)
		}
		if a.lineAr != "" {
			add("  " + a.lineAr)
		}
	}

	add("", st.Section.Render(c.T("tui.member.beneficiaries", len(d.beneficiaries))))
	if len(d.beneficiaries) == 0 {
		add("  " + st.Muted.Render(c.T("tui.member.no_beneficiaries")))
	}
	add(d.beneficiaryTable(sh, w)...)

	add("", st.Section.Render(c.T("tui.member.history")))
	if len(d.history) == 0 {
		add("  " + st.Muted.Render(c.T("tui.member.no_history")))
	}
	for _, a := range d.history {
		period := c.T("tui.address.period", a.from, orDash(a.to))
		add("  " + st.Label.Render(period) + "  " + strings.Join(a.lines, ", "))
		if a.lineAr != "" {
			add("  " + a.lineAr)
		}
	}
	return out
}

// identity lays the identity fields out in two label/value columns when
// the terminal is wide enough, in one otherwise. The society's long name
// always gets a line of its own.
func (d memberDoc) identity(sh *shared, w int) []string {
	st, c := sh.styles, sh.cat
	type field struct{ label, value string }
	f := func(key, value string) field { return field{c.T(key), value} }
	left := []field{
		f("tui.member.regno", d.regNo),
		f("tui.member.category", translated(sh, "tui.category.", d.category)),
		f("tui.member.birth", c.T("tui.member.birth_age", d.birth, d.age)),
		f("tui.member.phone", orDash(d.phone)),
		f("tui.member.branch", orDash(d.branch)),
	}
	right := []field{
		f("tui.member.cin", d.cin),
		f("tui.member.status", translated(sh, "tui.member_status.", d.status)),
		f("tui.member.ppr", orDash(d.ppr)),
		f("tui.member.email", orDash(d.email)),
		f("tui.member.version", fmt.Sprint(d.version)),
	}
	society := f("tui.member.society", d.society)
	width := func(fs []field, label bool) int {
		n := 0
		for _, x := range fs {
			if label {
				n = max(n, ansi.StringWidth(x.label))
			} else {
				n = max(n, ansi.StringWidth(x.value))
			}
		}
		return n
	}
	cell := func(x field, lw int) string {
		return st.Label.Render(pad(x.label, lw)) + "  " + st.Value.Render(x.value)
	}
	lw1, vw1, lw2 := width(append(left, society), true), width(left, false), width(right, true)
	if 2+lw1+2+vw1+3+lw2+2+12 > w { // one column
		all := append(append(append([]field{}, left[0], right[0], society), left[1:]...), right[1:]...)
		lw := width(all, true)
		out := make([]string, len(all))
		for i, x := range all {
			out[i] = "  " + cell(x, lw)
		}
		return out
	}
	out := []string{}
	for i := range left {
		out = append(out, "  "+pad(cell(left[i], lw1), lw1+2+vw1)+"   "+cell(right[i], lw2))
		if i == 0 {
			out = append(out, "  "+cell(society, lw1))
		}
	}
	return out
}

// beneficiaryTable lays out relation, name, birth date, age and cover in
// columns; a beneficiary's Arabic name goes on the next line, under the
// name column. When the terminal is too narrow, cover moves to its own line.
func (d memberDoc) beneficiaryTable(sh *shared, w int) []string {
	if len(d.beneficiaries) == 0 {
		return nil
	}
	st, c := sh.styles, sh.cat
	head := [5]string{c.T("tui.benef.relation"), c.T("tui.benef.name"), c.T("tui.benef.birth"), c.T("tui.benef.age"), c.T("tui.benef.cover")}
	relW, covW := ansi.StringWidth(head[0]), ansi.StringWidth(head[4])
	rels, covers := make([]string, len(d.beneficiaries)), make([]string, len(d.beneficiaries))
	for i, b := range d.beneficiaries {
		rels[i] = translated(sh, "tui.relation.", b.relation)
		covers[i] = c.T(b.reason)
		if b.date != "" {
			covers[i] = c.T(b.reason, b.date)
		}
		relW, covW = max(relW, ansi.StringWidth(rels[i])), max(covW, ansi.StringWidth(covers[i]))
	}
	nameNeed := ansi.StringWidth(head[1])
	for _, b := range d.beneficiaries {
		nameNeed = max(nameNeed, ansi.StringWidth(b.name))
	}
	const birthW, ageW, gap, indent = 10, 3, 2, 2
	avail := w - indent - relW - birthW - ageW - covW - 4*gap
	wrapCover := avail < min(nameNeed, 16)
	nameW := min(avail, nameNeed)
	if wrapCover {
		nameW = max(min(w-indent-relW-birthW-ageW-3*gap, nameNeed), 8)
	}
	sp := strings.Repeat(" ", gap)
	row := func(rel, name, birth, age string) string {
		return strings.Repeat(" ", indent) + pad(rel, relW) + sp + pad(name, nameW) + sp + pad(birth, birthW) + sp + padLeft(age, ageW)
	}
	under := strings.Repeat(" ", indent+relW+gap) // the name column
	header := row(head[0], head[1], head[2], head[3])
	if !wrapCover {
		header += sp + head[4]
	}
	out := []string{st.Label.Render(clip(header, w))}
	for i, b := range d.beneficiaries {
		cover := st.OK.Render(covers[i])
		if !b.covered {
			cover = st.Warn.Render(covers[i])
		}
		line := row(rels[i], b.name, b.birth, fmt.Sprint(b.age))
		if !wrapCover {
			out = append(out, clip(line+sp+cover, w))
		} else {
			out = append(out, clip(line, w), clip(under+cover, w))
		}
		if b.nameAr != "" {
			out = append(out, clip(under+b.nameAr, w))
		}
	}
	return out
}

// translated renders a code through the catalogue (prefix+code), or the
// code itself when the catalogue has no entry for it.
func translated(sh *shared, prefix, code string) string {
	if sh.cat.Has(prefix + code) {
		return sh.cat.T(prefix + code)
	}
	return code
}
