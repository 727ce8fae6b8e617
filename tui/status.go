package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// idleTickMsg checks the idle lock; ticks of an older session are void.
type idleTickMsg struct{ gen uint64 }

// armIdle schedules the next idle check for when the lock would fall if no
// key came: one timer at a time, not one per key press.
func (m *Model) armIdle() tea.Cmd {
	if m.idleLock <= 0 || m.sh.sess == nil {
		return nil
	}
	wait := max(m.idleLock-m.sh.now().Sub(m.lastKey), time.Second)
	return m.sh.after(wait, idleTickMsg{gen: m.idleGen})
}

func (m *Model) onIdleTick(msg idleTickMsg) tea.Cmd {
	if msg.gen != m.idleGen || m.sh.sess == nil || m.idleLock <= 0 {
		return nil
	}
	if m.sh.now().Sub(m.lastKey) >= m.idleLock {
		return m.lock(m.sh.cat.T("tui.notice.idle_locked", m.duration(m.idleLock)))
	}
	return m.armIdle()
}

// duration renders a lock delay for people: "5 min", "90 s".
func (m *Model) duration(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return m.sh.cat.T("tui.duration.minutes", int(d/time.Minute))
	}
	return m.sh.cat.T("tui.duration.seconds", int(d.Round(time.Second)/time.Second))
}

// statusBar is the last line: who is signed in (name, role, branch), the
// notice, and the link's state on the right. When room is short the
// link's state takes a shorter form first, then the name gives way (the
// role and branch stay: fitWho), so that a notice keeps some room.
func (m *Model) statusBar(w int) string {
	st := m.sh.styles
	who, tail := m.sh.cat.T("tui.status.signed_out"), ""
	if s := m.sh.sess; s != nil {
		who, tail = safe(s.DisplayName), " · "+m.sh.roleName(s.Role)+" · "+orDash(safe(s.Branch))
	}
	noticeRoom := 0
	if m.notice.text != "" {
		noticeRoom = min(ansi.StringWidth(m.notice.text)+1, 30)
	}
	forms := m.syncSegments()
	link := forms[len(forms)-1]
	for _, f := range forms { // the longest that leaves the name some room
		if ansi.StringWidth(f)+min(ansi.StringWidth(who+tail), 36)+2+noticeRoom <= w {
			link = f
			break
		}
	}
	link = ansi.Truncate(link, max(w-12, 0), "…")
	right := ansi.StringWidth(link)
	whoRoom := min(max(w-right-noticeRoom-2, 8), max(w-right-2, 0))
	left := st.StatusUser.Render(" " + fitWho(who, tail, whoRoom) + " ")
	rest := max(w-lipgloss.Width(left)-right, 0)
	noticeStyle := m.noticeStyle()
	text := ansi.Truncate(" "+m.notice.text, rest, "…")
	text += strings.Repeat(" ", max(rest-ansi.StringWidth(text), 0))
	return left + noticeStyle.Render(text) + link
}

// fitWho fits the signed-in user in room cells: the name gives way before
// the role and the branch, which say what this console may do.
func fitWho(name, tail string, room int) string {
	if ansi.StringWidth(name+tail) <= room {
		return name + tail
	}
	if nameRoom := room - ansi.StringWidth(tail); nameRoom >= 4 {
		return ansi.Truncate(name, nameRoom, "…") + tail
	}
	return ansi.Truncate(name+tail, room, "…")
}

// titleBar is the first line: the application and the screen, and the
// first-run hint while it is due.
func (m *Model) titleBar(w int) string {
	title := fmt.Sprintf("%s · %s", m.sh.cat.T("tui.app"), m.top().Title())
	return m.withHint(m.sh.styles.App.Render(ansi.Truncate(title, w, "…")), w)
}
