package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// pinStore is a store with one branch and two members.
func pinStore(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st := openStore(t)
	err := st.Write(ctx, func(tx central.Tx) error {
		if err := tx.InsertBranch(ctx, wire.Branch{Code: "RAB01", Name: "Rabat", City: "Rabat", Region: "RSK"}); err != nil {
			return err
		}
		for _, regno := range []string{"100000001", "100000002"} {
			if err := tx.InsertMember(ctx, wire.Member{RegNo: regno, Society: "MGEN", HomeBranch: "RAB01",
				CIN: "A1" + regno[5:], FamilyName: "Alaoui", GivenName: "Sara", BirthDate: "1980-05-01", Sex: "F",
				Category: "student", Status: "active", Version: 1,
				Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "1 Rue", City: "Rabat",
					PostalCode: "10000"}, Verified: true, ValidFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func pinRecord(id, regno string, ch domain.PINChannel, state domain.PINState, at time.Time) central.PINRecord {
	return central.PINRecord{ID: id, RegNo: regno, Channel: ch, State: state, Branch: "RAB01", DeviceID: "dev-1",
		RequestedBy: "amina", RequestedAt: at, AppliedAt: at.Add(time.Minute), UpdatedAt: at.Add(time.Minute)}
}

func TestPINIssuesKeepOrderOfApplicationAndEveryField(t *testing.T) {
	ctx := context.Background()
	st := pinStore(t)
	t0 := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
	// Inserted out of time order: the order of application is the order
	// of the inserts, not of the events' times.
	first := pinRecord("id-b", "100000001", domain.ChannelCounter, domain.PINActive, t0.Add(time.Hour))
	first.ExpiresOn, first.KeyID, first.Verifier, first.Failures = "2026-04-15", "k1", "abcdef", 2
	first.Override = &domain.PINOverride{By: "karim", Reason: "member travels"}
	second := pinRecord("id-a", "100000001", domain.ChannelPost, domain.PINRequested, t0)
	other := pinRecord("id-c", "100000002", domain.ChannelPost, domain.PINRequested, t0)
	err := st.Write(ctx, func(tx central.Tx) error {
		for _, p := range []central.PINRecord{first, second, other} {
			if err := tx.InsertPIN(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var list []central.PINRecord
	var byID map[string]central.PINRecord
	err = st.Read(ctx, func(r central.Reader) (err error) {
		if list, err = r.PINIssues(ctx, "100000001"); err != nil {
			return err
		}
		byID, err = r.PINs(ctx, []string{"id-c", "id-b", "missing"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "id-b" || list[1].ID != "id-a" {
		t.Fatalf("issues of the member: %+v", list)
	}
	if !reflect.DeepEqual(list[0], first) {
		t.Errorf("round trip:\n got %+v\nwant %+v", list[0], first)
	}
	if len(byID) != 2 || !reflect.DeepEqual(byID["id-c"], other) {
		t.Errorf("by id: %+v", byID)
	}

	// An update changes what may change, and nothing else.
	upd := second
	upd.State, upd.ExpiresOn, upd.KeyID, upd.Verifier, upd.Failures, upd.Batch = domain.PINActive, "2026-04-20", "k1", "0123", 1, "batch-1"
	upd.UpdatedAt = t0.Add(48 * time.Hour)
	upd.Channel, upd.RequestedBy = domain.ChannelEmail, "someone else"
	if err := st.Write(ctx, func(tx central.Tx) error { return tx.UpdatePIN(ctx, upd) }); err != nil {
		t.Fatal(err)
	}
	st.Read(ctx, func(r central.Reader) (err error) { byID, err = r.PINs(ctx, []string{"id-a"}); return err })
	want := upd
	want.Channel, want.RequestedBy = second.Channel, second.RequestedBy
	if !reflect.DeepEqual(byID["id-a"], want) {
		t.Errorf("after update:\n got %+v\nwant %+v", byID["id-a"], want)
	}
}

func TestPINsAwaitingByChannelStateAndTime(t *testing.T) {
	ctx := context.Background()
	st := pinStore(t)
	t0 := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
	recs := []central.PINRecord{
		pinRecord("p1", "100000001", domain.ChannelPost, domain.PINRequested, t0),
		pinRecord("e1", "100000001", domain.ChannelEmail, domain.PINRequested, t0),
		pinRecord("p2", "100000002", domain.ChannelPost, domain.PINSuperseded, t0),
		pinRecord("p3", "100000002", domain.ChannelPost, domain.PINRequested, t0.Add(2*time.Hour)),
		pinRecord("p4", "100000002", domain.ChannelPost, domain.PINRequested, t0.Add(-time.Hour)),
	}
	err := st.Write(ctx, func(tx central.Tx) error {
		for _, p := range recs {
			if err := tx.InsertPIN(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []central.PINRecord
	st.Read(ctx, func(r central.Reader) (err error) {
		got, err = r.PINsAwaiting(ctx, domain.ChannelPost, t0.Add(time.Hour))
		return err
	})
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID)
	}
	if !reflect.DeepEqual(ids, []string{"p1", "p4"}) {
		t.Fatalf("awaiting post before t0+1h: %v, want [p1 p4] (order of application)", ids)
	}
}

func TestPINIssueRefusesUnknownMemberAndBadState(t *testing.T) {
	ctx := context.Background()
	st := pinStore(t)
	t0 := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
	for name, p := range map[string]central.PINRecord{
		"unknown member": pinRecord("x1", "999999999", domain.ChannelPost, domain.PINRequested, t0),
		"console state":  pinRecord("x2", "100000001", domain.ChannelPost, domain.PINQueued, t0),
		"bad channel":    pinRecord("x3", "100000001", "fax", domain.PINRequested, t0),
	} {
		if err := st.Write(ctx, func(tx central.Tx) error { return tx.InsertPIN(ctx, p) }); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
}

func TestPortalClients(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	t0 := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
	add := func(name, digest string) error {
		return st.Write(ctx, func(tx central.Tx) error {
			return tx.InsertPortalClient(ctx, central.PortalClient{Name: name, TokenSHA256: digest, CreatedAt: t0})
		})
	}
	if err := add("portal", "d1"); err != nil {
		t.Fatal(err)
	}
	if err := add("portal", "d2"); err == nil {
		t.Fatal("two active clients of one name")
	}
	revoke := func(name string) bool {
		var ok bool
		if err := st.Write(ctx, func(tx central.Tx) (err error) {
			ok, err = tx.RevokePortalClient(ctx, name, t0.Add(time.Hour))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !revoke("portal") || revoke("portal") || revoke("nobody") {
		t.Fatal("revoke: the active client once, then none")
	}
	// The name is free again once revoked (a new token for the portal).
	if err := add("portal", "d3"); err != nil {
		t.Fatal(err)
	}
	var list []central.PortalClient
	var c central.PortalClient
	var found bool
	st.Read(ctx, func(r central.Reader) (err error) {
		if list, err = r.PortalClients(ctx); err != nil {
			return err
		}
		c, found, err = r.PortalClientByTokenHash(ctx, "d1")
		return err
	})
	if len(list) != 2 || list[0].TokenSHA256 != "d1" || list[0].RevokedAt == nil || list[1].RevokedAt != nil {
		t.Fatalf("clients: %+v", list)
	}
	if !found || c.Name != "portal" || c.RevokedAt == nil || !c.RevokedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("by token: %v %+v", found, c)
	}
}

func TestSetAddressVerifiedFlipsTheCurrentAddress(t *testing.T) {
	ctx := context.Background()
	st := pinStore(t)
	err := st.Write(ctx, func(tx central.Tx) error {
		return tx.SetAddressVerified(ctx, "100000001", false)
	})
	if err != nil {
		t.Fatal(err)
	}
	var a, b wire.Member
	st.Read(ctx, func(r central.Reader) (err error) {
		if a, _, err = r.Member(ctx, "100000001"); err == nil {
			b, _, err = r.Member(ctx, "100000002")
		}
		return err
	})
	if a.Address == nil || a.Address.Verified || b.Address == nil || !b.Address.Verified {
		t.Fatalf("verified flags: %+v %+v", a.Address, b.Address)
	}
	if err := st.Write(ctx, func(tx central.Tx) error { return tx.SetAddressVerified(ctx, "999999999", true) }); err == nil {
		t.Fatal("an unknown member's address flagged")
	}
}

// The rebuilt feed accepts PIN rows and keeps counting after the rows it
// had.
func TestFeedTakesPINItems(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	err := st.Write(ctx, func(tx central.Tx) error {
		if err := tx.AppendFeed(ctx, wire.ItemBranch, "RAB01", central.AllBranches); err != nil {
			return err
		}
		return tx.AppendFeed(ctx, wire.ItemPIN, "pin-1", "RAB01", "CAS01")
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []central.FeedRow
	st.Read(ctx, func(r central.Reader) (err error) { rows, err = r.FeedAfter(ctx, "CAS01", 0, 10); return err })
	if len(rows) != 2 || rows[1].Kind != wire.ItemPIN || rows[1].Seq != 3 {
		t.Fatalf("feed: %+v", rows)
	}
}

// A centre made before PINs existed upgrades in place: its feed keeps its
// rows, and new rows (PINs among them) follow on.
func TestUpgradeFromTheFirstSchemaKeepsTheFeed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "centre.db")
	first, err := os.ReadFile("migrations/00001_centre.sql")
	if err != nil {
		t.Fatal(err)
	}
	old := sqlitedb.Schema{Migrations: fstest.MapFS{"migrations/00001_centre.sql": {Data: first}},
		Tables: []string{"feed", "entries"}, ErrForeign: sqlite.ErrForeignSchema}
	p, err := sqlitedb.Open(ctx, path, sqlitedb.MayCreate, old)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"RAB01", "CAS01"} {
		if _, err := p.Writer.ExecContext(ctx, `INSERT INTO feed (branch, kind, key) VALUES ('*', 'branch', ?)`, key); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()

	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Write(ctx, func(tx central.Tx) error { return tx.AppendFeed(ctx, wire.ItemPIN, "pin-1", "RAB01") })
	if err != nil {
		t.Fatal(err)
	}
	var rows []central.FeedRow
	st.Read(ctx, func(r central.Reader) (err error) { rows, err = r.FeedAfter(ctx, "RAB01", 0, 10); return err })
	if len(rows) != 3 || rows[0].Key != "RAB01" || rows[1].Key != "CAS01" || rows[2].Seq != 3 || rows[2].Kind != wire.ItemPIN {
		t.Fatalf("feed after the upgrade: %+v", rows)
	}
}
