package central_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// Members of the letters fixture, each with a name of its own so a letter
// can be told from another.
const (
	postA     = "200000001" // verified address in Rabat
	postB     = "200000002" // verified address in Fès
	student   = "200000003" // student with an e-mail
	studentB  = "200000004" // another student
	badEmail  = "200000005" // student whose declared e-mail is not an address
	noAddress = "200000006" // no address at all
	tooWide   = "200000007" // verified address with a word wider than the envelope window
)

var lettersMembers = []wire.Member{
	{RegNo: postA, FamilyName: "Benjelloun", GivenName: "Khadija", Category: "active",
		Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "7 Rue Oued Sebou", Quarter: "Agdal",
			City: "Rabat", PostalCode: "10080"}, Verified: true}},
	{RegNo: postB, FamilyName: "Tazi", GivenName: "Omar", Category: "retired",
		Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "3 Derb Sidi Ahmed", City: "Fès",
			PostalCode: "30000"}, Verified: true}},
	{RegNo: student, FamilyName: "El Idrissi", GivenName: "Salma", Category: "student", Email: "salma.idrissi@um5.ac.ma"},
	{RegNo: studentB, FamilyName: "Chraibi", GivenName: "Yassine", Category: "student", Email: "y.chraibi@uca.ac.ma"},
	{RegNo: badEmail, FamilyName: "Lahlou", GivenName: "Imane", Category: "student", Email: "imane at uit"},
	{RegNo: noAddress, FamilyName: "Berrada", GivenName: "Hamza", Category: "active"},
	{RegNo: tooWide, FamilyName: "Fassi", GivenName: "Nadia", Category: "active",
		Address: &wire.Address{AddressInput: domain.AddressInput{Line1: strings.Repeat("X", 60), City: "Rabat",
			PostalCode: "10000"}, Verified: true}},
}

const mailFrom = "ne-pas-repondre@cnops.ma"

var sender = letter.Sender{PortalURL: "https://portail.cnops.ma"}

// lettersFixture is the fixture centre with the PIN keys, a 12-digit
// policy (so no phone number or PPR matches a PIN by chance) and a log
// kept for the scans.
type lettersFixture struct {
	*fixture
	keys *pin.HMACKeys
	logs *bytes.Buffer
	loc  *time.Location
}

func newLettersFixture(t *testing.T) *lettersFixture {
	t.Helper()
	f := newFixture(t)
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pin.NewHMACKeys("h1", bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	box, err := pin.GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	policy := domain.DefaultPINPolicy(loc)
	policy.Length = 12
	logs := &bytes.Buffer{}
	// Another App on the fixture's store (closed with it), with the keys.
	f.app = central.New(f.st, central.Options{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		DocumentsDir: f.docs, PIN: policy, PINKeys: keys, BoxKey: box, Now: func() time.Time { return f.clock }})
	err = f.st.Write(f.ctx, func(tx central.Tx) error {
		for i, m := range lettersMembers {
			m.Society, m.HomeBranch, m.CIN, m.BirthDate, m.Sex = "MGEN", rabat, "C"+string(rune('A'+i))+"10000"+string(rune('0'+i)), "1990-05-0"+string(rune('1'+i)), "F"
			m.Status, m.Version, m.Beneficiaries = "active", 1, []wire.Beneficiary{}
			if m.Address != nil {
				m.Address.ValidFrom = day.AddDate(-1, 0, 0)
			}
			if err := tx.InsertMember(f.ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &lettersFixture{fixture: f, keys: keys, logs: logs, loc: loc}
}

// reissue pushes a reissue from the Rabat counter, applied at the clock
// (which then moves a second on); it returns the issue id.
func (f *lettersFixture) reissue(regno string, ch domain.PINChannel) string {
	f.t.Helper()
	e, id := f.reissueEntry(regno, ch)
	wantStatus(f.t, "reissue "+regno, f.push(f.rabA, e)[0], wire.StatusApplied, "")
	f.clock = f.clock.Add(time.Second) // the centre's clock goes on
	return id
}

// reissueEntry is a reissue by the Rabat agent as its outbox entry, and
// the issue id.
func (f *lettersFixture) reissueEntry(regno string, ch domain.PINChannel) (wire.Entry, string) {
	f.t.Helper()
	id, _ := uuid.NewV7()
	ev := domain.PINEvent{Kind: domain.EventPINReissued, IssueID: id.String(), RegNo: regno, Channel: ch, Actor: agent, At: f.clock}
	payload, err := json.Marshal(ev)
	if err != nil {
		f.t.Fatal(err)
	}
	eid, _ := uuid.NewV7()
	entrySeq++
	return wire.Entry{ID: eid.String(), Seq: entrySeq, Kind: ev.Kind, RegNo: regno, CreatedAt: f.clock, Payload: payload}, ev.IssueID
}

// issue reads one reissue as the centre holds it.
func (f *lettersFixture) issue(regno, id string) central.PINRecord {
	f.t.Helper()
	var found central.PINRecord
	err := f.st.Read(f.ctx, func(r central.Reader) error {
		list, err := r.PINIssues(f.ctx, regno)
		for _, p := range list {
			if p.ID == id {
				found = p
			}
		}
		return err
	})
	if err != nil || found.ID == "" {
		f.t.Fatalf("issue %s of %s: %v", id, regno, err)
	}
	return found
}

// verify asks the centre, as the portal does, whether pin opens regno.
func (f *lettersFixture) verify(regno, code string) string {
	f.t.Helper()
	token, err := f.app.AddPortalClient(f.ctx, "portal-"+strings.ReplaceAll(uuid.NewString(), "-", "")[:8])
	if err != nil {
		f.t.Fatal(err)
	}
	client, err := f.app.AuthenticatePortal(f.ctx, token)
	if err != nil {
		f.t.Fatal(err)
	}
	resp, err := f.app.VerifyPIN(f.ctx, client, wire.PINVerifyRequest{RegNo: regno, PIN: code})
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.Result
}

// letterPINs reads a batch PDF back and returns each letter's PIN by
// registration number: the run of digits under the letter's PIN label.
func letterPINs(t *testing.T, pdf []byte) (map[string]string, string) {
	t.Helper()
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range letterPIN.FindAllStringSubmatch(text, -1) {
		out[m[1]] = m[2]
	}
	return out, text
}

var letterPIN = regexp.MustCompile(`(?s)N° d'immatriculation :\s*([0-9]+)\n.*?Votre code PIN temporaire\s*\n([0-9]+)\n`)

// emailPIN is the PIN line of an e-mail body.
var emailPIN = regexp.MustCompile(`(?m)^\s*([0-9]{12})\s*$`)

// noPINs fails when any of the files, or the centre's log, holds one of
// the PINs: they may exist only in the letter or the e-mail.
func (f *lettersFixture) noPINs(pins []string, files ...string) {
	f.t.Helper()
	files = append(files, f.st.Path, f.st.Path+"-wal", f.st.Path+"-journal")
	contents := map[string][]byte{"log": f.logs.Bytes()}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			f.t.Fatal(err)
		}
		contents[path] = b
	}
	if len(contents[f.st.Path])+len(contents[f.st.Path+"-wal"]) == 0 {
		f.t.Fatal("the scan read no database")
	}
	for _, p := range pins {
		if len(p) != 12 {
			f.t.Fatalf("scan for %q: PINs here are 12 digits", p)
		}
		for name, b := range contents {
			if bytes.Contains(b, []byte(p)) {
				f.t.Errorf("a PIN is in %s", name)
			}
		}
	}
}
