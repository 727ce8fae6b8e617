package tui

import (
	"context"
	"database/sql"
	"fmt"
	"image/color"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// The golden views: every screen at 80×24 and 200×60, on a dark and on a
// light terminal, compared with testdata/TestGoldenViews/<state>/<size>_<theme>.golden
// (styles included). After a deliberate change to a view, regenerate them
// all with
//
//	go test ./tui -run Golden -update
//
// and read the diff. The same walk runs in French with the layout checks
// only.
var (
	goldenSizes  = [][2]int{{80, 24}, {200, 60}}
	goldenThemes = []struct {
		name string
		bg   color.Color // the background the terminal reports
	}{{"dark", color.Black}, {"light", color.White}}
)

func TestGoldenViews(t *testing.T) {
	walkScreens(t, i18n.English(), func(h *harness, state string) {
		frames := map[string]string{}
		forEachLook(h, func(w, hgt int, theme string) {
			frame := h.content()
			frames[fmt.Sprintf("%dx%d", w, hgt)+theme] = frame
			t.Run(fmt.Sprintf("%s/%dx%d_%s", state, w, hgt, theme), func(t *testing.T) {
				checkLayout(t, h, frame, w, hgt)
				golden.RequireEqual(t, frame)
			})
		})
		for _, s := range goldenSizes {
			size := fmt.Sprintf("%dx%d", s[0], s[1])
			if frames[size+"dark"] == frames[size+"light"] {
				t.Errorf("%s at %s looks the same on dark and light terminals", state, size)
			}
		}
	})
}

// French words are longer: the same views keep their layout.
func TestGoldenLayoutInFrench(t *testing.T) {
	walkScreens(t, i18n.French(), func(h *harness, state string) {
		forEachLook(h, func(w, hgt int, theme string) {
			frame := h.content()
			t.Run(fmt.Sprintf("%s/%dx%d_%s", state, w, hgt, theme), func(t *testing.T) {
				checkLayout(t, h, frame, w, hgt)
			})
		})
	})
}

// forEachLook shows the frame at every golden size and theme, then puts
// the terminal back to 80×24 and dark for the walk to go on.
func forEachLook(h *harness, see func(w, hgt int, theme string)) {
	for _, s := range goldenSizes {
		h.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		for _, th := range goldenThemes {
			h.send(tea.BackgroundColorMsg{Color: th.bg})
			see(s[0], s[1], th.name)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}, tea.BackgroundColorMsg{Color: color.Black})
}

// checkLayout asserts what holds at every size: the frame fills the
// terminal without a line too wide, the title bar is on top, the key line
// ends with the help key and the status bar is the last line.
func checkLayout(t *testing.T, h *harness, frame string, w, hgt int) {
	t.Helper()
	checkFrame(t, frame, w, hgt)
	lines := strings.Split(ansi.Strip(frame), "\n")
	if len(lines) < 3 {
		return
	}
	if app := h.m.sh.cat.T("tui.app"); !strings.HasPrefix(lines[0], app) {
		t.Errorf("title bar %q does not start with %q", lines[0], app)
	}
	if help := h.m.sh.keys.Help.Help(); !strings.HasSuffix(strings.TrimRight(lines[len(lines)-2], " "), help.Key+" "+help.Desc) {
		t.Errorf("key line %q does not end with the help key", lines[len(lines)-2])
	}
	if s := h.m.sh.sess; s != nil && !strings.Contains(lines[len(lines)-1], safe(s.DisplayName)) {
		t.Errorf("status bar %q does not name the user", lines[len(lines)-1])
	}
	if t.Failed() {
		t.Logf("frame:\n%s", ansi.Strip(frame))
	}
}

// walkScreens goes through every screen of the console as a supervisor on
// a provisioned console with work queued, then an admin's, calling see on
// each. Clocks,
// data and request references are fixed, so each view is the same on
// every run.
func walkScreens(t *testing.T, cat *i18n.Catalog, see func(h *harness, state string)) {
	f := newFixture(t)
	svc := goldenService(t, f, &centre{last: fixtureNow.Add(-48 * time.Minute)})
	agent := f.session(t, "agent", agentPassword)

	// Alaoui moved ten days ago (approved here; the centre's answer to the
	// approval is a conflict, set aside) and asked for another change an
	// hour ago; Amrani's change waits since three hours.
	amrani := f.addAmrani(t)
	f.now = fixtureNow.Add(-10 * 24 * time.Hour)
	f.setAside(t, wire.Result{Status: wire.StatusConflict, Reason: domain.KeyVersionConflict, Current: centreAlaoui(4)})
	f.now = fixtureNow.Add(-3 * time.Hour)
	f.request(t, agent, amrani, amraniEvidence)
	f.now = fixtureNow.Add(-time.Hour)
	alaoui, _, err := svc.RequestAddressChange(context.Background(), agent, service.ChangeInput{
		MemberID: f.alaoui, Evidence: completeEvidence,
		Address: domain.AddressInput{Line1: "21 Rue Ibn Sina", Line2: "Résidence Al Andalous, immeuble B", Quarter: "Agdal",
			City: "Rabat", PostalCode: "10090", Province: "Rabat", LineAr: "21 زنقة ابن سينا، إقامة الأندلس، أكدال، الرباط"}})
	if err != nil {
		t.Fatal(err)
	}
	f.now = fixtureNow

	h := newHarness(t, svc, Deps{Catalog: cat})
	h.clock.t = fixtureNow
	h.send(SyncChangedMsg{})
	see(h, "signin")
	h.signIn("super", superPassword)
	see(h, "lookup")
	h.typ("Zzyzx")
	h.press("enter")
	see(h, "search_empty")
	h.press("f2")
	h.typ(otherRegNo) // Berrada's number, Alaoui's PPR
	h.press("enter")
	see(h, "search_results")
	h.press("f2")
	h.typ("العلوي") // Arabic names stand on their own lines
	h.press("enter")
	see(h, "search_arabic")

	h.send(OpenMemberMsg{ID: f.alaoui})
	topScreen[*memberScreen](h)
	see(h, "member")
	h.press("f1")
	see(h, "help")
	h.press("esc", "f7")
	topScreen[*pinScreen](h)
	see(h, "pin_reissue")
	h.press("esc", "esc")

	h.send(OpenMemberMsg{ID: f.other})
	h.press("f4")
	h.fillAddress(domain.AddressInput{Line1: "3 Rue Patrice Lumumba", City: "Rabat", PostalCode: "1001",
		Province: "Rabat", LineAr: "3 زنقة باتريس لومومبا، الرباط"})
	h.press("f5")
	if fm := h.form(); fm.step != stepEdit || fm.focus != fPostal {
		t.Fatalf("the form did not stop on the postal code: %s", h.text())
	}
	see(h, "address_form_error")
	h.send(BackMsg{}, BackMsg{})

	h.send(OpenRequestsMsg{Queue: true})
	topScreen[*requestsScreen](h)
	see(h, "requests")
	h.send(OpenRequestMsg{Ref: alaoui.Ref})
	topScreen[*requestScreen](h)
	see(h, "request")
	h.press("f8")
	see(h, "request_approve")
	h.press("esc")
	h.send(BackMsg{}, BackMsg{})

	h.send(OpenSyncMsg{})
	topScreen[*syncScreen](h)
	see(h, "sync")
	h.press("enter")
	topScreen[*syncEntryScreen](h)
	see(h, "sync_entry")
	h.send(BackMsg{}, BackMsg{})

	h.send(tea.KeyPressMsg{Code: tea.KeyF12})
	topScreen[*passwordScreen](h)
	see(h, "password")
	h.press("esc", "ctrl+l")
	h.signIn("admin", adminPassword)
	topScreen[*accountsScreen](h)
	see(h, "accounts")
}

// amraniEvidence is all the evidence, for Amrani.
var amraniEvidence = domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: "C987654",
	SignedForm: true, FormNumber: "F-2025-003"}

// addAmrani adds a retired member of Fès with long names in both scripts
// and an address, and returns her id.
func (f *fixture) addAmrani(t *testing.T) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+(&url.URL{Path: f.path}).EscapedPath()+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	id := insert(t, raw, `INSERT INTO members (regno, society_code, home_branch, cin, family_name, given_name,
		family_name_ar, given_name_ar, birth_date, sex, category) VALUES ('300123456', 'OMFAM', 'RAB01', 'C987654',
		'El Amrani Benkirane', 'Khadija Fatima-Zahra', 'العمراني بنكيران', 'خديجة فاطمة الزهراء', '1955-12-01', 'F', 'retired')`)
	insert(t, raw, `INSERT INTO addresses (member_id, line1, quarter, city, postal_code, province, line_ar, verified,
		valid_from) VALUES (?, '14 Derb Sidi Ahmed Tijani, Bab Guissa', 'Fès el Bali', 'Fès', '30110', 'Fès',
		'14 درب سيدي أحمد التجاني، باب كيسة، فاس البالي', 1, '2010-05-01T00:00:00.000000000Z')`, id)
	if err := f.db.Write(context.Background(), func(tx *store.Tx) error { return tx.ReindexMember(context.Background(), id) }); err != nil {
		t.Fatal(err)
	}
	return id
}

// goldenService serves the fixture's database as a provisioned console
// (the centre c) with the PIN policy and a fixed key id.
func goldenService(t *testing.T, f *fixture, c *centre) *service.Service {
	t.Helper()
	c.db = f.db
	key, err := pin.GenerateBoxKey("centre-2025")
	if err != nil {
		t.Fatal(err)
	}
	rule, err := domain.NewRegNoRule("[0-9]{6,12}")
	if err != nil {
		t.Fatal(err)
	}
	policy := service.Policy{RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: 15 * time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC, ScanMaxBytes: 10 << 20,
		DocumentsDir: filepath.Join(t.TempDir(), "documents"), ReceiptDir: filepath.Join(t.TempDir(), "receipts"),
		PIN: domain.DefaultPINPolicy(time.UTC), PINKey: pin.BoxKey{ID: key.ID, Public: key.Public},
		PortalURL: "https://portail.cnops.ma"}
	svc, err := service.New(context.Background(), f.db, policy,
		service.WithClock(func() time.Time { return f.now }), service.WithSyncer(c))
	if err != nil {
		t.Fatal(err)
	}
	f.svc = svc
	return svc
}
