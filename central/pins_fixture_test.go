package central_test

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// Members added for the PIN tests, home Rabat.
const (
	pinStudent   = "100000010" // a student with an e-mail
	pinSuspended = "100000011"
	pinHomeless  = "100000012" // no address on record
	pinRecent    = "100000013" // address approved an hour ago: cooling-off
)

// pinFixture is the fixture centre with PIN keys, 12-digit PINs (so that
// a scan for one cannot match a date, a PPR or a phone number by chance),
// a log kept for the scans, more members, and a portal client.
type pinFixture struct {
	*fixture
	keys   *pin.HMACKeys
	box    pin.BoxKey
	loc    *time.Location
	logs   *bytes.Buffer
	portal central.PortalClient
	token  string
}

func newPINFixture(t *testing.T) *pinFixture {
	t.Helper()
	f := newFixture(t)
	p := &pinFixture{fixture: f, logs: &bytes.Buffer{}}
	var err error
	if p.loc, err = time.LoadLocation("Africa/Casablanca"); err != nil {
		t.Fatal(err)
	}
	if p.keys, err = pin.NewHMACKeys("h1", bytes.Repeat([]byte{7}, 32)); err != nil {
		t.Fatal(err)
	}
	if p.box, err = pin.GenerateBoxKey("b1"); err != nil {
		t.Fatal(err)
	}
	// The same storage behind an application with keys (the fixture's
	// clean-up closes whichever f.app is then).
	f.app = central.New(f.st, central.Options{Logger: slog.New(slog.NewTextHandler(p.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		DocumentsDir: f.docs, MaxDocumentBytes: 1 << 10, PIN: pinPolicy12(p.loc), PINKeys: p.keys, BoxKey: p.box,
		Now: func() time.Time { return f.clock }})
	var members []wire.Member
	for _, m := range []struct {
		regno, category, status, email string
		addr                           *wire.Address
	}{
		{pinStudent, "student", "active", "sara@um5.ac.ma", pinAddress(day.AddDate(-1, 0, 0))},
		{pinSuspended, "active", "suspended", "", pinAddress(day.AddDate(-1, 0, 0))},
		{pinHomeless, "active", "active", "", nil},
		{pinRecent, "active", "active", "", pinAddress(day.Add(-time.Hour))},
	} {
		members = append(members, wire.Member{RegNo: m.regno, Society: "MGEN", HomeBranch: rabat,
			CIN: "Z" + m.regno[3:], FamilyName: "Bennani", GivenName: "Sara", BirthDate: "2004-02-02", Sex: "F",
			Category: m.category, Email: m.email, Status: m.status, Version: 1,
			Beneficiaries: []wire.Beneficiary{}, Address: m.addr})
	}
	p.addMembers(members...)
	if p.token, err = f.app.AddPortalClient(f.ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	if p.portal, err = f.app.AuthenticatePortal(f.ctx, p.token); err != nil {
		t.Fatal(err)
	}
	return p
}

// addMembers stores members as the centre holds them.
func (p *pinFixture) addMembers(members ...wire.Member) {
	p.t.Helper()
	err := p.st.Write(p.ctx, func(tx central.Tx) error {
		for _, m := range members {
			if err := tx.InsertMember(p.ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		p.t.Fatal(err)
	}
}

func pinPolicy12(loc *time.Location) domain.PINPolicy {
	p := domain.DefaultPINPolicy(loc)
	p.Length = 12
	return p
}

func pinAddress(from time.Time) *wire.Address {
	return &wire.Address{AddressInput: domain.AddressInput{Line1: "3 Rue Oqba", City: "Rabat", PostalCode: "10000"},
		Verified: true, ValidFrom: from}
}

// reissue is a reissue event made on a device now.
func (p *pinFixture) reissue(actor, regno string, ch domain.PINChannel) domain.PINEvent {
	id, _ := uuid.NewV7()
	return domain.PINEvent{Kind: domain.EventPINReissued, IssueID: id.String(), RegNo: regno, Channel: ch,
		Actor: actor, At: p.clock}
}

// counter is a counter reissue whose PIN is sealed to the centre's key,
// with the expiry the console prints; it returns the PIN too.
func (p *pinFixture) counter(actor, regno string) (domain.PINEvent, string) {
	p.t.Helper()
	ev := p.reissue(actor, regno, domain.ChannelCounter)
	code, err := pin.Generate(12)
	if err != nil {
		p.t.Fatal(err)
	}
	sealed, err := pin.Seal(p.box, code)
	if err != nil {
		p.t.Fatal(err)
	}
	ev.Sealed, ev.ExpiresOn = &sealed, domain.PINExpiry(p.clock, pinPolicy12(p.loc)).String()
	return ev, code
}

func pinEntry(t *testing.T, ev domain.PINEvent) wire.Entry {
	t.Helper()
	return eventEntry(t, ev.Kind, ev.RegNo, ev.At, ev)
}

func (p *pinFixture) pushPIN(dev wire.Device, ev domain.PINEvent) wire.Result {
	p.t.Helper()
	return p.push(dev, pinEntry(p.t, ev))[0]
}

// verify asks the centre, as the portal does, whether code opens regno.
func (p *pinFixture) verify(regno, code string) string {
	p.t.Helper()
	resp, err := p.app.VerifyPIN(p.ctx, p.portal, wire.PINVerifyRequest{RegNo: regno, PIN: code})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Result
}

// issues lists a member's reissues in order of application.
func (p *pinFixture) issues(regno string) []central.PINRecord {
	p.t.Helper()
	var list []central.PINRecord
	if err := p.st.Read(p.ctx, func(r central.Reader) (err error) { list, err = r.PINIssues(p.ctx, regno); return err }); err != nil {
		p.t.Fatal(err)
	}
	return list
}

// issue is one of a member's reissues.
func (p *pinFixture) issue(regno, id string) central.PINRecord {
	p.t.Helper()
	for _, rec := range p.issues(regno) {
		if rec.ID == id {
			return rec
		}
	}
	p.t.Fatalf("no issue %s of %s", id, regno)
	return central.PINRecord{}
}

// states lists the states of a member's issues in order of application.
func (p *pinFixture) states(regno string) string {
	var s []string
	for _, r := range p.issues(regno) {
		s = append(s, string(r.State))
	}
	return strings.Join(s, " ")
}

// otherPIN is a well-formed PIN that differs from code.
func otherPIN(code string) string {
	if code[0] == '9' {
		return "0" + code[1:]
	}
	return string(code[0]+1) + code[1:]
}

// noPINs fails when any of the files, the centre's database (with its
// WAL) or its log holds one of the PINs: they may exist only in the
// letter or the e-mail.
func (p *pinFixture) noPINs(pins []string, files ...string) {
	p.t.Helper()
	if p.dbPath != "" {
		files = append(files, p.dbPath, p.dbPath+"-wal", p.dbPath+"-journal")
	}
	contents := map[string][]byte{"log": p.logs.Bytes()}
	if p.dsn != "" {
		contents["the PostgreSQL schema"] = pgtest.Dump(p.t, p.dsn)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			p.t.Fatal(err)
		}
		contents[path] = b
	}
	if len(contents[p.dbPath])+len(contents[p.dbPath+"-wal"])+len(contents["the PostgreSQL schema"]) == 0 {
		p.t.Fatal("the scan read no database")
	}
	for _, code := range pins {
		if len(code) != 12 {
			p.t.Fatalf("scan for %q: PINs here are 12 digits", code)
		}
		for name, b := range contents {
			if bytes.Contains(b, []byte(code)) {
				p.t.Errorf("a PIN is in %s", name)
			}
		}
	}
}

func isFieldErr(err error, field, key string) bool {
	fe, ok := domain.AsFieldError(err)
	return ok && fe.Field == field && fe.Key == key
}
