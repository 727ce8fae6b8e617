package tui

import (
	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// The words of the Sync screens for an entry. The entries are printable
// already: they came through safeEntry.

// safeEntry passes every text of an entry through safe (its id, which
// only goes back to the service, aside).
func safeEntry(e service.SyncEntry) service.SyncEntry {
	for _, p := range []*string{&e.Kind, &e.RegNo, &e.MemberName, &e.Reference, &e.Username, &e.State,
		&e.Answer, &e.Reason, &e.Field, &e.LastError, &e.DiscardReason} {
		*p = safe(*p)
	}
	if e.Address != nil {
		a := safeAddress(*e.Address)
		e.Address = &a
	}
	if cf := e.Conflict; cf != nil {
		e.Conflict = &service.SyncConflict{Local: safeRecord(cf.Local), Centre: safeRecord(cf.Centre)}
	}
	return e
}

func safeRecord(r service.MemberRecord) service.MemberRecord {
	r.Name, r.Status = safe(r.Name), safe(r.Status)
	if r.Address != nil {
		a := safeAddress(*r.Address)
		r.Address = &a
	}
	return r
}

// entryKind names what an entry carries.
func entryKind(sh *shared, e service.SyncEntry) string {
	return translated(sh, "tui.sync.kind.", e.Kind)
}

// entryWho names the member an entry is about, or the account of a
// password change (its username, nothing of the password).
func entryWho(sh *shared, e service.SyncEntry) string {
	switch {
	case e.IsPasswordChange():
		return sh.cat.T("tui.sync.account", e.Username)
	case e.MemberName != "":
		return e.MemberName
	}
	return orDash(e.RegNo)
}

// entryState says where an entry stands; a set-aside entry says whether
// the centre refused it or found it in conflict.
func entryState(sh *shared, e service.SyncEntry) string {
	if e.State == service.EntrySetAside && e.IsConflict() {
		return sh.cat.T("tui.sync.state.conflict")
	}
	return translated(sh, "tui.sync.state.", e.State)
}

// entryReason is why an entry is where it is: the centre's reason,
// translated, for one set aside; the supervisor's for one discarded.
func entryReason(sh *shared, e service.SyncEntry) string {
	c := sh.cat
	switch {
	case e.State == service.EntryDiscarded:
		return c.T("tui.sync.discarded_because", e.DiscardReason)
	case e.State == service.EntrySetAside:
		return answerText(sh, e)
	case e.Deferred():
		return c.T("tui.sync.deferred")
	case e.Answer != "": // refused before, then retried
		return c.T("tui.sync.retried_pending", answerText(sh, e))
	}
	return c.T("tui.sync.waiting")
}

// answerText is the centre's reason, in words, with the field it is
// about.
func answerText(sh *shared, e service.SyncEntry) string {
	c := sh.cat
	reason := e.Reason
	if c.Has(e.Reason) {
		reason = c.T(e.Reason)
	}
	if reason == "" {
		reason = c.T("tui.sync.no_reason")
	}
	if e.Field == "" {
		return reason
	}
	return sh.cat.Labelled(translated(sh, "field.", e.Field), reason)
}

// linkLine is the link's state in words, for the top of the Sync screens.
func linkLine(sh *shared) string {
	st, c, s := sh.styles, sh.cat, sh.sync
	switch {
	case !sh.syncKnown:
		return st.Muted.Render(c.T("tui.sync.link.unknown"))
	case !s.Provisioned:
		return st.Muted.Render(c.T("tui.sync.link.standalone"))
	case s.UpdateNeeded:
		return st.Error.Render(c.T("tui.sync.link.update_needed"))
	}
	link := st.OK.Render(c.T("tui.sync.link.online"))
	if !s.Online {
		link = st.Warn.Render(c.T("tui.sync.link.offline"))
	}
	when := c.T("tui.sync.link.never")
	if !s.LastGoodSync.IsZero() {
		when = c.T("tui.sync.link.synced", sh.stamp(s.LastGoodSync))
	}
	aside := st.Value.Render(c.T("tui.sync.set_aside", i18n.Count(s.SetAside)))
	if s.SetAside > 0 {
		aside = st.Error.Render(c.T("tui.sync.set_aside", i18n.Count(s.SetAside)))
	}
	return link + " · " + c.T("tui.sync.pending", i18n.Count(s.Pending)) + " · " + aside + " · " + when
}

// countLine counts the entries listed by state.
func countLine(sh *shared, list []service.SyncEntry) string {
	var pending, aside, discarded int
	for _, e := range list {
		switch e.State {
		case service.EntryPending:
			pending++
		case service.EntrySetAside:
			aside++
		case service.EntryDiscarded:
			discarded++
		}
	}
	if len(list) == 1 {
		return sh.cat.T("tui.sync.count_one", i18n.Count(pending), i18n.Count(aside), i18n.Count(discarded))
	}
	return sh.cat.T("tui.sync.count", i18n.Count(len(list)), i18n.Count(pending), i18n.Count(aside), i18n.Count(discarded))
}

// progressBar draws how far a pass's phase has come, w cells wide with
// its percentage (a static frame: the status reads drive it, no
// animation runs).
func progressBar(sh *shared, w int, p service.SyncProgress) string {
	st := sh.styles
	bar := progress.New(progress.WithWidth(w), progress.WithFillCharacters('█', '░'),
		progress.WithColors(st.OK.GetForeground()))
	bar.EmptyColor = st.Muted.GetForeground()
	bar.PercentFormat = " %.0f%%"
	return bar.ViewAs(float64(p.Done) / float64(max(p.Total, 1)))
}

// syncHintLine is the Sync screen's second line: the pass under way and
// its bar, else the last error, else what to do on a console that never
// synced, else how set-aside entries behave.
func syncHintLine(sh *shared, w int) string {
	st, c, s := sh.styles, sh.cat, sh.sync
	switch {
	case s.Progress != nil:
		p := *s.Progress
		text := c.T("tui.sync.progress."+string(p.Phase)+"_line", i18n.Count(p.Done), i18n.Count(p.Total)) + "  "
		room := w - ansi.StringWidth(text)
		if room < 12 {
			return st.Value.Render(clip(text, w))
		}
		return st.Value.Render(text) + progressBar(sh, min(room, 40), p)
	case s.LastError != "":
		return st.Warn.Render(clip(c.T("tui.sync.last_error", s.LastError), w))
	case sh.syncKnown && !s.Provisioned:
		return st.Muted.Render(clip(c.T("tui.sync.standalone_hint"), w))
	case sh.syncKnown && s.LastGoodSync.IsZero():
		return st.Muted.Render(clip(c.T("tui.sync.never_hint"), w))
	}
	return st.Muted.Render(clip(c.T("tui.sync.hint"), w))
}
