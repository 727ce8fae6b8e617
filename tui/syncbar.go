package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// SyncChangedMsg tells the console that the link's state changed (the sync
// engine finished a pass, an entry was retried or discarded): the status
// bar reads it again at once instead of at the next tick. cmd/guichet
// sends it from the engine; screens emit it after their own changes.
type SyncChangedMsg struct{}

// syncTickMsg reads the link's state again; ticks of an older timer are
// void.
type syncTickMsg struct{ gen uint64 }

// syncStatusMsg answers the status read req.
type syncStatusMsg struct {
	req uint64
	st  service.SyncStatus
}

// syncEvery is how often the status bar reads the link's state;
// syncEveryBusy while a pass shows its progress, so the bar moves.
const (
	syncEvery     = 2 * time.Second
	syncEveryBusy = 300 * time.Millisecond
)

// armSync reads the link's state now and schedules the next read: one
// timer at a time, since a new one voids the one before.
func (m *Model) armSync() tea.Cmd {
	m.syncGen++
	every := syncEvery
	if m.sh.sync.Progress != nil {
		every = syncEveryBusy
	}
	return tea.Batch(m.readSync(), m.sh.after(every, syncTickMsg{gen: m.syncGen}))
}

// readSync asks the service for the link's state (it may count entries in
// the database: never on the Update goroutine).
func (m *Model) readSync() tea.Cmd {
	req := m.sh.nextReq()
	svc := m.sh.svc
	return func() tea.Msg { return syncStatusMsg{req: req, st: svc.SyncStatus()} }
}

func (m *Model) onSyncTick(msg syncTickMsg) tea.Cmd {
	if msg.gen != m.syncGen {
		return nil
	}
	return m.armSync()
}

// onSyncStatus keeps the newest state read, its last error made
// printable: an older read that answers late is dropped.
func (m *Model) onSyncStatus(msg syncStatusMsg) {
	if msg.req < m.syncSeen {
		return
	}
	m.syncSeen = msg.req
	msg.st.LastError = safe(msg.st.LastError)
	m.sh.sync, m.sh.syncKnown = msg.st, true
}

// syncSegments render the link's state for the status bar, longest
// first: "online · 3 pending · 1 set aside · synced 14:32", the same
// without "synced", and "online 3↑ 1✗ 14:32"; while a pass shows its
// progress, a bar takes the place of the last sync. Set-aside entries
// stand out; nothing shows until the first read.
func (m *Model) syncSegments() []string {
	if !m.sh.syncKnown {
		return []string{""}
	}
	st, c, s := m.sh.styles, m.sh.cat, m.sh.sync
	base := st.NoticeInfo
	sp := base.Render(" ")
	switch {
	case !s.Provisioned:
		return []string{sp + st.Muted.Inherit(base).Render(c.T("tui.sync.standalone")) + sp}
	case s.UpdateNeeded:
		return []string{sp + st.NoticeFailed.Render(c.T("tui.sync.update_needed")) + sp}
	}
	link := st.OK.Inherit(base).Render(c.T("tui.sync.online"))
	if !s.Online {
		link = st.Warn.Inherit(base).Render(c.T("tui.sync.offline"))
	}
	aside := func(key string) string {
		if s.SetAside > 0 {
			return st.NoticeFailed.Render(c.T(key, i18n.Count(s.SetAside)))
		}
		return base.Render(c.T(key, i18n.Count(s.SetAside)))
	}
	when, clock := c.T("tui.sync.never"), c.T("tui.sync.never_short")
	if t := s.LastGoodSync; !t.IsZero() {
		clock = c.Clock(t)
		if y, mo, d := m.sh.now().In(t.Location()).Date(); y != t.Year() || mo != t.Month() || d != t.Day() {
			clock = c.Date(t)
		}
		when = c.T("tui.sync.synced", clock)
	}
	if p := s.Progress; p != nil {
		clock = progressBar(m.sh, 8, *p)
		when = c.T("tui.sync.progress."+string(p.Phase)) + " " + progressBar(m.sh, 12, *p)
	}
	sep := base.Render(" · ")
	long := sp + link + sep + base.Render(c.T("tui.sync.pending", i18n.Count(s.Pending))) + sep + aside("tui.sync.set_aside") + sep
	short := sp + link + sp + base.Render(c.T("tui.sync.pending_short", i18n.Count(s.Pending))) + sp +
		aside("tui.sync.set_aside_short") + sp + base.Render(clock) + sp
	return []string{long + base.Render(when) + sp, long + base.Render(clock) + sp, short}
}
