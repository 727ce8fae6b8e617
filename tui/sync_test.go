package tui

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// centre stands in the console's tests for the sync engine and the centre
// behind it: it reports the queue the database really holds, and answers
// on-demand fetches from the one outside member it knows.
type centre struct {
	db        *store.DB
	offline   bool
	outdated  bool // the centre refused this console's protocol version
	last      time.Time
	lastError string
	visitor   *wire.Member
}

func (c *centre) Status() service.SyncStatus {
	pending, aside, err := c.db.SyncCounts(context.Background())
	if err != nil {
		panic(err) // the fixture's database is there for the whole test
	}
	return service.SyncStatus{Provisioned: true, Online: !c.offline, UpdateNeeded: c.outdated, Pending: pending, SetAside: aside,
		LastGoodSync: c.last, LastError: c.lastError}
}

func (c *centre) Kick() {}

func (c *centre) FetchMember(ctx context.Context, actor, regno, cin string) (int64, error) {
	if c.offline {
		return 0, &domain.Error{Key: domain.KeyOffline}
	}
	if c.visitor == nil || (regno != c.visitor.RegNo && cin != c.visitor.CIN) {
		return 0, domain.ErrMemberNotFound
	}
	var id int64
	err := c.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.StoreFetchedMember(ctx, *c.visitor, actor, fixtureNow)
		return err
	})
	return id, err
}

// provisioned is the fixture's database served by a service linked to a
// centre.
func (f *fixture) provisioned(t *testing.T, c *centre) *service.Service {
	t.Helper()
	c.db = f.db
	rule, err := domain.NewRegNoRule("[0-9]{6,12}")
	if err != nil {
		t.Fatal(err)
	}
	policy := service.Policy{RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: 15 * time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC, ScanMaxBytes: 10 << 20,
		DocumentsDir: filepath.Join(t.TempDir(), "documents"), ReceiptDir: filepath.Join(t.TempDir(), "receipts")}
	svc, err := service.New(context.Background(), f.db, policy, service.WithClock(func() time.Time { return f.now }),
		service.WithSyncer(c))
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// setAside records an address change for Alaoui (agent) and its approval
// (supervisor); the centre applied the request and answered the approval
// with res, which set it aside. It returns the approval's entry id.
func (f *fixture) setAside(t *testing.T, res wire.Result) string {
	t.Helper()
	ctx := context.Background()
	ref := f.request(t, f.session(t, "agent", agentPassword), f.alaoui, completeEvidence)
	if _, err := f.svc.ApproveAddressChange(ctx, f.session(t, "super", superPassword), ref); err != nil {
		t.Fatal(err)
	}
	out, err := f.db.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	request, approval := out[len(out)-2], out[len(out)-1]
	res.ID = approval.ID
	body, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	err = f.db.Write(ctx, func(tx *store.Tx) error {
		return tx.RecordAnswers(ctx, []store.Answer{
			{ID: request.ID, State: store.EntryDelivered, Result: `{"status":"applied"}`},
			{ID: approval.ID, State: store.EntrySetAside, Result: string(body), Reason: res.Reason},
		}, f.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return approval.ID
}

// entryState reads an outbox entry's state and discard reason.
func (f *fixture) entryState(t *testing.T, id string) (state, reason string) {
	t.Helper()
	list, err := f.db.QueuedEntries(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.ID == id {
			return e.State, e.DiscardReason
		}
	}
	return store.EntryDelivered, ""
}

// centreAlaoui is the centre's record of Alaoui after another branch moved
// him.
func centreAlaoui(version int64) *wire.Member {
	return &wire.Member{RegNo: alaouiRegNo, Society: "MGPAP", HomeBranch: "RAB01", CIN: alaouiCIN, PPR: alaouiPPR,
		FamilyName: "Alaoui", GivenName: "Mohamed", BirthDate: "1968-04-12", Sex: "M", Category: "active",
		Status: "active", Version: version, Beneficiaries: []wire.Beneficiary{},
		Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "9 Boulevard Zerktouni", City: "Casablanca",
			PostalCode: "20000"}, Verified: true, ValidFrom: fixtureNow.Add(-24 * time.Hour)}}
}
