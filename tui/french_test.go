package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/sync/wire"
)

// untranslated is a key the catalogue lacks, as T shows it: "[tui.x]".
var untranslated = regexp.MustCompile(`\[(tui|err|cli|field|item|elig|pin|state|kind|tier|relation|warn)\.[a-z0-9_.]+\]`)

// frenchWalk drives the console in French through every kind of screen and
// dialog; at each stop the frame must fill w×h exactly, hold no key the
// catalogue lacks, and show what is listed (words, French dates).
func frenchWalk(t *testing.T, w, hgt int) {
	f := newFixture(t)
	cmd, _ := printer(t)
	f.usePINs(t, cmd)
	agent := f.session(t, "agent", agentPassword)
	f.request(t, agent, f.other, otherEvidence)
	f.setAside(t, wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})

	h := newHarness(t, f.svc, Deps{Catalog: i18n.French(), DemoHint: []string{"agent / agent-password-1"}})
	h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
	h.send(SyncChangedMsg{})
	frame := func(state string, shows ...string) {
		t.Helper()
		checkFrame(t, h.content(), w, hgt)
		if m := untranslated.FindString(h.text()); m != "" {
			t.Errorf("untranslated key %s", m)
		}
		flat := strings.Join(strings.Fields(h.text()), " ")
		if w < 80 || hgt < 24 {
			shows = nil // a small terminal scrolls what is asked for out of sight
		}
		for _, s := range shows {
			if !strings.Contains(flat, s) {
				t.Errorf("lacks %q", s)
			}
		}
		if t.Failed() {
			t.Fatalf("%d×%d %s:\n%s", w, hgt, state, h.text())
		}
	}
	frame("sign-in", "Connexion à ce poste", "Identifiant")
	h.signIn("agent", "wrong-password-1")
	frame("sign-in error", "Identifiant ou mot de passe incorrect.")
	h.press("f1")
	frame("sign-in help")
	h.press("esc")
	h.typ(agentPassword)
	h.press("enter")
	frame("lookup", "Recherche d'adhérent")
	h.press("f3")
	frame("filter bar", "Société")
	h.press("esc")
	h.typ("not an identifier")
	h.press("enter")
	frame("lookup error")
	h.press("esc")
	h.typ(otherRegNo)
	h.press("enter")
	frame("results", "Matricule")
	h.press("f1")
	frame("results help")
	h.press("esc", "f2")
	h.typ(alaouiRegNo)
	h.press("enter")
	frame("member file", "Identité", "Adresse actuelle")
	h.press("end")
	frame("member file, bottom")
	h.press("f1")
	frame("member file help")
	h.press("esc", "home", "f7")
	frame("PIN screen", "Code PIN temporaire", "jusqu'au 15/07/2025")
	h.press("enter") // the address changed lately: a second supervisor must override
	frame("PIN override dialog", "Délai de sécurité", "18/06/2025 10:30")
	h.typ("super")
	h.press("enter")
	h.typ(superPassword)
	h.press("enter")
	h.typ("adhérent hospitalisé, sans accès au portail")
	h.press("enter")
	frame("PIN reissued", "Code PIN réédité au guichet")
	h.press("end")
	frame("PIN history", "Historique des codes PIN", "Guichet", "15/06/2025 10:30") // in Casablanca
	h.press("esc", "f4")
	frame("address form", "Nouvelle adresse")
	a := newAddress
	a.PostalCode = "20000"
	h.fillAddress(a)
	fm := h.form()
	fm.setFocus(fCardSeen)
	h.fillEvidence(domain.Evidence{})
	frame("address form, bottom")
	h.press("f5")
	frame("review", "À confirmer", "Code postal : ne semble pas être un code postal de Rabat")
	h.press("f6", "f5")
	frame("submit dialog", "Soumettre ce changement d'adresse")
	h.press("y")
	frame("consent dialog", "Dérogation pour justificatifs")
	h.typ("super")
	h.press("enter")
	h.typ(superPassword)
	h.press("enter")
	h.typ("justificatifs apportés demain")
	h.press("enter")
	frame("done", "Changement d'adresse enregistré")
	h.press("enter")
	frame("member file with the badge", "CHANGEMENT EN ATTENTE")
	h.press("esc", "f6")
	frame("my requests", "Mes demandes")
	h.press("ctrl+l")

	h.signIn("super", superPassword)
	h.press("f7")
	frame("queue", "Demandes à approuver")
	h.press("enter")
	frame("request", "Enregistrée par", "15/06/2025 09:30")
	h.press("f9")
	frame("reason dialog")
	h.typ("un motif assez long pour passer à la ligne dans la boîte de dialogue, au moins sur un terminal étroit")
	h.press("enter")
	frame("reject confirmation")
	h.press("esc", "f8")
	frame("approve confirmation", "Approuver")
	h.press("esc", "esc", "esc", "f5")
	frame("sync screen", "Synchronisation", "4 éléments — en attente : 3, écartés : 1")
	if strings.Contains(h.text(), "pin.reissued") {
		t.Errorf("the PIN reissue's kind shows as its code:\n%s", h.text())
	}
	h.press("enter")
	frame("sync entry", "Élément n°")
	h.press("ctrl+l")

	h.signIn("admin", adminPassword)
	frame("accounts", "Comptes", "Administrateur")
	h.send(tea.KeyPressMsg{Code: tea.KeyF12})
	frame("password change", "Changer votre mot de passe")
}

// The console in French: every screen fits at 80×24, at a large size and
// on a small terminal, with no key missing.
func TestFrenchScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 60}, {60, 16}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			frenchWalk(t, size[0], size[1])
		})
	}
}
