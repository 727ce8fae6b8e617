package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// queueFixture is a database with one member (regno 100000001) and three
// entries: one delivered, one set aside with the centre's answer, one
// pending for an account.
type queueFixture struct {
	db                            *DB
	delivered, setAside, password string
	at                            time.Time
}

func newQueueFixture(t *testing.T) *queueFixture {
	t.Helper()
	ctx := context.Background()
	db := newDB(t)
	if err := db.Write(ctx, func(tx *Tx) error {
		return tx.InsertBranch(ctx, Branch{Code: "RAB01", Name: "R", City: "Rabat", Region: "R"})
	}); err != nil {
		t.Fatal(err)
	}
	plantMember(t, db, 1, "Alaoui", "Mohamed", "Bennani")
	f := &queueFixture{db: db, at: time.Date(2025, 6, 15, 9, 0, 0, 0, time.UTC)}
	answer, _ := json.Marshal(wire.Result{Status: wire.StatusRejected, Reason: domain.KeyOwnRequest})
	err := db.Write(ctx, func(tx *Tx) error {
		ev := domain.ChangeEvent{Kind: domain.EventAddressRequested, RegNo: "100000001", At: f.at}
		d, err := tx.Enqueue(ctx, ev)
		if err != nil {
			return err
		}
		ev.Kind = domain.EventAddressApproved
		s, err := tx.Enqueue(ctx, ev)
		if err != nil {
			return err
		}
		p, err := tx.EnqueueEntry(ctx, wire.KindPasswordChanged, AccountHoldPrefix+"agent", f.at,
			wire.PasswordChange{Username: "agent", PasswordHash: "$argon2id$secret", At: f.at})
		if err != nil {
			return err
		}
		f.delivered, f.setAside, f.password = d.ID, s.ID, p.ID
		return tx.RecordAnswers(ctx, []Answer{
			{ID: d.ID, State: EntryDelivered, Result: `{"status":"applied"}`},
			{ID: s.ID, State: EntrySetAside, Result: string(answer), Reason: domain.KeyOwnRequest},
		}, f.at)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *queueFixture) entry(t *testing.T, id string) QueuedEntry {
	t.Helper()
	var e QueuedEntry
	err := f.db.Write(context.Background(), func(tx *Tx) error {
		var err error
		e, err = tx.QueuedEntry(context.Background(), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestQueuedEntriesListWhatIsNotSettled(t *testing.T) {
	f := newQueueFixture(t)
	list, err := f.db.QueuedEntries(context.Background(), f.at.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != f.setAside || list[1].ID != f.password {
		t.Fatalf("listed %+v, want the set-aside entry then the password change", list)
	}
	e := list[0]
	if e.State != EntrySetAside || e.Attempts != 1 || e.MemberID != 1 || e.MemberName != "Alaoui Mohamed" ||
		e.LastError != domain.KeyOwnRequest || e.SettledAt.IsZero() {
		t.Errorf("set-aside entry: %+v", e)
	}
	var res wire.Result
	if err := json.Unmarshal([]byte(e.Answer), &res); err != nil || res.Reason != domain.KeyOwnRequest {
		t.Errorf("answer %q: %v", e.Answer, err)
	}
	if p := list[1]; p.MemberID != 0 || p.State != EntryPending {
		t.Errorf("a password change names no member: %+v", p)
	}
}

func TestRequeueOnlyASetAsideEntry(t *testing.T) {
	f := newQueueFixture(t)
	ctx := context.Background()
	requeue := func(id string) error {
		return f.db.Write(ctx, func(tx *Tx) error { return tx.RequeueEntry(ctx, id) })
	}
	if err := requeue(f.setAside); err != nil {
		t.Fatal(err)
	}
	e := f.entry(t, f.setAside)
	if e.State != EntryPending || e.Attempts != 1 || e.Answer == "" {
		t.Errorf("requeued entry keeps its attempts and last answer: %+v", e)
	}
	for id, want := range map[string]error{f.setAside: ErrEntryNotSetAside, f.delivered: ErrEntryNotSetAside,
		"0190b7a4-0000-7000-8000-000000000000": ErrEntryNotFound} {
		if err := requeue(id); !errors.Is(err, want) {
			t.Errorf("requeue %s: %v, want %v", id, err, want)
		}
	}
}

func TestDiscardKeepsTheReasonAndSettles(t *testing.T) {
	f := newQueueFixture(t)
	ctx := context.Background()
	later := f.at.Add(time.Hour)
	discard := func(id string) error {
		return f.db.Write(ctx, func(tx *Tx) error { return tx.DiscardEntry(ctx, id, "recorded twice", later) })
	}
	if err := discard(f.setAside); err != nil {
		t.Fatal(err)
	}
	e := f.entry(t, f.setAside)
	if e.State != EntryDiscarded || e.DiscardReason != "recorded twice" || !e.SettledAt.Equal(later) {
		t.Errorf("discarded entry: %+v", e)
	}
	if err := discard(f.setAside); !errors.Is(err, ErrEntryNotSetAside) {
		t.Errorf("discarding twice: %v", err)
	}
	if err := discard(f.password); !errors.Is(err, ErrEntryNotSetAside) {
		t.Errorf("discarding a pending entry: %v", err)
	}
	// A discarded entry stays listed for a while, then drops off the list.
	for since, want := range map[time.Time]int{f.at: 2, later.Add(time.Minute): 1} {
		list, err := f.db.QueuedEntries(ctx, since)
		if err != nil || len(list) != want {
			t.Errorf("listed since %s: %d entries (%v), want %d", since, len(list), err, want)
		}
	}
}

func TestReopenApprovedRequest(t *testing.T) {
	f := newQueueFixture(t)
	ctx := context.Background()
	insert := func(id, ref, state string) {
		t.Helper()
		err := f.db.Write(ctx, func(tx *Tx) error {
			_, err := tx.tx.ExecContext(ctx, `INSERT INTO address_requests (id, ref, member_id, branch, base_version,
				requested_by, requested_at, line1, city, postal_code, evidence, state)
				VALUES (?, ?, 1, 'RAB01', 1, 'agent', '2025-06-15T09:00:00.000000000Z', '1 Rue', 'Rabat', '10000', '{}', ?)`,
				id, ref, state)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	reopen := func(id string) error {
		return f.db.Write(ctx, func(tx *Tx) error { return tx.ReopenApproved(ctx, id) })
	}
	insert("r1", "RAB01-20250615-1", "approved")
	if err := reopen("r1"); err != nil {
		t.Fatal(err)
	}
	r, err := f.db.Request(ctx, "r1")
	if err != nil || r.State != domain.RequestPending || r.DecidedBy != "" {
		t.Fatalf("reopened request: %+v, %v", r, err)
	}
	if err := reopen("r1"); !errors.Is(err, domain.ErrNotPending) {
		t.Errorf("reopening a pending request: %v", err)
	}
	insert("r2", "RAB01-20250615-2", "approved")
	if err := reopen("r2"); !errors.Is(err, domain.ErrChangePending) {
		t.Errorf("reopening beside a pending request: %v", err)
	}
}

func TestHeldMember(t *testing.T) {
	f := newQueueFixture(t)
	ctx := context.Background()
	var got *wire.FeedItem
	err := f.db.Write(ctx, func(tx *Tx) error {
		// The member has a set-aside entry: the feed holds its copy back.
		it := wire.FeedItem{Seq: 7, Kind: wire.ItemMember, Member: &wire.Member{RegNo: "100000001", Version: 9}}
		if held, err := tx.ApplyFeedItem(ctx, it, f.at); err != nil || !held {
			t.Errorf("feed item applied (held %v, %v), want held", held, err)
		}
		var err error
		if got, err = tx.HeldMember(ctx, "100000001"); err != nil {
			return err
		}
		none, err := tx.HeldMember(ctx, "999")
		if none != nil {
			t.Errorf("held copy of an unknown member: %+v", none)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Seq != 7 || got.Member.Version != 9 {
		t.Errorf("held copy: %+v", got)
	}
}
