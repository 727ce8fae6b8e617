package tui

// Empty states: a screen with nothing to show says why and what to do.

import "charm.land/lipgloss/v2"

// neverSynced reports a console linked to a centre that has not synced
// yet: it holds no members until the first sync.
func (sh *shared) neverSynced() bool {
	return sh.syncKnown && sh.sync.Provisioned && sh.sync.LastGoodSync.IsZero()
}

// idleHint stands under an empty query: how to tell homonyms apart, or
// why a fresh console finds nobody.
func (l *lookupScreen) idleHint() string {
	if l.sh.neverSynced() {
		return l.sh.cat.T("tui.lookup.never_synced", l.sh.keyLabel("sync"))
	}
	return l.sh.cat.T("tui.lookup.idle", l.sh.keyLabel("filters"))
}

// noneHint follows "no member matches": what else to try. The offer to
// ask the centre, when there is one, says it already.
func (l *lookupScreen) noneHint() string {
	c := l.sh.cat
	switch {
	case l.sh.neverSynced():
		return c.T("tui.lookup.never_synced", l.sh.keyLabel("sync"))
	case nameLike(l.shown.typed):
		return c.T("tui.lookup.none_name")
	}
	if text, _ := l.fetchLine(); text != "" {
		return ""
	}
	return c.T("tui.lookup.none_id")
}

// requestsEmptyHint follows an empty list of requests, wrapped to w:
// where decisions come from, or how to record a change.
func requestsEmptyHint(sh *shared, queue bool, w int) string {
	text := sh.cat.T("tui.mine.empty_hint", sh.keyLabel("change_address"))
	if queue {
		text = sh.cat.T("tui.queue.empty_hint")
	}
	return sh.styles.Muted.Render(lipgloss.NewStyle().Width(max(w, 1)).Render(text))
}
