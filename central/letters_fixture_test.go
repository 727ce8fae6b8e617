package central_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/letter"
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

// lettersFixture is the PIN fixture with the letters' members.
type lettersFixture struct{ *pinFixture }

func newLettersFixture(t *testing.T) *lettersFixture {
	t.Helper()
	f := &lettersFixture{newPINFixture(t)}
	members := make([]wire.Member, len(lettersMembers))
	for i, m := range lettersMembers {
		m.Society, m.HomeBranch, m.CIN, m.BirthDate, m.Sex = "MGEN", rabat, "C"+string(rune('A'+i))+"10000"+string(rune('0'+i)), "1990-05-0"+string(rune('1'+i)), "F"
		m.Status, m.Version, m.Beneficiaries = "active", 1, []wire.Beneficiary{}
		if m.Address != nil {
			addr := *m.Address
			addr.ValidFrom = day.AddDate(-1, 0, 0)
			m.Address = &addr
		}
		members[i] = m
	}
	f.addMembers(members...)
	return f
}

// pushReissue pushes a reissue by the Rabat agent from the Rabat counter,
// applied at the clock (which then moves a second on); it returns the
// issue id.
func (f *lettersFixture) pushReissue(regno string, ch domain.PINChannel) string {
	f.t.Helper()
	ev := f.reissue(agent, regno, ch)
	wantStatus(f.t, "reissue "+regno, f.pushPIN(f.rabA, ev), wire.StatusApplied, "")
	f.clock = f.clock.Add(time.Second) // the centre's clock goes on
	return ev.IssueID
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
