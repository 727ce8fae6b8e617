package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
)

// labelWidth is the width of the label column of the address fields.
func (f *addressForm) labelWidth() int {
	n := 0
	for _, i := range []formField{fLine1, fLine2, fQuarter, fCity, fPostal, fProvince, fScans} {
		n = max(n, ansi.StringWidth(f.sh.cat.T(formFields[i].label)))
	}
	for _, i := range []formField{fCINRead, fFormNo} {
		n = max(n, ansi.StringWidth(f.sh.cat.T(formFields[i].label))+4) // indented 4 more
	}
	return min(n+1, max(f.w/3, 8))
}

func (f *addressForm) View() string {
	var body string
	switch f.step {
	case stepReview:
		body = f.reviewView()
	case stepDone:
		body = f.doneView()
	default:
		body = f.editView()
	}
	if f.dlg != nil {
		return overlay(body, f.dlg.box(f.w), f.w, f.h)
	}
	return body
}

// heading names the member the change is for.
func (f *addressForm) heading(key string) string {
	st := f.sh.styles
	return st.Title.Render(clip(f.sh.cat.T(key, f.member.Name, f.member.RegNo), f.w))
}

// editView lays the form out one field a line; the Arabic line has a line
// of its own under its label. When the terminal is too short, the lines
// scroll to keep the focused field in view.
func (f *addressForm) editView() string {
	st, c := f.sh.styles, f.sh.cat
	lw := f.labelWidth()
	var lines []string
	focusLine := 0
	label := func(i formField, w int) string {
		text := c.T(formFields[i].label)
		s := st.Label
		switch {
		case f.errField == i:
			s, text = st.Error, "! "+text
		case f.focus == i:
			s = st.Focus
		}
		return s.Render(pad(text, w))
	}
	field := func(i formField, indent, w int) {
		if i == f.focus {
			focusLine = len(lines)
		}
		lines = append(lines, clip(strings.Repeat(" ", indent)+label(i, w)+f.inputs[i].View(), f.w))
	}
	tick := func(i formField) {
		if i == f.focus {
			focusLine = len(lines)
		}
		box := "[ ] "
		if f.ticks[i] {
			box = "[✓] "
		}
		text := box + c.T(formFields[i].label)
		s := st.Value
		switch {
		case i == f.focus:
			s = st.Focus
		case f.errField == i:
			s = st.Error
		}
		lines = append(lines, "  "+s.Render(clip(text, f.w-2)))
	}

	lines = append(lines, st.Section.Render(clip(c.T("tui.addr.new_address"), f.w)))
	for _, i := range []formField{fLine1, fLine2, fQuarter, fCity} {
		field(i, 2, lw)
	}
	if f.focus == fCity && len(f.cities) > 0 {
		lines = append(lines, f.suggestionLine(lw))
	}
	field(fPostal, 2, lw)
	field(fProvince, 2, lw)
	lines = append(lines, "  "+label(fLineAr, f.w-2))
	field(fLineAr, 4, 0) // Arabic: alone on its line, after indentation only

	lines = append(lines, "", st.Section.Render(clip(c.T("tui.addr.evidence"), f.w)))
	tick(fCardSeen)
	tick(fCINSeen)
	field(fCINRead, 6, lw-4)
	tick(fFormSeen)
	field(fFormNo, 6, lw-4)
	field(fScans, 2, lw)

	head := f.heading("tui.addr.heading")
	foot := st.Muted.Render(clip(c.T("tui.addr.edit_hint", f.sh.keyLabel("review")), f.w))
	switch {
	case f.pending != 0:
		foot = st.Muted.Render(clip(c.T("tui.addr.checking"), f.w))
	case f.errText != "":
		foot = st.Error.Render(clip(f.errText, f.w))
	}
	room := max(f.h-2, 1)
	off := 0
	if focusLine >= room-1 {
		off = min(focusLine-room+2, max(len(lines)-room, 0))
	}
	lines = lines[off:min(off+room, len(lines))]
	return strings.Join(append(append([]string{head}, lines...), foot), "\n")
}

// suggestionLine lists the reference cities that fit the typed text, the
// one tab accepts highlighted, under the city field.
func (f *addressForm) suggestionLine(lw int) string {
	st := f.sh.styles
	var parts []string
	for i, c := range f.cities {
		s := safe(c.Name + " " + c.PostalCode)
		if i == f.city {
			s = st.Focus.Render(s)
		} else {
			s = st.Muted.Render(s)
		}
		parts = append(parts, s)
	}
	prefix := strings.Repeat(" ", 2+lw+2)
	return clip(prefix+strings.Join(parts, st.Muted.Render(" · "))+st.Muted.Render("  "+f.sh.cat.T("tui.addr.suggest_hint")), f.w)
}

// addressLines renders an address for people: one line per part, the
// postal code before the city; the Arabic line is returned apart (it is
// printed on a line of its own).
func addressText(line1, line2, quarter, postal, city, province string) []string {
	var out []string
	for _, l := range []string{line1, line2, quarter, joinNonEmpty(" ", postal, city), province} {
		if l = safe(strings.TrimSpace(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (f *addressForm) reviewView() string {
	st, c := f.sh.styles, f.sh.cat
	a := f.clean
	lines := []string{f.heading("tui.addr.review_heading")}
	// What happens (or went wrong) comes first: it must never fall off the
	// bottom of a short terminal.
	switch {
	case f.pending != 0:
		lines = append(lines, st.Muted.Render(clip(c.T("tui.addr.submitting"), f.w)))
	case f.errText != "":
		for _, l := range strings.Split(lipgloss.NewStyle().Width(max(f.w, 1)).Render(f.errText), "\n") {
			lines = append(lines, st.Error.Render(strings.TrimRight(l, " ")))
		}
	}
	lines = append(lines, st.Section.Render(clip(c.T("tui.addr.new_address"), f.w)))
	for _, l := range addressText(a.Line1, a.Line2, a.Quarter, a.PostalCode, a.City, a.Province) {
		lines = append(lines, clip("  "+l, f.w))
	}
	if ar := safe(a.LineAr); ar != "" {
		lines = append(lines, clip("  "+ar, f.w))
	}
	wrap := lipgloss.NewStyle().Width(max(f.w-4, 1))
	if len(f.warnings) > 0 {
		lines = append(lines, st.Section.Render(clip(c.T("tui.addr.warnings"), f.w)))
		for _, w := range f.warnings {
			text := c.T(w.Key, w.Args...)
			if i := fieldNamed(w.Field); i != noField {
				text = c.Labelled(c.T(formFields[i].label), text)
			}
			for _, l := range strings.Split(wrap.Render(safe(text)), "\n") {
				lines = append(lines, "  "+st.Warn.Render(strings.TrimRight(l, " ")))
			}
		}
		box := "[ ] " + c.T("tui.addr.confirm_box", f.sh.keyLabel("confirm_warnings"))
		s := st.Focus
		if f.confirmed {
			box, s = "[✓] "+c.T("tui.addr.confirmed"), st.OK
		}
		lines = append(lines, "  "+s.Render(clip(box, f.w-2)))
	}
	lines = append(lines, st.Section.Render(clip(c.T("tui.addr.evidence"), f.w)))
	lines = append(lines, evidenceLines(f.sh, f.evidence, len(f.scanPaths()), f.w)...)
	if len(f.missing) > 0 {
		names := make([]string, len(f.missing))
		for i, m := range f.missing {
			names[i] = f.sh.evidenceName(m)
		}
		for _, l := range strings.Split(wrap.Render(c.T("tui.addr.missing", strings.Join(names, ", "))), "\n") {
			lines = append(lines, "  "+st.Warn.Render(strings.TrimRight(l, " ")))
		}
	}
	return strings.Join(lines, "\n")
}

// evidenceLines renders the evidence: each document seen or not, the CIN
// read off the copy, the form's number, how many scans; in two columns
// when the width allows.
func evidenceLines(sh *shared, e domain.Evidence, scans, w int) []string {
	st, c := sh.styles, sh.cat
	mark := func(ok bool, text string) string {
		if ok {
			return st.OK.Render("✓") + " " + text
		}
		return st.Warn.Render("✗") + " " + text
	}
	cin := c.T("tui.evidence.cin_copy")
	if e.CINReadOffCopy != "" {
		cin = c.T("tui.evidence.cin_read", safe(e.CINReadOffCopy))
	}
	form := c.T("tui.evidence.signed_form")
	if e.FormNumber != "" {
		form = c.T("tui.evidence.form_number", safe(e.FormNumber))
	}
	scanText := c.T("tui.evidence.no_scans")
	if scans > 0 {
		scanText = c.T("tui.evidence.scans", scans)
	}
	items := []string{mark(e.RegistrationCardCopy, c.T("tui.evidence.registration_card_copy")),
		mark(e.CINCopy, cin), mark(e.SignedForm, form), st.Muted.Render(scanText)}
	left := max(ansi.StringWidth(items[0]), ansi.StringWidth(items[1]))
	right := max(ansi.StringWidth(items[2]), ansi.StringWidth(items[3]))
	if 2+left+3+right <= w {
		return []string{"  " + pad(items[0], left) + "   " + items[2], "  " + pad(items[1], left) + "   " + items[3]}
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = clip("  "+it, w)
	}
	return out
}

func (f *addressForm) doneView() string {
	st, c := f.sh.styles, f.sh.cat
	bw := min(f.w, 64)
	inner := max(bw-st.Box.GetHorizontalFrameSize(), 1)
	wrap := lipgloss.NewStyle().Width(inner)
	lines := []string{
		st.Section.Render(clip(c.T("tui.addr.done_title"), inner)), "",
		st.Ref.Render(wrap.Render(c.T("tui.addr.done_reference", f.ref))), "",
		wrap.Render(c.T("tui.addr.done_next", f.member.Name)), "",
	}
	switch {
	case f.receiptReq != 0:
		lines = append(lines, st.Muted.Render(wrap.Render(c.T("tui.receipt.printing"))))
	case f.receiptFailed:
		lines = append(lines, st.Error.Render(wrap.Render(f.receiptText)))
	case f.receiptText != "":
		lines = append(lines, st.OK.Render(wrap.Render(f.receiptText)))
	}
	lines = append(lines, "", st.Muted.Render(wrap.Render(c.T("tui.addr.done_back", f.sh.keyLabel("reprint")))))
	box := st.Box.Width(bw).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(f.w, f.h, lipgloss.Center, lipgloss.Center, box)
}
