package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

var syncT0 = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

// syncDB is a new database with the branch RAB01.
func syncDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "g.db"), MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	must(t, db.Write(ctx, func(tx *Tx) error { return tx.SetMeta(ctx, MetaBranch, "RAB01") }))
	feed(t, db, wire.FeedItem{Seq: 1, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"}})
	return db
}

// feed applies items in one transaction and returns which were held.
func feed(t *testing.T, db *DB, items ...wire.FeedItem) []bool {
	t.Helper()
	var held []bool
	err := db.Write(context.Background(), func(tx *Tx) error {
		for _, it := range items {
			h, err := tx.ApplyFeedItem(context.Background(), it, syncT0)
			if err != nil {
				return err
			}
			held = append(held, h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return held
}

func memberItem(seq int64, regno, family, spouse, line1 string, version int64) wire.FeedItem {
	return wire.FeedItem{Seq: seq, Kind: wire.ItemMember, Member: &wire.Member{
		RegNo: regno, Society: "MGEN", HomeBranch: "RAB01", CIN: "AB123456", FamilyName: family, GivenName: "Mohamed",
		BirthDate: "1961-03-10", Sex: "M", Category: "retired", Status: "active", Version: version,
		Beneficiaries: []wire.Beneficiary{{Relation: "spouse", FamilyName: spouse, GivenName: "Fatima", BirthDate: "1965-01-01", Sex: "F"}},
		Address: &wire.Address{AddressInput: domain.AddressInput{Line1: line1, City: "Rabat", PostalCode: "10000"},
			Verified: true, ValidFrom: syncT0.Add(time.Duration(seq) * time.Hour)},
	}}
}

func memberID(t *testing.T, db *DB, regno string) int64 {
	t.Helper()
	rows, err := db.MembersByIdentifier(context.Background(), domain.Identifier{Kind: domain.KindRegNo, Value: regno}, 1)
	if err != nil || len(rows) != 1 {
		t.Fatalf("member %s: %v %v", regno, rows, err)
	}
	return rows[0].ID
}

// found lists the search rows of a name.
func found(t *testing.T, db *DB, name string) []int64 {
	t.Helper()
	return match(t, db, MatchWord{Column: ColLatin, Keys: domain.NameKeys(name)})
}

func TestFeedMemberUpsertKeepsHistoryAndIndex(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	feed(t, db, memberItem(2, "100000001", "Alaoui", "Bennani", "12 Rue Ibn Sina", 1))
	id := memberID(t, db, "100000001")
	if got := found(t, db, "bennani"); len(got) != 1 {
		t.Fatalf("the spouse is not indexed: %v", got)
	}
	// The same address again adds no history; a new one closes the old.
	feed(t, db, memberItem(3, "100000001", "Alaoui", "Bennani", "12 Rue Ibn Sina", 1))
	feed(t, db, memberItem(4, "100000001", "Alami", "Tazi", "4 Avenue Hassan II", 2))
	f, err := db.MemberFile(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if f.Member.FamilyName != "Alami" || f.Member.Version != 2 || len(f.Beneficiaries) != 1 || f.Beneficiaries[0].FamilyName != "Tazi" {
		t.Fatalf("member not updated: %+v %+v", f.Member, f.Beneficiaries)
	}
	if len(f.Addresses) != 2 || f.Addresses[0].Line1 != "4 Avenue Hassan II" || f.Addresses[0].ValidTo != nil ||
		f.Addresses[1].ValidTo == nil || !f.Addresses[1].ValidTo.Equal(syncT0.Add(4*time.Hour)) {
		t.Fatalf("address history wrong: %+v", f.Addresses)
	}
	for key, want := range map[string]int{"alami": 1, "tazi": 1, "alaoui": 0, "bennani": 0} {
		if got := found(t, db, key); len(got) != want {
			t.Errorf("search %q found %v, want %d rows", key, got, want)
		}
	}
}

func TestFeedHoldsMemberWithUnsettledEntriesUntilSettled(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	feed(t, db, memberItem(2, "100000001", "Alaoui", "Bennani", "12 Rue Ibn Sina", 1))
	var entry OutboxEntry
	must(t, db.Write(ctx, func(tx *Tx) (err error) {
		entry, err = tx.Enqueue(ctx, domain.ChangeEvent{Kind: domain.EventAddressRequested, RegNo: "100000001", At: syncT0})
		return err
	}))
	// Newest wins among held copies, whatever order they come in.
	if held := feed(t, db, memberItem(5, "100000001", "Alami", "Tazi", "9 Rue Fès", 3),
		memberItem(4, "100000001", "Older", "Older", "1 Rue", 2)); !slices.Equal(held, []bool{true, true}) {
		t.Fatalf("held = %v", held)
	}
	adopt := func() int {
		var n int
		must(t, db.Write(ctx, func(tx *Tx) (err error) { n, err = tx.AdoptSettled(ctx, syncT0); return err }))
		return n
	}
	if n := adopt(); n != 0 {
		t.Fatalf("adopted %d while an entry is pending", n)
	}
	f, _ := db.MemberFile(ctx, memberID(t, db, "100000001"))
	if f.Member.FamilyName != "Alaoui" {
		t.Fatalf("the feed overwrote a member with a pending entry: %+v", f.Member)
	}
	// Set aside still holds; delivered settles.
	must(t, db.Write(ctx, func(tx *Tx) error {
		return tx.RecordAnswers(ctx, []Answer{{ID: entry.ID, State: EntrySetAside, Result: `{}`, Reason: "err.x"}}, syncT0)
	}))
	if n := adopt(); n != 0 {
		t.Fatalf("adopted %d while an entry is set aside", n)
	}
	must(t, db.Write(ctx, func(tx *Tx) error { return tx.DiscardEntry(ctx, entry.ID, "test", syncT0) }))
	if n := adopt(); n != 1 {
		t.Fatalf("adopted %d, want 1", n)
	}
	f, _ = db.MemberFile(ctx, memberID(t, db, "100000001"))
	if f.Member.FamilyName != "Alami" || f.Member.Version != 3 {
		t.Fatalf("the newest held copy was not adopted: %+v", f.Member)
	}
	if n, err := db.HeldCount(ctx); err != nil || n != 0 {
		t.Fatalf("held rows left: %d %v", n, err)
	}
}

func TestDeliverableSkipsOnlyTheSetAsideMember(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	var ids []string
	must(t, db.Write(ctx, func(tx *Tx) error {
		for _, regno := range []string{"A", "B", "A", "B"} {
			e, err := tx.Enqueue(ctx, domain.ChangeEvent{Kind: domain.EventAddressRequested, RegNo: regno, At: syncT0})
			if err != nil {
				return err
			}
			ids = append(ids, e.ID)
		}
		return nil
	}))
	must(t, db.Write(ctx, func(tx *Tx) error {
		return tx.RecordAnswers(ctx, []Answer{
			{ID: ids[0], State: EntrySetAside, Result: `{"status":"rejected"}`, Reason: "err.member_closed"},
			{ID: ids[1], State: EntryPending, Result: `{"status":"deferred"}`},
		}, syncT0)
	}))
	got, err := db.DeliverableEntries(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, e := range got {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int64{2, 4}) {
		t.Fatalf("deliverable seqs = %v, want B's 2 and 4 (A waits behind its set-aside entry)", seqs)
	}
	if got, _ := db.DeliverableEntries(ctx, 1); len(got) != 1 || got[0].Seq != 2 {
		t.Fatalf("limit not applied in order: %+v", got)
	}
	queued, err := db.QueuedEntries(ctx, syncT0)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queued {
		switch q.ID {
		case ids[0]:
			if q.State != EntrySetAside || q.LastError != "err.member_closed" || q.Attempts != 1 || !q.SettledAt.Equal(syncT0) {
				t.Errorf("set-aside entry: %+v", q)
			}
		case ids[1]:
			if q.State != EntryPending || q.Attempts != 1 || !q.SettledAt.IsZero() || q.Answer != `{"status":"deferred"}` {
				t.Errorf("deferred entry: %+v", q)
			}
		}
	}
	if p, s, err := db.SyncCounts(ctx); p != 3 || s != 1 || err != nil {
		t.Fatalf("counts %d pending %d set aside (%v)", p, s, err)
	}
}

func requestItem(seq int64, id, regno, state string) wire.FeedItem {
	return wire.FeedItem{Seq: seq, Kind: wire.ItemRequest, Request: &wire.Request{
		ID: id, Reference: "RAB01-20260615-" + id[len(id)-1:], RegNo: regno, Branch: "RAB01", BaseVersion: 1,
		RequestedBy: "agent2", RequestedAt: syncT0,
		Address:  domain.AddressInput{Line1: "7 Rue Oued Fès", City: "Rabat", PostalCode: "10000"},
		Evidence: domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: "AB123456", SignedForm: true, FormNumber: "F-1"},
		State:    state,
	}}
}

func TestFeedRequestsWaitForTheirMember(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	const r1, r2 = "0197a000-0000-7000-8000-000000000001", "0197a000-0000-7000-8000-000000000002"
	// The request comes before its member (the member changed later).
	if held := feed(t, db, requestItem(2, r1, "100000001", "pending")); !held[0] {
		t.Fatal("a request whose member is not here must be held")
	}
	var adopted int
	must(t, db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.ApplyFeedItem(ctx, memberItem(3, "100000001", "Alaoui", "Bennani", "12 Rue Ibn Sina", 1), syncT0); err != nil {
			return err
		}
		var err error
		adopted, err = tx.AdoptSettled(ctx, syncT0)
		return err
	}))
	if adopted != 1 {
		t.Fatalf("adopted %d, want the request", adopted)
	}
	r, err := db.Request(ctx, r1)
	if err != nil || r.State != domain.RequestPending || r.RequestedBy != "agent2" || r.Evidence.FormNumber != "F-1" {
		t.Fatalf("request not stored: %+v %v", r, err)
	}
	// A second pending request waits for the first to be decided.
	if held := feed(t, db, requestItem(4, r2, "100000001", "pending")); !held[0] {
		t.Fatal("a second pending request of the member must wait")
	}
	decided := requestItem(5, r1, "100000001", "approved")
	at := syncT0.Add(time.Hour)
	decided.Request.DecidedBy, decided.Request.DecidedAt = "super2", &at
	feed(t, db, decided)
	must(t, db.Write(ctx, func(tx *Tx) (err error) { adopted, err = tx.AdoptSettled(ctx, syncT0); return err }))
	if r, _ := db.Request(ctx, r1); r.State != domain.RequestApproved || r.DecidedBy != "super2" || !r.DecidedAt.Equal(at) {
		t.Fatalf("decision not applied: %+v", r)
	}
	if r, err := db.Request(ctx, r2); adopted != 1 || err != nil || r.State != domain.RequestPending {
		t.Fatalf("the second request was not adopted: %d %+v %v", adopted, r, err)
	}
}

func TestFeedAccountKeepsLockoutAndHoldsPendingChange(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	acc := wire.Account{Username: "amina", DisplayName: "Amina", Role: "agent", Branch: "RAB01", PasswordHash: "$argon2id$one"}
	feed(t, db, wire.FeedItem{Seq: 2, Kind: wire.ItemAccount, Account: &acc})
	u, ok, err := db.UserByName(ctx, "amina")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	lock := domain.LockState{Failures: 3}
	must(t, db.Write(ctx, func(tx *Tx) error { return tx.SetLockState(ctx, u.ID, lock) }))
	acc.Disabled, acc.MustChangePassword, acc.PasswordHash = true, true, "$argon2id$two"
	feed(t, db, wire.FeedItem{Seq: 3, Kind: wire.ItemAccount, Account: &acc})
	u, _, _ = db.UserByName(ctx, "amina")
	if !u.Disabled || !u.MustChangePassword || u.PasswordHash != "$argon2id$two" || u.Lock.Failures != 3 {
		t.Fatalf("account update: %+v", u)
	}
	must(t, db.Write(ctx, func(tx *Tx) error {
		_, err := tx.EnqueueEntry(ctx, wire.KindPasswordChanged, AccountHoldPrefix+"amina", syncT0, wire.PasswordChange{Username: "amina"})
		return err
	}))
	acc.PasswordHash = "$argon2id$three"
	if held := feed(t, db, wire.FeedItem{Seq: 4, Kind: wire.ItemAccount, Account: &acc}); !held[0] {
		t.Fatal("an account with a pending password change must be held")
	}
	if u, _, _ = db.UserByName(ctx, "amina"); u.PasswordHash != "$argon2id$two" {
		t.Fatalf("the feed overwrote a pending password change: %s", u.PasswordHash)
	}
}

func TestVisitorsAreForgottenOnceNoChangeNeedsThem(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	visitor := *memberItem(0, "200000002", "Berrada", "Kettani", "3 Rue Tanger", 1).Member
	visitor.HomeBranch = "CAS01"
	busy := visitor
	busy.RegNo, busy.FamilyName = "200000003", "Chraibi"
	fed := visitor
	fed.RegNo, fed.FamilyName = "200000004", "Fassi"
	local := *memberItem(0, "100000001", "Alaoui", "Bennani", "12 Rue Ibn Sina", 1).Member
	var vid, bid, lid int64
	must(t, db.Write(ctx, func(tx *Tx) (err error) {
		if vid, err = tx.StoreFetchedMember(ctx, visitor, "agent", syncT0); err != nil {
			return err
		}
		if bid, err = tx.StoreFetchedMember(ctx, busy, "agent", syncT0); err != nil {
			return err
		}
		lid, err = tx.StoreFetchedMember(ctx, local, "agent", syncT0)
		return err
	}))
	// A member of another branch the feed brings (a change for them was
	// made in this branch) is a visitor too.
	feed(t, db, wire.FeedItem{Seq: 5, Kind: wire.ItemMember, Member: &fed})
	fid := memberID(t, db, fed.RegNo)
	for id, want := range map[int64]bool{vid: true, bid: true, fid: true, lid: false} {
		if v, err := db.IsVisiting(ctx, id); err != nil || v != want {
			t.Errorf("member %d visiting = %v, want %v (%v)", id, v, want, err)
		}
	}
	if b, _ := db.Branches(ctx); len(b) != 2 || b[0].Code != "CAS01" {
		t.Fatalf("a visitor's home branch must exist locally: %+v", b)
	}
	// A visitor who moves into the branch is one of its members.
	moved := fed
	moved.HomeBranch = "RAB01"
	feed(t, db, wire.FeedItem{Seq: 6, Kind: wire.ItemMember, Member: &moved})
	if v, _ := db.IsVisiting(ctx, fid); v {
		t.Fatal("a member of the console's branch must not stay a visitor")
	}
	must(t, db.Write(ctx, func(tx *Tx) error {
		_, err := tx.Enqueue(ctx, domain.ChangeEvent{Kind: domain.EventAddressRequested, RegNo: busy.RegNo, At: syncT0})
		return err
	}))
	forget := func(before time.Time) int {
		var n int
		must(t, db.Write(ctx, func(tx *Tx) (err error) { n, err = tx.ForgetVisitors(ctx, before); return err }))
		return n
	}
	if n := forget(syncT0); n != 0 {
		t.Fatalf("forgot %d visitors fetched at the cut-off", n)
	}
	if n := forget(syncT0.Add(time.Minute)); n != 1 {
		t.Fatalf("forgot %d visitors, want 1 (the other has a pending entry)", n)
	}
	if _, err := db.MemberFile(ctx, vid); err != domain.ErrMemberNotFound {
		t.Fatalf("the visitor is still here: %v", err)
	}
	if got := found(t, db, "kettani"); len(got) != 2 {
		t.Fatalf("search rows: %v (want the busy visitor's and the moved member's spouses)", got)
	}
	if got := found(t, db, "berrada"); len(got) != 0 {
		t.Fatalf("the forgotten visitor's search rows are left: %v", got)
	}
	busyItem := wire.FeedItem{Seq: 10, Kind: wire.ItemMember, Member: &busy}
	if held := feed(t, db, busyItem); !held[0] {
		t.Fatal("the busy visitor has a pending entry: its feed copy must wait")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
