package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
)

// A discard's followers are the later unsettled entries of the same
// request under the same hold key, nothing else.
func TestUnsettledOfRequestNamesOnlyTheRequestsLaterEntries(t *testing.T) {
	ctx := context.Background()
	db := syncDB(t)
	ev := func(kind, request, regno string) domain.ChangeEvent {
		return domain.ChangeEvent{Kind: kind, RequestID: request, RegNo: regno, At: syncT0}
	}
	var queued []OutboxEntry
	must(t, db.Write(ctx, func(tx *Tx) error {
		for _, e := range []domain.ChangeEvent{
			ev(domain.EventAddressRequested, "r1", "100000001"), // the one discarded
			ev(domain.EventAddressApproved, "r1", "100000001"),  // follows it
			ev(domain.EventAddressRequested, "r2", "100000001"), // another request of the member
			ev(domain.EventAddressCancelled, "r1", "100000002"), // another hold key
			ev(domain.EventAddressRejected, "r1", "100000001"),  // settled already
		} {
			o, err := tx.Enqueue(ctx, e)
			if err != nil {
				return err
			}
			queued = append(queued, o)
		}
		return tx.RecordAnswers(ctx, []Answer{{ID: queued[4].ID, State: EntryDelivered, Result: `{}`}}, syncT0)
	}))
	var followers []QueuedEntry
	must(t, db.Write(ctx, func(tx *Tx) (err error) {
		followers, err = tx.UnsettledOfRequest(ctx, "100000001", "r1", queued[0].Seq)
		return err
	}))
	if len(followers) != 1 || followers[0].ID != queued[1].ID {
		t.Fatalf("followers: %+v", followers)
	}
	later := syncT0.Add(time.Hour)
	must(t, db.Write(ctx, func(tx *Tx) error { return tx.DiscardUnsettled(ctx, queued[1].ID, "follows", later) }))
	list, err := db.QueuedEntries(ctx, syncT0)
	must(t, err)
	for _, e := range list {
		if e.ID == queued[1].ID && (e.State != EntryDiscarded || e.DiscardReason != "follows" || !e.SettledAt.Equal(later)) {
			t.Errorf("the follower after its discard: %+v", e)
		}
	}
	for _, id := range []string{queued[1].ID, queued[4].ID, "no-such-entry"} {
		err := db.Write(ctx, func(tx *Tx) error { return tx.DiscardUnsettled(ctx, id, "again", later) })
		if !errors.Is(err, ErrEntryNotFound) {
			t.Errorf("discarding %s, settled or unknown: %v", id, err)
		}
	}
}

// An approval made here is taken back only while the member's record is
// still the one it made; a record changed since (here by the feed) stands.
func TestUndoApprovalOnlyWhileTheRecordIsUnchanged(t *testing.T) {
	ctx := context.Background()
	db := syncDB(t)
	feed(t, db, memberItem(2, "100000001", "Alaoui", "Bennani", "1 Rue du Feed", 3),
		memberItem(3, "100000002", "Berrada", "Tazi", "2 Rue du Feed", 3))
	approvedAt := syncT0.Add(24 * time.Hour)
	approve := func(regno, ref string) AddressRequest {
		r := AddressRequest{ID: ref, Ref: ref, MemberID: memberID(t, db, regno), Branch: "RAB01", BaseVersion: 3,
			RequestedBy: "agent", RequestedAt: syncT0, Address: domain.AddressInput{Line1: "9 Rue Neuve", City: "Rabat", PostalCode: "10000"}}
		must(t, db.Write(ctx, func(tx *Tx) error {
			if err := tx.InsertRequest(ctx, r); err != nil {
				return err
			}
			if err := tx.DecideRequest(ctx, r.ID, domain.RequestApproved, "super", approvedAt, ""); err != nil {
				return err
			}
			return tx.ApplyAddress(ctx, r.MemberID, r.Address, approvedAt)
		}))
		r, err := db.Request(ctx, ref)
		must(t, err)
		return r
	}
	undo := func(r AddressRequest, at time.Time) bool {
		var undone bool
		must(t, db.Write(ctx, func(tx *Tx) (err error) { undone, err = tx.UndoApproval(ctx, r, at); return err }))
		return undone
	}

	r1 := approve("100000001", "RAB01-1")
	later := approvedAt.Add(time.Hour)
	if !undo(r1, later) {
		t.Fatal("an unchanged record was not restored")
	}
	f, err := db.MemberFile(ctx, r1.MemberID)
	must(t, err)
	if f.Member.Version != 3 || f.Addresses[0].Line1 != "1 Rue du Feed" || !f.Addresses[0].Verified ||
		f.Addresses[0].ValidTo != nil || !f.Addresses[0].ValidFrom.Equal(later) || len(f.Addresses) != 3 {
		t.Errorf("the record after the undo: v%d %+v", f.Member.Version, f.Addresses)
	}
	if undo(r1, later) {
		t.Error("an approval was taken back twice")
	}

	r2 := approve("100000002", "RAB01-2")
	feed(t, db, memberItem(9, "100000002", "Berrada", "Tazi", "5 Rue du Centre", 5))
	if undo(r2, later) {
		t.Error("the centre's newer record was undone")
	}
	f, err = db.MemberFile(ctx, r2.MemberID)
	must(t, err)
	if f.Member.Version != 5 || f.Addresses[0].Line1 != "5 Rue du Centre" {
		t.Errorf("the centre's record after a refused undo: v%d %+v", f.Member.Version, f.Addresses[0])
	}

	cancel := func(ref, reason string) bool {
		var ok bool
		must(t, db.Write(ctx, func(tx *Tx) (err error) {
			ok, err = tx.CancelUndelivered(ctx, ref, "super", later, reason)
			return err
		}))
		return ok
	}
	if !cancel("RAB01-1", "not delivered") || !cancel("RAB01-2", "not delivered") {
		t.Error("an approved request was not cancelled")
	}
	if cancel("RAB01-1", "again") {
		t.Error("a cancelled request was cancelled again")
	}
	if r, err := db.Request(ctx, "RAB01-1"); err != nil || r.State != domain.RequestCancelled || r.DecisionReason != "not delivered" {
		t.Errorf("the cancelled request: %+v %v", r, err)
	}
}
