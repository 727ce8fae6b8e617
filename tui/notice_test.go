package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/service"
)

// timersOf are the recorded timers of one kind.
func timersOf[T any](h *harness) []T {
	var out []T
	for _, m := range h.timers {
		if t, ok := m.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

func TestInformationDimsThenGoes(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	bright := h.content()
	dims, ends := timersOf[noticeDimMsg](h), timersOf[noticeExpiredMsg](h)
	if len(dims) != 1 || len(ends) != 1 {
		t.Fatalf("timers %v", h.timers)
	}
	h.send(dims[0])
	h.mustShow("Signed in as Agent One.")
	if !h.m.notice.dim || h.content() == bright {
		t.Fatal("the notice did not dim")
	}
	h.send(ends[0])
	h.mustNotShow("Signed in as Agent One.")
}

func TestNewerNoticeVoidsTheOlderTimers(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	old := timersOf[noticeExpiredMsg](h)[0]
	h.send(NoticeMsg{Text: "Saved."})
	h.send(old, noticeDimMsg{gen: old.gen})
	h.mustShow("Saved.")
	if h.m.notice.dim {
		t.Fatal("an older notice's timer dimmed the newer one")
	}
}

func TestFailureStaysUntilTheNextAction(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	for _, m := range h.timers { // the sign-in notice's timers
		h.send(m)
	}
	h.timers = nil
	h.send(NoticeMsg{Text: "The printer is out of paper.", Failed: true})
	if len(timersOf[noticeDimMsg](h))+len(timersOf[noticeExpiredMsg](h)) != 0 {
		t.Fatalf("a failure got timers: %v", h.timers)
	}
	h.mustShow("The printer is out of paper.")
	h.press("f3")
	h.mustNotShow("The printer is out of paper.")

	h.send(NoticeMsg{Text: "Refused.", Failed: true})
	h.send(tea.MouseClickMsg{X: 1, Y: 2, Button: tea.MouseLeft})
	h.mustNotShow("Refused.")
}

func TestFirstRunHintUntilHelpOrPaletteOpens(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.send(h.m.readHints()())
	h.mustShow("ctrl+k: all actions · F1/?: help")
	h.signIn("agent", agentPassword)
	h.mustShow("ctrl+k: all actions · F1/?: help")
	h.press("f1")
	h.press("f1")
	h.mustNotShow("all actions · F1")
	if seen, err := f.svc.HintsSeen(context.Background()); err != nil || !seen {
		t.Fatalf("hints seen = %v, %v", seen, err)
	}
	// The device remembers: the next console does not show it.
	h2 := newHarness(t, f.svc, Deps{})
	h2.send(h2.m.readHints()())
	h2.mustNotShow("all actions · F1")
}

func TestEmptyStatesSayWhatToDo(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.send(SyncChangedMsg{})
	h.signIn("agent", agentPassword)
	h.mustShowFlat("Homonyms? Add a birth year", "open the filters (F3)")
	h.typ("zzqqxx")
	h.press("enter")
	h.mustShowFlat("No member matches", "Check the spelling or drop a word")
	checkFrame(t, h.content(), 80, 24)
	h.press("f6")
	h.mustShow("You have not recorded any address change.", "record a change from their file (F4/a)")
	h.press("esc")
	h.press("f5")
	h.mustShow("guichet provision --central URL")
}

func TestEmptyQueueSaysWhereChangesComeFrom(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("super", superPassword)
	h.press("f7")
	h.mustShowFlat("No address change awaits a decision.", "your own go to another supervisor")
}

func TestNeverSyncedConsoleSaysSo(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	h := newHarness(t, svc, Deps{})
	h.send(SyncChangedMsg{})
	h.signIn("agent", agentPassword)
	h.mustShowFlat("This console has not synced yet", "(F5: the Sync screen)")
	h.press("f5")
	h.mustShow("Never synced: the first sync starts by itself")
}

func TestSyncProgressBars(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{last: time.Date(2025, 6, 15, 8, 42, 0, 0, time.UTC)})
	h := newHarness(t, svc, Deps{})
	var waits []time.Duration
	after := h.m.sh.after
	h.m.sh.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		if _, ok := msg.(syncTickMsg); ok {
			waits = append(waits, d)
		}
		return after(d, msg)
	}
	h.send(SyncChangedMsg{})
	h.signIn("agent", agentPassword)
	h.press("f5")
	busy := service.SyncStatus{Provisioned: true, Online: true, Pending: 7, LastGoodSync: time.Date(2025, 6, 15, 8, 42, 0, 0, time.UTC),
		Progress: &service.SyncProgress{Phase: service.SyncPushing, Done: 3, Total: 10}}
	h.send(syncStatusMsg{req: h.m.sh.nextReq(), st: busy})
	h.mustShow("Sending the queue: 3 of 10 entries", "30%")
	if s := h.statusLine(); !strings.Contains(s, "█") || !strings.Contains(s, "30%") {
		t.Errorf("status bar: %q", s)
	}
	checkFrame(t, h.content(), 80, 24)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 30})
	if s := h.statusLine(); !strings.Contains(s, "sending █") || !strings.Contains(s, "30%") {
		t.Errorf("wide status bar: %q", s)
	}
	h.send(timersOf[syncTickMsg](h)[len(timersOf[syncTickMsg](h))-1])
	if w := waits[len(waits)-1]; w != syncEveryBusy {
		t.Errorf("during a pass the status is read every %s, want %s", w, syncEveryBusy)
	}

	busy.Progress = &service.SyncProgress{Phase: service.SyncPulling, Done: 500, Total: 2000}
	h.send(syncStatusMsg{req: h.m.sh.nextReq(), st: busy})
	h.mustShow("Receiving the centre's updates: 500 of 2,000", "25%")
}
