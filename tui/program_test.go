package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// startProgram runs root as a whole program in a w×h terminal with the
// colour profile pinned (CI and laptops differ), and gives a wait that
// blocks until the output holds what. Waits should look for words the
// renderer writes whole: a new word in a new place on the screen.
func startProgram(t *testing.T, root tea.Model, w, h int) (*teatest.TestModel, func(what string)) {
	t.Helper()
	tm := teatest.NewTestModel(t, root, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	t.Cleanup(func() { _ = tm.Quit() })
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	return tm, wait
}
