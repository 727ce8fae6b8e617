package tui

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// fixtureNow is the service's clock in tests: ages and cover are stable.
var fixtureNow = time.Date(2025, 6, 15, 9, 30, 0, 0, time.UTC)

// Passwords of the fixture's accounts.
const (
	adminPassword = "admin-password-1"
	agentPassword = "agent-password-1"
	superPassword = "super-password-1"
)

// fixture is a real database with a branch, an admin, an agent, a
// supervisor and a few members, served by a real service whose clock the
// test may move (f.now).
type fixture struct {
	svc                    *service.Service
	db                     *store.DB
	path                   string // the database file, for changes behind the service's back
	now                    time.Time
	alaoui, other, hostile int64 // member ids
}

// Registration numbers and identifiers of the fixture's members.
const (
	alaouiRegNo  = "100234567"
	alaouiCIN    = "AB123456"
	alaouiPPR    = "12345678"
	otherRegNo   = "12345678" // also a PPR: looking it up finds two members
	hostileRegNo = "200000001"
	hostileName  = "\x1b]0;pwned\x07Alaoui\x1b[31m"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	db, err := store.Open(ctx, path, store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := service.Initialise(ctx, db, service.NewUser{Username: "admin", DisplayName: "Admin", Password: adminPassword}, fixtureNow); err != nil {
		t.Fatal(err)
	}
	rule, err := domain.NewRegNoRule("[0-9]{6,12}")
	if err != nil {
		t.Fatal(err)
	}
	policy := service.Policy{
		RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: 15 * time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC,
		ScanMaxBytes: 10 << 20, DocumentsDir: filepath.Join(t.TempDir(), "documents"),
		ReceiptDir: filepath.Join(t.TempDir(), "receipts"),
	}
	f := &fixture{db: db, path: path, now: fixtureNow}
	svc, err := service.New(ctx, db, policy, service.WithClock(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := svc.SignIn(ctx, "admin", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.AddBranch(ctx, admin, store.Branch{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.AddUser(ctx, admin, service.NewUser{Username: "agent", DisplayName: "Agent One", Role: "agent", Branch: "RAB01", Password: agentPassword}); err != nil {
		t.Fatal(err)
	}
	if err := svc.AddUser(ctx, admin, service.NewUser{Username: "super", DisplayName: "Supervisor One", Role: "supervisor", Branch: "RAB01", Password: superPassword}); err != nil {
		t.Fatal(err)
	}
	f.svc = svc

	raw, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	f.alaoui = insert(t, raw, `INSERT INTO members (regno, society_code, home_branch, cin, ppr, family_name, given_name,
		family_name_ar, given_name_ar, birth_date, sex, category, email, phone, status, version)
		VALUES (?, 'MGPAP', 'RAB01', ?, ?, 'Alaoui', 'Mohamed', 'العلوي', 'محمد', '1968-04-12', 'M', 'active',
		'm.alaoui@example.ma', '+212612345678', 'active', 3)`, alaouiRegNo, alaouiCIN, alaouiPPR)
	for _, b := range [][]any{
		{"spouse", "Bennani", "Fatima", "بناني", "فاطمة", "1972-09-30", "F", 0},
		{"child", "Alaoui", "Youssef", "العلوي", "يوسف", "2003-02-10", "M", 1}, // 22, student: covered
		{"child", "Alaoui", "Salma", "العلوي", "سلمى", "1998-01-20", "F", 0},   // 27: over the limit
	} {
		insert(t, raw, `INSERT INTO beneficiaries (member_id, relation, family_name, given_name, family_name_ar,
			given_name_ar, birth_date, sex, student) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, append([]any{f.alaoui}, b...)...)
	}
	insert(t, raw, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code, province, line_ar,
		verified, valid_from) VALUES (?, '12 Rue Oued Ziz', 'Appartement 4', 'Agdal', 'Rabat', '10090', 'Rabat',
		'12 زنقة واد زيز، أكدال، الرباط', 1, '2021-07-01T00:00:00.000000000Z')`, f.alaoui)
	insert(t, raw, `INSERT INTO addresses (member_id, line1, quarter, city, postal_code, province, verified,
		valid_from, valid_to) VALUES (?, '5 Avenue Fal Ould Oumeir', 'Agdal', 'Rabat', '10080', 'Rabat', 1,
		'2015-03-01T00:00:00.000000000Z', '2021-06-30T00:00:00.000000000Z')`, f.alaoui)

	f.other = insert(t, raw, `INSERT INTO members (regno, society_code, home_branch, cin, family_name, given_name,
		birth_date, sex, category) VALUES (?, 'MGEN', 'RAB01', 'J456789', 'Berrada', 'Nadia', '1959-11-03', 'F', 'retired')`, otherRegNo)

	// Data that came from elsewhere with escape sequences and a bidi override in it.
	f.hostile = insert(t, raw, `INSERT INTO members (regno, society_code, home_branch, cin, family_name, given_name,
		birth_date, sex, category, email) VALUES (?, 'MFA', 'RAB01', ?, ?, 'Karim', '1980-01-01', 'M', 'active', ?)`,
		hostileRegNo, alaouiCIN, hostileName, "k\u202Eam.ti\x1b[2J@example.ma")
	insert(t, raw, `INSERT INTO addresses (member_id, line1, city, postal_code, verified, valid_from)
		VALUES (?, ?, 'Rabat', '10000', 0, '2020-01-01T00:00:00.000000000Z')`, f.hostile, "7 Rue\x07 \x1b[8mHidden\x1b[0m")

	// The rows went in behind the store's back: index their names for search.
	for _, id := range []int64{f.alaoui, f.other, f.hostile} {
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.ReindexMember(ctx, id) }); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func insert(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// exec changes the database behind the service's back (a record version
// moved by the centre, say).
func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+(&url.URL{Path: f.path}).EscapedPath()+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// session signs a fixture account in to the service directly.
func (f *fixture) session(t *testing.T, user, pass string) service.Session {
	t.Helper()
	s, err := f.svc.SignIn(context.Background(), user, pass)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newAddress is a valid new address for Alaoui (Rabat).
var newAddress = domain.AddressInput{Line1: "7 Avenue Hassan II", Quarter: "Hassan", City: "Rabat",
	PostalCode: "10020", Province: "Rabat", LineAr: "7 شارع الحسن الثاني، الرباط"}

// completeEvidence is all the evidence, for Alaoui.
var completeEvidence = domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: alaouiCIN,
	SignedForm: true, FormNumber: "F-2025-001"}

// request records an address change through the service, as user.
func (f *fixture) request(t *testing.T, sess service.Session, member int64, ev domain.Evidence) string {
	t.Helper()
	r, _, err := f.svc.RequestAddressChange(context.Background(), sess, service.ChangeInput{
		MemberID: member, Address: newAddress, Evidence: ev})
	if err != nil {
		t.Fatal(err)
	}
	return r.Ref
}
