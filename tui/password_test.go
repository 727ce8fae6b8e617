package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
)

const (
	temporaryPassword = "temporary-pass-1"
	chosenPassword    = "chosen-password-1"
)

// resetAgent resets the agent's password as an admin would.
func (f *fixture) resetAgent(t *testing.T) {
	t.Helper()
	admin := f.session(t, "admin", adminPassword)
	if err := f.svc.ResetPassword(context.Background(), admin, "agent", temporaryPassword); err != nil {
		t.Fatal(err)
	}
}

// The whole program on a real database: after a reset, the sign-in leads
// to "Choose a new password"; once it is chosen, the lookup opens.
func TestFlowForcedPasswordChange(t *testing.T) {
	f := newFixture(t)
	f.resetAgent(t)
	tm, wait := startProgram(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English(), IdleLock: 5 * time.Minute}), 80, 24)
	enter := func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }

	wait("Sign in to this console")
	tm.Type("agent")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(temporaryPassword)
	enter()
	wait("Choose a new password")
	tm.Type(chosenPassword)
	enter()
	tm.Type("chosen-password-2") // a typing slip
	enter()
	wait("differ")
	tm.Type(chosenPassword)
	enter()
	tm.Type(chosenPassword)
	enter()
	wait("results come as you type")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if _, ok := final.top().(*lookupScreen); !ok {
		t.Fatalf("final screen is %T, want the lookup", final.top())
	}
	txt := ansi.Strip(final.View().Content)
	if !strings.Contains(txt, "Password changed.") || strings.Contains(txt, chosenPassword) {
		t.Errorf("final frame:\n%s", txt)
	}
	if s := f.session(t, "agent", chosenPassword); s.MustChangePassword {
		t.Error("the account still must change its password")
	}
}

func TestForcedChangeComesBeforeAnythingElse(t *testing.T) {
	f := newFixture(t)
	f.resetAgent(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", temporaryPassword)
	p, ok := h.screen().(*passwordScreen)
	if !ok || !p.forced {
		t.Fatalf("screen after a reset sign-in is %T", h.screen())
	}
	h.mustShow("Choose a new password", "New password", "New password again")
	h.mustShowFlat("Your password was reset", "ctrl+l/F10 signs out")
	h.mustNotShow("Current password", temporaryPassword)
	checkFrame(t, h.content(), 80, 24)

	// No way around it: esc, the lookup's keys and F12 leave it alone on top.
	h.press("esc", "f2", "f6", "f7")
	h.send(tea.KeyPressMsg{Code: tea.KeyF12})
	if len(h.m.stack) != 1 || h.screen() != Screen(p) {
		t.Fatalf("the forced change gave way to %T (stack %d)", h.screen(), len(h.m.stack))
	}
	// A screen opened anyway gets nothing from the service.
	h.send(OpenRequestsMsg{})
	if _, ok := h.screen().(*requestsScreen); !ok {
		t.Fatalf("screen is %T", h.screen())
	}
	h.mustShowFlat("Your password was reset: choose a new one")
	h.send(BackMsg{})

	// Masked, and every refusal says what to do.
	h.typ("short")
	h.mustNotShow("short")
	h.mustShow("•••••")
	h.press("enter") // to the second field
	h.typ("short")
	h.press("enter")
	h.mustShowFlat("Password: must be at least 10 characters")
	if p.focus != 0 || p.inputs[0].Value() != "" || p.inputs[1].Value() != "" {
		t.Errorf("after a refusal: focus %d, fields %q %q", p.focus, p.inputs[0].Value(), p.inputs[1].Value())
	}
	h.press("enter", "enter")
	h.mustShowFlat("Password: is required") // and the focus is on the first empty field
	h.typ(temporaryPassword)
	h.press("enter")
	h.typ(temporaryPassword)
	h.press("enter")
	h.mustShowFlat("must differ from the current one")

	h.typ(chosenPassword)
	h.press("enter")
	h.typ(chosenPassword)
	h.press("enter")
	if _, ok := h.screen().(*lookupScreen); !ok || len(h.m.stack) != 1 {
		t.Fatalf("after the change: %T (stack %d)", h.screen(), len(h.m.stack))
	}
	if h.m.sh.sess == nil || h.m.sh.sess.MustChangePassword {
		t.Fatalf("session %+v", h.m.sh.sess)
	}
	h.mustShow("Password changed.", "Member lookup")
	if p.signIn != "" {
		t.Error("the screen still holds the sign-in password")
	}
	f.session(t, "agent", chosenPassword)
}

func TestAnyoneChangesTheirPasswordWithF12(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.press("f1")
	h.mustShow("F12", "change my password")
	h.press("f1")

	h.send(tea.KeyPressMsg{Code: tea.KeyF12})
	p, ok := h.screen().(*passwordScreen)
	if !ok || p.forced {
		t.Fatalf("F12 opened %T", h.screen())
	}
	h.mustShow("Change your password", "Current password", "New password again")
	h.press("esc")
	if _, ok := h.screen().(*lookupScreen); !ok {
		t.Fatalf("esc left %T", h.screen())
	}

	h.send(tea.KeyPressMsg{Code: tea.KeyF12})
	p = h.screen().(*passwordScreen)
	for _, v := range []string{"not-my-password", chosenPassword, chosenPassword} {
		h.typ(v)
		h.press("enter")
	}
	h.mustShow("The current password is wrong.")
	if p.focus != 0 || p.inputs[0].Value() != "" {
		t.Errorf("after a wrong current password: focus %d", p.focus)
	}
	h.typ(agentPassword)
	h.press("enter", "enter", "enter") // through the new fields, which kept their text
	h.mustShow("Password changed.")
	if _, ok := h.screen().(*lookupScreen); !ok || len(h.m.stack) != 1 {
		t.Fatalf("after the change: %T (stack %d)", h.screen(), len(h.m.stack))
	}
	if _, err := f.svc.SignIn(context.Background(), "agent", agentPassword); !errors.Is(err, domain.ErrBadCredentials) {
		t.Errorf("the old password still signs in: %v", err)
	}
	f.session(t, "agent", chosenPassword)

	// An admin too, from the accounts screen.
	h.press("ctrl+l")
	h.signIn("admin", adminPassword)
	h.send(tea.KeyPressMsg{Code: tea.KeyF12})
	if _, ok := h.screen().(*passwordScreen); !ok {
		t.Fatalf("F12 on the accounts screen opened %T", h.screen())
	}
}

func TestPasswordScreensFitTheTerminal(t *testing.T) {
	f := newFixture(t)
	for _, forced := range []bool{true, false} {
		for _, size := range [][2]int{{80, 24}, {200, 60}, {60, 16}} {
			h := newHarness(t, f.svc, Deps{})
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			h.m.startSession(SignedInMsg{Session: f.session(t, "agent", agentPassword)})
			if !forced {
				h.send(tea.KeyPressMsg{Code: tea.KeyF12})
			} else {
				h.m.stack = []Screen{newPasswordScreen(h.m.sh, true, agentPassword)}
				h.m.resize()
			}
			h.press("enter", "enter", "enter")
			checkFrame(t, h.content(), size[0], size[1])
			checkNoInjection(t, h.content())
		}
	}
}

// On a provisioned console the accounts screen says who manages them, and
// shows an account whose password was reset.
func TestAccountsScreenOfAProvisionedConsole(t *testing.T) {
	f := newFixture(t)
	f.resetAgent(t)
	ctx := context.Background()
	if err := f.db.Write(ctx, func(tx *store.Tx) error {
		return tx.SetMeta(ctx, store.MetaCentralURL, "https://centre.example.ma")
	}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, f.svc, Deps{})
	h.signIn("admin", adminPassword)
	h.mustShow("Managed by the centre", "RAB01    reset")
	h.mustNotShow("guichet users ...")
}
