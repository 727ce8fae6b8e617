package central_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/sync/wire"
)

// Branches, accounts and members of the fixture centre.
const (
	rabat      = "RAB01"
	casa       = "CAS01"
	agent      = "amina" // agent of Rabat
	super      = "karim" // supervisor of Rabat
	super2     = "salma" // another supervisor of Rabat
	casaAgent  = "youssef"
	casaSuper  = "nadia"
	memberA    = "100000001" // home Rabat
	memberB    = "100000002" // home Rabat
	memberCasa = "100000003" // home Casablanca
)

var day = time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)

// testHash is one argon2id hash for every fixture account: hashing is slow
// and the rules never verify passwords.
var testHash = sync.OnceValue(func() string {
	h, err := domain.HashPassword("fixture-password")
	if err != nil {
		panic(err)
	}
	return h
})

type fixture struct {
	t     *testing.T
	ctx   context.Context
	st    central.Storage
	app   *central.App
	clock time.Time
	docs  string
	// Devices: two of Rabat, one of Casablanca.
	rabA, rabB, casA wire.Device
	tokens           map[string]string // device id -> token
	refs             int
	// dbPath is the SQLite file, dsn the PostgreSQL schema (one of them
	// is ""): where a scan for secrets looks.
	dbPath, dsn string
}

// storageEnv chooses the fixture's storage: unset or sqlite, or postgres
// (a fresh schema of pgtest's server) to run the App's tests on
// PostgreSQL.
const storageEnv = "GUICHET_CENTRAL_TEST_STORAGE"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, ctx: ctx, clock: day, docs: t.TempDir() + "/documents", tokens: map[string]string{}}
	var err error
	switch kind := os.Getenv(storageEnv); kind {
	case "", "sqlite":
		f.dbPath = t.TempDir() + "/centre.db"
		f.st, err = sqlite.Open(ctx, f.dbPath)
	case "postgres":
		f.dsn = pgtest.DSN(t)
		f.st, err = postgres.Open(ctx, f.dsn, postgres.Options{MaxConns: 4})
	default:
		t.Fatalf("%s=%q: want sqlite or postgres", storageEnv, kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	st := f.st
	f.app = central.New(st, central.Options{DocumentsDir: f.docs, MaxDocumentBytes: 1 << 10,
		Now: func() time.Time { return f.clock }})
	t.Cleanup(func() { f.app.Close() })
	for _, b := range []wire.Branch{{Code: rabat, Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"},
		{Code: casa, Name: "Casablanca Anfa", City: "Casablanca", Region: "Casablanca-Settat"}} {
		if err := f.app.AddBranch(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	// Accounts and members go in directly, with their feed rows: AddUser
	// would hash a password for each.
	err = st.Write(ctx, func(tx central.Tx) error {
		for _, u := range []struct {
			name, branch string
			role         domain.Role
		}{{agent, rabat, domain.RoleAgent}, {super, rabat, domain.RoleSupervisor}, {super2, rabat, domain.RoleSupervisor},
			{casaAgent, casa, domain.RoleAgent}, {casaSuper, casa, domain.RoleSupervisor}} {
			if err := tx.InsertAccount(ctx, central.AccountRecord{Username: u.name, DisplayName: u.name, Role: u.role,
				Branch: u.branch, PasswordHash: testHash(), CreatedAt: day, UpdatedAt: day}); err != nil {
				return err
			}
			if err := tx.AppendFeed(ctx, wire.ItemAccount, u.name, u.branch); err != nil {
				return err
			}
		}
		for i, m := range []struct{ regno, cin, home string }{
			{memberA, "A123456", rabat}, {memberB, "BE789012", rabat}, {memberCasa, "BK55555", casa}} {
			if err := tx.InsertMember(ctx, wire.Member{RegNo: m.regno, Society: "MGEN", HomeBranch: m.home, CIN: m.cin,
				FamilyName: "Alaoui", GivenName: "Mohamed", BirthDate: "1970-01-0" + string(rune('1'+i)), Sex: "M",
				Category: "active", Status: "active", Version: 1, Beneficiaries: []wire.Beneficiary{},
				Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "12 Rue Ibn Sina", City: "Rabat",
					PostalCode: "10000"}, Verified: true, ValidFrom: day.AddDate(-3, 0, 0)}}); err != nil {
				return err
			}
			if err := tx.AppendFeed(ctx, wire.ItemMember, m.regno, m.home); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.rabA = f.device("counter 1", rabat)
	f.rabB = f.device("counter 2", rabat)
	f.casA = f.device("counter 1", casa)
	return f
}

func (f *fixture) device(name, branch string) wire.Device {
	f.t.Helper()
	token, dev, err := f.app.AddDevice(f.ctx, name, branch)
	if err != nil {
		f.t.Fatal(err)
	}
	f.tokens[dev.ID] = token
	return dev
}

// newAddress is a valid new address.
var newAddress = domain.AddressInput{Line1: "Résidence Al Amal, Imm 4 Apt 12", Quarter: "Hay Riad", City: "Rabat",
	PostalCode: "10100"}

// fullEvidence is complete evidence for a member's CIN.
func fullEvidence(cin string) *domain.Evidence {
	return &domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: cin, SignedForm: true,
		FormNumber: "F-2026-001"}
}

var cins = map[string]string{memberA: "A123456", memberB: "BE789012", memberCasa: "BK55555"}

// request is a requested event made on a device of branch, on version base.
func (f *fixture) request(branch, actor, regno string, base int64) domain.ChangeEvent {
	f.refs++
	id, _ := uuid.NewV7()
	addr := newAddress
	return domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: id.String(),
		Reference: domain.RequestReference(branch, f.clock, 10000+f.refs), RegNo: regno, Actor: actor, At: f.clock,
		BaseVersion: base, Address: &addr, Evidence: fullEvidence(cins[regno])}
}

// decision is an approval, rejection or cancellation of a requested event.
func decision(kind string, req domain.ChangeEvent, actor string, at time.Time) domain.ChangeEvent {
	ev := domain.ChangeEvent{Kind: kind, RequestID: req.RequestID, Reference: req.Reference, RegNo: req.RegNo,
		Actor: actor, At: at}
	switch kind {
	case domain.EventAddressApproved:
		ev.BaseVersion, ev.Address = req.BaseVersion, req.Address
	case domain.EventAddressRejected:
		ev.Reason = "the signed form is not the member's"
	}
	return ev
}

var entrySeq int64

// entry wraps a change event in an outbox entry with a fresh key.
func entry(t *testing.T, ev domain.ChangeEvent) wire.Entry {
	t.Helper()
	e := eventEntry(t, ev.Kind, ev.RegNo, ev.At, ev)
	if domain.ChangesRecord(ev.Kind) {
		e.BaseVersion = ev.BaseVersion
	}
	return e
}

// eventEntry wraps any event in an outbox entry with a fresh key and the
// next sequence number.
func eventEntry(t *testing.T, kind, regno string, at time.Time, ev any) wire.Entry {
	t.Helper()
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := uuid.NewV7()
	entrySeq++
	return wire.Entry{ID: id.String(), Seq: entrySeq, Kind: kind, RegNo: regno, CreatedAt: at, Payload: payload}
}

// push sends entries from a device and returns the results.
func (f *fixture) push(dev wire.Device, entries ...wire.Entry) []wire.Result {
	f.t.Helper()
	resp, err := f.app.Push(f.ctx, dev, wire.PushRequest{Entries: entries})
	if err != nil {
		f.t.Fatal(err)
	}
	if len(resp.Results) != len(entries) {
		f.t.Fatalf("%d results for %d entries", len(resp.Results), len(entries))
	}
	return resp.Results
}

// pushOne sends one event and returns its result.
func (f *fixture) pushOne(dev wire.Device, ev domain.ChangeEvent) wire.Result {
	f.t.Helper()
	return f.push(dev, entry(f.t, ev))[0]
}

// held reads one thing the centre holds, failing the test when it does
// not hold it.
func held[T any](f *fixture, what string, get func(central.Reader) (T, bool, error)) T {
	f.t.Helper()
	var v T
	err := f.st.Read(f.ctx, func(r central.Reader) error {
		var ok bool
		var err error
		if v, ok, err = get(r); err == nil && !ok {
			err = fmt.Errorf("no %s", what)
		}
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

func (f *fixture) member(regno string) wire.Member {
	f.t.Helper()
	return held(f, "member "+regno, func(r central.Reader) (wire.Member, bool, error) { return r.Member(f.ctx, regno) })
}

func (f *fixture) requestState(id string) wire.Request {
	f.t.Helper()
	return held(f, "request "+id, func(r central.Reader) (wire.Request, bool, error) { return r.Request(f.ctx, id) })
}

func wantStatus(t *testing.T, what string, got wire.Result, status, reason string) {
	t.Helper()
	if got.Status != status || got.Reason != reason {
		t.Fatalf("%s: got %s %q (field %q), want %s %q", what, got.Status, got.Reason, got.Field, status, reason)
	}
}
