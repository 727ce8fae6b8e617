package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// NoticeMsg puts a line in the status bar. Information (saved, synced,
// signed in) dims after noticeBright and is gone noticeDim later; a
// failure stays until the next key press or click: it may need reading.
type NoticeMsg struct {
	Text   string
	Failed bool
}

// noticeDimMsg and noticeExpiredMsg dim and clear the notice they were
// scheduled for, unless a newer one replaced it.
type (
	noticeDimMsg     struct{ gen uint64 }
	noticeExpiredMsg struct{ gen uint64 }
)

const (
	noticeBright = 4 * time.Second
	noticeDim    = 3 * time.Second
)

type notice struct {
	text   string
	failed bool
	dim    bool
	gen    uint64
}

// setNotice shows n; both of its timers are set at once (no timer of our
// own runs: the program's Tick delivers them).
func (m *Model) setNotice(n NoticeMsg) tea.Cmd {
	gen := m.notice.gen + 1
	m.notice = notice{text: n.Text, failed: n.Failed, gen: gen}
	if n.Failed {
		return nil
	}
	return tea.Batch(m.sh.after(noticeBright, noticeDimMsg{gen: gen}),
		m.sh.after(noticeBright+noticeDim, noticeExpiredMsg{gen: gen}))
}

// onNotice follows a notice's timers; a timer of a replaced notice is void.
func (m *Model) onNotice(msg tea.Msg) {
	switch msg := msg.(type) {
	case noticeDimMsg:
		if msg.gen == m.notice.gen {
			m.notice.dim = true
		}
	case noticeExpiredMsg:
		if msg.gen == m.notice.gen {
			m.notice = notice{gen: m.notice.gen}
		}
	}
}

// dismissFailure clears a failure on the next action: a key press or a
// click (before the action, which may set a new one).
func (m *Model) dismissFailure() {
	if m.notice.failed {
		m.notice = notice{gen: m.notice.gen + 1}
	}
}

// noticeStyle is the notice's look: failures stand out, information
// fading is muted.
func (m *Model) noticeStyle() lipgloss.Style {
	st := m.sh.styles
	switch {
	case m.notice.failed:
		return st.NoticeFailed
	case m.notice.dim:
		return st.Muted.Inherit(st.NoticeInfo)
	}
	return st.NoticeInfo
}
