package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// lines renders the entry at width w: what it is and where it stands, the
// centre's answer, what can be done, and for a conflict both versions of
// the member's record side by side.
func (s *syncEntryScreen) lines(w int) []string {
	st, c := s.sh.styles, s.sh.cat
	e := s.entry
	t := &pageText{w: w}
	add, wrapped := t.add, t.wrapped
	stateStyle := st.Warn
	switch {
	case s.gone:
		stateStyle = st.OK
	case e.State == service.EntrySetAside:
		stateStyle = st.Error
	case e.State == service.EntryDiscarded:
		stateStyle = st.Muted
	}
	state := entryState(s.sh, e)
	if s.gone {
		state = c.T("tui.sync.state.gone")
	}
	add(st.Title.Render(c.T("tui.sync.entry.heading", e.Seq, entryKind(s.sh, e)))+"  "+stateStyle.Render(state),
		clip(linkLine(s.sh), w))
	if e.IsPasswordChange() {
		add(st.Value.Render(c.T("tui.sync.entry.password", e.Username)))
	} else {
		add(st.Value.Render(c.T("tui.request.member", orDash(e.MemberName), orDash(e.RegNo))))
	}
	if e.Reference != "" {
		add(st.Value.Render(c.T("tui.sync.entry.request", e.Reference)))
	}
	add(st.Muted.Render(c.T("tui.sync.entry.queued", s.sh.stamp(e.CreatedAt), s.sh.age(e.CreatedAt), e.Attempts)))

	// Where it stands and what can be done, before the details.
	switch {
	case s.acting != 0:
		add(st.Muted.Render(c.T("tui.sync.acting")))
	case s.errText != "":
		wrapped(st.Error, s.errText)
	}
	switch {
	case s.gone:
		wrapped(st.OK, c.T("tui.sync.entry.gone"))
	case e.State == service.EntryDiscarded:
		wrapped(st.Muted, c.T("tui.sync.entry.discarded", s.sh.stamp(e.SettledAt), e.DiscardReason))
	case e.State == service.EntrySetAside:
		key := "tui.sync.entry.refused"
		if e.IsConflict() {
			key = "tui.sync.entry.conflict"
		}
		wrapped(st.Error, c.T(key, answerText(s.sh, e)))
		if le := e.LastError; le != "" && le != e.Reason {
			wrapped(st.Muted, c.T("tui.sync.last_error", le))
		}
		s.todo(wrapped)
	default:
		wrapped(st.Muted, entryReason(s.sh, e))
	}

	switch {
	case e.Conflict != nil:
		add("", st.Section.Render(c.T("tui.sync.entry.versions")))
		t.out = append(t.out, conflictLines(s.sh, *e.Conflict, w)...)
		if e.Address != nil {
			add("", st.Section.Render(c.T("tui.sync.entry.approved_here")))
			t.out = append(t.out, entryAddress(*e.Address, w)...)
		}
	case e.Address != nil:
		add("", st.Section.Render(c.T("tui.sync.entry.address")))
		t.out = append(t.out, entryAddress(*e.Address, w)...)
	}
	return t.out
}

// todo says what can be done with a set-aside entry, and by whom.
func (s *syncEntryScreen) todo(wrapped func(lipgloss.Style, string)) {
	st, c := s.sh.styles, s.sh.cat
	switch {
	case !s.canManage():
		wrapped(st.Muted, c.T("tui.sync.entry.supervisor_only"))
	case s.entry.Resolvable():
		wrapped(st.Value, c.T("tui.sync.entry.resolve_hint", s.sh.keyLabel("resolve_conflict"), s.sh.keyLabel("discard_entry")))
	default:
		wrapped(st.Value, c.T("tui.sync.entry.retry_hint", s.sh.keyLabel("retry_entry"), s.sh.keyLabel("discard_entry")))
	}
}

// conflictLines put the member's record here and at the centre side by
// side: name, status, whether the address is verified (a returned letter
// changes only that) and the current address, a part that differs marked.
func conflictLines(sh *shared, cf service.SyncConflict, w int) []string {
	c := sh.cat
	addr := func(r service.MemberRecord) domain.AddressInput {
		if r.Address == nil {
			return domain.AddressInput{}
		}
		return *r.Address
	}
	status := func(r service.MemberRecord) string { return translated(sh, "tui.member_status.", r.Status) }
	verified := func(r service.MemberRecord) string {
		switch {
		case r.Address == nil:
			return ""
		case r.Verified:
			return c.T("tui.address.verified")
		}
		return c.T("tui.address.unverified")
	}
	fields := append([]addressField{
		{c.T("tui.sync.field.name"), cf.Local.Name, cf.Centre.Name},
		{c.T("tui.member.status"), status(cf.Local), status(cf.Centre)},
		{c.T("tui.sync.field.address"), verified(cf.Local), verified(cf.Centre)},
	}, compareAddresses(sh, addr(cf.Local), addr(cf.Centre))...)
	heads := addressHeads{old: c.T("tui.sync.version_here", cf.Local.Version),
		new:   c.T("tui.sync.version_centre", cf.Centre.Version),
		oldAr: c.T("tui.sync.arabic_here"), newAr: c.T("tui.sync.arabic_centre")}
	return sideBySide(sh, fields, heads, w)
}

// entryAddress is an address an entry carries, one part a line; the
// Arabic line stands on its own.
func entryAddress(a domain.AddressInput, w int) []string {
	var out []string
	for _, l := range append(addressText(a.Line1, a.Line2, a.Quarter, a.PostalCode, a.City, a.Province), a.LineAr) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, clip("  "+l, w))
		}
	}
	return out
}
