package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// A standalone console says so from the sign-in screen on: the program
// reads the link's state as it starts.
func TestFlowStandaloneStatus(t *testing.T) {
	f := newFixture(t)
	tm, wait := startProgram(t, newModel(context.Background(), Deps{Catalog: i18n.English()}, f.svc), 80, 24)
	wait("standalone")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	content := final.View().Content
	checkFrame(t, content, 80, 24)
	if lines := strings.Split(ansi.Strip(content), "\n"); !strings.Contains(lines[len(lines)-1], "standalone") {
		t.Errorf("status bar: %q", lines[len(lines)-1])
	}
}

// A supervisor sees a set-aside entry in the status bar, finds it on the
// Sync screen with the centre's reason, and puts it back in the queue.
func TestFlowRetryASetAsideEntry(t *testing.T) {
	f := newFixture(t)
	svc := f.provisioned(t, &centre{})
	id := f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	tm, wait := startProgram(t, newModel(context.Background(), Deps{Catalog: i18n.English()}, svc), 80, 24)
	wait("Sign in to this console")
	typeSignIn(tm, "super", superPassword)
	wait("1✗")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyF5})
	wait("You recorded this r")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("F8 sends it again")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyF8})
	wait("Retry entry #2?")
	tm.Send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	wait("back in the queu")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if state, _ := f.entryState(t, id); state != store.EntryPending {
		t.Errorf("entry is %s after the retry, want pending", state)
	}
	s, ok := final.top().(*syncEntryScreen)
	if ok {
		// The notice may reach the screen before its reload answers (the
		// two run at once): read the entry as the reload would.
		final.Update(s.load()())
	}
	if !ok || s.entry.State != store.EntryPending {
		t.Fatalf("final screen %T shows the entry as %+v", final.top(), s)
	}
	checkFrame(t, final.View().Content, 80, 24)
}
