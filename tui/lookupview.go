package tui

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// The cells of a result row, in the order of lookupColumns.
const (
	cellMatch = iota
	cellRegNo
	cellName
	cellBirth
	cellCity
	cellSociety
	cellCIN
)

// lookupFooterLines stand under the list: the selected row's full name
// (with the beneficiary it was found through) and its Arabic name, on a
// line of its own.
const lookupFooterLines = 2

// listShown reports whether the list of an answer is on screen.
func (l *lookupScreen) listShown() bool { return l.state == lookupFound && len(l.table.rows) > 0 }

// tableTop is the line of the list's header: hint, query field, the
// filter bar when shown, status line, warning or blank line.
func (l *lookupScreen) tableTop() int {
	if l.showFilters {
		return 5
	}
	return 4
}

// layoutTable sizes the list's columns to the width (the name column takes
// what the others leave; the society, city and CIN columns give way on a
// narrow terminal) and its height to what the header and footer leave.
func (l *lookupScreen) layoutTable() {
	c := l.sh.cat
	regW := 9
	for _, r := range l.table.rows {
		regW = max(regW, min(ansi.StringWidth(r[cellRegNo]), 12))
	}
	cityW := 10
	if l.w >= 120 {
		cityW = 18 // room for Ksar El Kebir and Kalaat M'Gouna
	}
	cols := []column{
		cellMatch:   {title: c.T("tui.lookup.col.match"), width: 8},
		cellRegNo:   {title: c.T("tui.lookup.col.regno"), width: regW},
		cellName:    {title: c.T("tui.lookup.col.name")},
		cellBirth:   {title: c.T("tui.lookup.col.birth"), width: 10},
		cellCity:    {title: c.T("tui.lookup.col.city"), width: cityW},
		cellSociety: {title: c.T("tui.lookup.col.society"), width: 7},
		cellCIN:     {title: c.T("tui.lookup.col.cin"), width: 8},
	}
	l.table.cols = fitColumns(l.w, cols, cellName, 16, 60, cellSociety, cellCity, cellCIN)
	l.table.setHeight(l.h - l.tableTop() - 1 - lookupFooterLines)
}

// setHits is the one place where search hits become table text: every
// value from the service goes through safe here.
func (l *lookupScreen) setHits(hits []service.Hit) {
	rows := make([][]string, len(hits))
	for i, h := range hits {
		m := h.Member
		rows[i] = []string{
			cellMatch:   l.tierName(h),
			cellRegNo:   safe(m.RegNo),
			cellName:    l.nameText(h),
			cellBirth:   l.sh.date(m.BirthDate.Time),
			cellCity:    orDash(safe(m.City)),
			cellSociety: orDash(safe(m.SocietyCode)),
			cellCIN:     orDash(safe(m.MaskedCIN)),
		}
	}
	l.table.setRows(rows)
	l.clickAt = time.Time{} // a click on the old list starts no double click
	l.layoutTable()
	if len(rows) == 0 && l.focus == focusTable {
		l.setFocus(focusQuery)
	}
}

// tierName says how a row matched: the identifier's kind, or the name
// tier (exact, variant, close).
func (l *lookupScreen) tierName(h service.Hit) string {
	c := l.sh.cat
	if h.Tier == service.TierIdentifier {
		if k := "tui.kind." + string(h.Kind); c.Has(k) {
			return c.T(k)
		}
		return safe(string(h.Kind))
	}
	if h.Tier < service.TierIdentifier || h.Tier > service.TierFuzzy {
		return "?"
	}
	if k := "tui.tier." + h.Tier.String(); c.Has(k) {
		return c.T(k)
	}
	return h.Tier.String()
}

// nameText is the Latin name, and the beneficiary who led to the family.
func (l *lookupScreen) nameText(h service.Hit) string {
	m := h.Member
	name := orDash(safe(joinNonEmpty(" ", m.FamilyName, m.GivenName)))
	if v := h.Via; v != nil {
		who := safe(joinNonEmpty(" ", v.FamilyName, v.GivenName))
		via := l.sh.cat.T("tui.via.other", who)
		if k := "tui.via." + string(v.Relation); l.sh.cat.Has(k) {
			via = l.sh.cat.T(k, who)
		}
		name += " · " + strings.TrimSpace(via)
	}
	return name
}

// arabicText is the selected member's Arabic name and, when a beneficiary
// led to the family, theirs: Arabic only, for a line of its own.
func arabicText(h service.Hit) string {
	m := h.Member
	s := safe(joinNonEmpty(" ", m.GivenNameAr, m.FamilyNameAr))
	if v := h.Via; v != nil {
		if via := safe(joinNonEmpty(" ", v.GivenNameAr, v.FamilyNameAr)); via != "" {
			s = joinNonEmpty(" — ", s, via)
		}
	}
	return s
}

// filterWidths are the widths of the filter fields: birth, city, society.
func (l *lookupScreen) filterWidths() [filterCount]int {
	return [filterCount]int{10, min(max(l.w-60, 10), 30), 8}
}

// filterSegments are the cells the filter bar gives each filter: label,
// space, field (prompt, text, cursor).
func (l *lookupScreen) filterSegments() [filterCount]int {
	c := l.sh.cat
	labels := [filterCount]string{c.T("tui.filter.born"), c.T("tui.filter.city"), c.T("tui.filter.society")}
	var segs [filterCount]int
	for i, fw := range l.filterWidths() {
		segs[i] = ansi.StringWidth(labels[i]) + 1 + ansi.StringWidth(l.filters[i].Prompt) + fw + 1
	}
	return segs
}

const filterGap = 2

// filterAt returns the filter under column x of the filter bar, or -1.
func (l *lookupScreen) filterAt(x int) int {
	start := 0
	for i, w := range l.filterSegments() {
		if x >= start && x < start+w {
			return i
		}
		start += w + filterGap
	}
	return -1
}

func (l *lookupScreen) filterBar() string {
	st, c := l.sh.styles, l.sh.cat
	labels := [filterCount]string{c.T("tui.filter.born"), c.T("tui.filter.city"), c.T("tui.filter.society")}
	segs := l.filterSegments()
	parts := make([]string, filterCount)
	for i := range l.filters {
		parts[i] = pad(st.Label.Render(labels[i])+" "+l.filters[i].View(), segs[i])
	}
	return clip(strings.Join(parts, strings.Repeat(" ", filterGap)), l.w)
}

func (l *lookupScreen) View() string {
	st, c := l.sh.styles, l.sh.cat
	lines := []string{st.Muted.Render(clip(c.T("tui.lookup.hint"), l.w)), l.input.View()}
	if l.showFilters {
		lines = append(lines, l.filterBar())
	}
	wrap := lipgloss.NewStyle().Width(max(l.w, 1))
	switch {
	case l.pending != 0 && !l.listShown():
		lines = append(lines, st.Muted.Render(c.T("tui.lookup.searching")), "")
	case l.state == lookupHint:
		lines = append(lines, st.Muted.Render(wrap.Render(capitalise(safe(l.message)))), "")
	case l.state == lookupFailed:
		lines = append(lines, st.Error.Render(wrap.Render(safe(l.message))), "")
	case l.state == lookupNone:
		second := st.Warn.Render(clip(l.filterWarning(), l.w))
		if text, failed := l.fetchLine(); text != "" {
			style := st.Value
			if failed {
				style = st.Error
			}
			second = style.Render(clip(text, l.w))
		}
		lines = append(lines, st.Warn.Render(clip(l.countLine(), l.w)), second)
		if hint := l.noneHint(); hint != "" {
			lines = append(lines, st.Muted.Render(wrap.Render(hint)))
		}
	case l.state == lookupFound:
		lines = append(lines, st.Muted.Render(clip(l.countLine(), l.w)), st.Warn.Render(clip(l.filterWarning(), l.w)))
	default:
		lines = append(lines, st.Muted.Render(wrap.Render(l.idleHint())))
	}
	if !l.listShown() {
		return strings.Join(lines, "\n")
	}
	lines = append(lines, l.table.view(st))
	if i := l.table.cursor; i >= 0 && i < len(l.res.Hits) {
		h := l.res.Hits[i]
		lines = append(lines, st.Value.Render(clip("▸ "+l.table.rows[i][cellName], l.w)))
		if ar := arabicText(h); ar != "" {
			lines = append(lines, clip("  "+ar, l.w))
		}
	}
	return strings.Join(lines, "\n")
}

// countLine says how many members the list shows, for what, with which
// filters, and how to narrow a list that was cut.
func (l *lookupScreen) countLine() string {
	c := l.sh.cat
	q := safe(strings.TrimSpace(l.shown.typed))
	n := len(l.res.Hits)
	f := ""
	if parts := l.activeFilters(); len(parts) > 0 {
		f = c.T("tui.search.filters", strings.Join(parts, " · "))
	}
	switch {
	case n == 0:
		return c.T("tui.search.none", q, f)
	case l.res.More:
		return c.T("tui.search.count_more", i18n.Count(n), q, f, l.sh.keyLabel("filters"))
	case n == 1:
		return c.T("tui.search.count_one", q, f)
	}
	return c.T("tui.search.count", i18n.Count(n), q, f)
}

// activeFilters are the filters the service read from the query (typed
// in the field or put there by the bar).
func (l *lookupScreen) activeFilters() []string {
	c, f := l.sh.cat, l.res.Filters
	var parts []string
	if f.BirthYear != 0 {
		parts = append(parts, c.T("tui.search.filter.born", strconv.Itoa(f.BirthYear)))
	}
	if d := f.BirthDate; len(d) == 8 {
		parts = append(parts, c.T("tui.search.filter.born", d[:4]+"-"+d[4:6]+"-"+d[6:]))
	}
	if f.City != "" {
		parts = append(parts, safe(f.City))
	}
	if f.Society != "" {
		parts = append(parts, safe(f.Society))
	}
	return parts
}

// filterWarning names the bar's filters that the service did not read as
// filters (an unknown city or society code, a birth that is no year or
// date): it searched them as name words.
func (l *lookupScreen) filterWarning() string {
	if !l.shown.filtered {
		return ""
	}
	c, f, bar := l.sh.cat, l.res.Filters, l.shown.bar
	var bad []string
	if bar[filterBorn] != "" && f.BirthYear == 0 && f.BirthDate == "" {
		bad = append(bad, c.T("tui.filter.bad_born", safe(bar[filterBorn])))
	}
	if bar[filterCity] != "" && f.City == "" {
		bad = append(bad, c.T("tui.filter.bad_city", safe(bar[filterCity])))
	}
	if bar[filterSociety] != "" && !strings.EqualFold(f.Society, bar[filterSociety]) {
		bad = append(bad, c.T("tui.filter.bad_society", safe(bar[filterSociety])))
	}
	if len(bad) == 0 {
		return ""
	}
	return strings.Join(bad, " ") + " " + c.T("tui.filter.bad_hint")
}

// capitalise upper-cases the first letter of a message.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
