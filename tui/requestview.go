package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// addressField is one part of an address, as the request view compares
// them: label, old value, new value (printable).
type addressField struct {
	label, old, new string
}

// compareAddresses lines two printable versions of an address up, part by
// part.
func compareAddresses(sh *shared, old, req domain.AddressInput) []addressField {
	c := sh.cat
	f := func(key, o, n string) addressField {
		return addressField{c.T(key), strings.TrimSpace(o), strings.TrimSpace(n)}
	}
	return []addressField{
		f("tui.addr.field.line1", old.Line1, req.Line1),
		f("tui.addr.field.line2", old.Line2, req.Line2),
		f("tui.addr.field.quarter", old.Quarter, req.Quarter),
		f("tui.addr.field.city", old.City, req.City),
		f("tui.addr.field.postal_code", old.PostalCode, req.PostalCode),
		f("tui.addr.field.province", old.Province, req.Province),
		f("tui.addr.field.line_ar", old.LineAr, req.LineAr),
	}
}

// differs compares two parts of an address as people read them: case and
// spacing aside.
func (a addressField) differs() bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return norm(a.old) != norm(a.new)
}

// sideBySideMin is the narrowest width at which old and new stand side by
// side; below it they stack.
const sideBySideMin = 64

// compareColumnMax caps each side of the comparison on a wide terminal, so
// that the eye does not travel across the screen from old to new.
const compareColumnMax = 48

// lines renders the request at width w: what it is and where it stands,
// what stops a decision (own request, conflict), the two addresses, the
// evidence, the history of decisions; nil until the request came.
func (s *requestScreen) lines(w int) []string {
	if s.detail == nil {
		return nil
	}
	st, c := s.sh.styles, s.sh.cat
	d := s.detail
	r := d.Request
	t := &pageText{w: w}
	add, wrapped := t.add, t.wrapped
	state := s.sh.stateName(r.State)
	stateStyle := st.Warn
	switch r.State {
	case domain.RequestApproved:
		stateStyle = st.OK
	case domain.RequestRejected, domain.RequestCancelled:
		stateStyle = st.Muted
	}
	add(st.Title.Render(c.T("tui.request.heading", r.Ref)) + "  " + stateStyle.Render(state))
	add(st.Value.Render(c.T("tui.request.member", orDash(r.MemberName), r.RegNo)))
	add(st.Muted.Render(c.T("tui.request.recorded", r.RequestedBy, s.sh.stamp(r.RequestedAt), s.sh.age(r.RequestedAt), orDash(r.Branch))))
	switch r.State {
	case domain.RequestApproved:
		add(st.OK.Render(c.T("tui.request.decided_approved", r.DecidedBy, s.sh.stamp(r.DecidedAt))))
	case domain.RequestRejected:
		add(st.Muted.Render(c.T("tui.request.decided_rejected", r.DecidedBy, s.sh.stamp(r.DecidedAt))))
		reason := r.DecisionReason
		if r.DecisionReason == service.ReasonVersionConflict {
			reason = c.T("tui.request.closed_by_conflict")
		}
		wrapped(st.Value, c.T("tui.request.decision_reason", reason))
	case domain.RequestCancelled:
		add(st.Muted.Render(c.T("tui.request.decided_cancelled", r.DecidedBy, s.sh.stamp(r.DecidedAt))))
	}

	// What stops or awaits a decision, before anything else.
	switch {
	case s.acting != 0:
		add(st.Muted.Render(c.T("tui.request.deciding")))
	case s.errText != "":
		wrapped(st.Error, s.errText)
	}
	if s.inConflict() {
		wrapped(st.Error, c.Error(domain.ErrVersionConflict))
		wrapped(st.Error, c.T("tui.request.versions", r.BaseVersion, d.MemberVersion))
	}
	if s.isPending() {
		switch {
		case s.mine() && s.sh.canDecide():
			wrapped(st.Warn, c.Error(domain.ErrOwnRequest))
			wrapped(st.Muted, c.T("tui.request.own_cancel"))
		case s.mine():
			wrapped(st.Muted, c.T("tui.request.awaiting_own"))
		case !s.sh.canDecide():
			wrapped(st.Muted, c.T("tui.request.awaiting"))
		}
	}

	add("")
	var cur domain.AddressInput
	if a := d.CurrentAddress; a != nil {
		cur = a.Input()
	}
	fields := compareAddresses(s.sh, cur, r.Address)
	t.out = append(t.out, s.addressLines(fields, w)...)
	for _, text := range s.warnings { // the agent confirmed these: the supervisor checks them too
		wrapped(st.Warn, c.T("tui.request.warning", text))
	}

	add("", st.Section.Render(c.T("tui.addr.evidence")))
	e := r.Evidence // its CIN comes masked: the full CIN is for the member file only
	t.out = append(t.out, evidenceLines(s.sh, e, len(e.Scans), w)...)
	if x := r.Exception; x != nil {
		missing := make([]string, len(x.Missing))
		for i, m := range x.Missing {
			missing[i] = s.sh.evidenceName(m)
		}
		wrapped(st.Warn, c.T("tui.request.exception", x.GrantedBy, strings.Join(missing, ", ")))
		wrapped(st.Value, c.T("tui.request.exception_reason", x.Reason))
	}
	return t.out
}

// addressLines shows the current and the requested address side by side.
func (s *requestScreen) addressLines(fields []addressField, w int) []string {
	c := s.sh.cat
	d := s.detail
	heads := addressHeads{old: c.T("tui.request.current", d.MemberVersion),
		new:   c.T("tui.request.requested", d.Request.BaseVersion),
		oldAr: c.T("tui.request.arabic_current"), newAr: c.T("tui.request.arabic_requested")}
	if d.CurrentAddress == nil {
		heads.old = c.T("tui.request.no_current")
	}
	return sideBySide(s.sh, fields, heads, w)
}

// addressHeads are the headings of a comparison: its two columns and the
// two Arabic lines.
type addressHeads struct{ old, new, oldAr, newAr string }

// sideBySide shows two versions of an address side by side (label, old,
// new), or one under the other on a narrow terminal. A part that changes
// is marked (≠) and highlighted. The last field is the Arabic line: it
// never shares a line with Latin columns but stands alone under its own
// label.
func sideBySide(sh *shared, fields []addressField, heads addressHeads, w int) []string {
	st := sh.styles
	latin, arabic := fields[:len(fields)-1], fields[len(fields)-1]
	lw := 0
	for _, f := range fields {
		lw = max(lw, ansi.StringWidth(f.label))
	}
	lw = min(lw, 16)
	oldHead, newHead := heads.old, heads.new
	mark := func(f addressField) string {
		if f.differs() {
			return st.Changed.Render("≠ ")
		}
		return "  "
	}
	val := func(f addressField, v string, width int) string {
		if f.differs() {
			return st.Changed.Render(pad(orDash(v), width))
		}
		return pad(orDash(v), width)
	}
	var out []string
	if w >= sideBySideMin {
		colW := min((w-2-lw-4)/2, compareColumnMax)
		out = append(out, st.Section.Render(pad("  "+pad("", lw)+"  "+clip(oldHead, colW), 2+lw+2+colW)+"  "+clip(newHead, colW)))
		for _, f := range latin { // a long value wraps within its column
			olds := strings.Split(ansi.Wrap(orDash(f.old), colW, " ,"), "\n")
			news := strings.Split(ansi.Wrap(orDash(f.new), colW, " ,"), "\n")
			for i := 0; i < max(len(olds), len(news)); i++ {
				head := mark(f) + st.Label.Render(pad(f.label, lw))
				if i > 0 {
					head = strings.Repeat(" ", 2+lw)
				}
				o, n := "", ""
				if i < len(olds) {
					o = strings.TrimSpace(olds[i])
				}
				if i < len(news) {
					n = strings.TrimSpace(news[i])
				}
				nv := pad(n, colW)
				if f.differs() {
					nv = st.Changed.Render(nv)
				}
				out = append(out, head+"  "+pad(o, colW)+"  "+nv)
			}
		}
	} else {
		for i, head := range []string{oldHead, newHead} {
			out = append(out, st.Section.Render(clip(head, w)))
			for _, f := range latin {
				v := pad(orDash(f.old), w-4-lw)
				if i == 1 {
					v = val(f, f.new, w-4-lw)
				}
				out = append(out, clip(mark(f)+st.Label.Render(pad(f.label, lw))+"  "+v, w))
			}
		}
	}
	if arabic.old != "" || arabic.new != "" {
		out = append(out, clip(mark(arabic)+st.Label.Render(heads.oldAr), w))
		out = append(out, clip("    "+orDash(arabic.old), w))
		label := st.Label.Render(heads.newAr)
		if arabic.differs() {
			label = st.Changed.Render(heads.newAr)
		}
		out = append(out, clip(mark(arabic)+label, w))
		out = append(out, clip("    "+orDash(arabic.new), w))
	}
	return out
}
