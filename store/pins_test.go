package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// queuePIN records a reissue made here with its outbox entry, as the
// service does, and returns its id and the entry's.
func queuePIN(t *testing.T, db *DB, regno string, ch domain.PINChannel, at time.Time) (issue, entry string) {
	t.Helper()
	ctx := context.Background()
	issue = uuid.Must(uuid.NewV7()).String()
	must(t, db.Write(ctx, func(tx *Tx) error {
		memberID, _, err := tx.MemberIDByRegNo(ctx, regno)
		if err != nil {
			return err
		}
		o, err := tx.EnqueueEntry(ctx, domain.EventPINReissued, regno, at,
			domain.PINEvent{Kind: domain.EventPINReissued, IssueID: issue, RegNo: regno, Channel: ch, At: at})
		if err != nil {
			return err
		}
		entry = o.ID
		return tx.InsertPINIssue(ctx, PINIssue{ID: issue, MemberID: memberID, RegNo: regno, Channel: ch,
			RequestedBy: "agent", RequestedAt: at, OutboxID: o.ID,
			Override: &domain.PINOverride{By: "super", Reason: "moved last week, ID checked"}})
	}))
	return issue, entry
}

// The member the PIN tests reissue for, fed from the centre.
const pinRegNo = "100000001"

// pinDB is a synced database holding pinRegNo, with its verified address.
func pinDB(t *testing.T) *DB {
	t.Helper()
	db := syncDB(t)
	feed(t, db, memberItem(2, pinRegNo, "Alaoui", "Bennani", "12 Rue Ibn Sina", 1))
	return db
}

// pinState is the centre's word on the post reissue id of pinRegNo, as the
// feed's item seq carries it.
func pinState(seq int64, id, state, expires string) wire.FeedItem {
	return wire.FeedItem{Seq: seq, Kind: wire.ItemPIN, PIN: &wire.PIN{ID: id, RegNo: pinRegNo, Channel: "post",
		State: state, RequestedBy: "agent", RequestedAt: syncT0, ExpiresOn: expires}}
}

// storedPINIssues counts every reissue row, whatever its member.
func storedPINIssues(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(context.Background(), `SELECT count(*) FROM pin_issues`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func pinHistory(t *testing.T, db *DB, regno string) []PINIssue {
	t.Helper()
	h, err := db.PINIssues(context.Background(), memberID(t, db, regno))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestPINHistoryShowsQueuedThenTheCentresState(t *testing.T) {
	db := pinDB(t)
	first, _ := queuePIN(t, db, pinRegNo, domain.ChannelPost, syncT0)
	second, _ := queuePIN(t, db, pinRegNo, domain.ChannelCounter, syncT0.Add(time.Hour))

	h := pinHistory(t, db, pinRegNo)
	if len(h) != 2 || h[0].ID != second || h[1].ID != first {
		t.Fatalf("history not newest first: %+v", h)
	}
	if h[0].State != domain.PINQueued || h[0].Refusal != "" || h[0].Override == nil || h[0].Override.By != "super" {
		t.Errorf("a queued reissue: %+v", h[0])
	}

	// The centre's state comes down the feed; an expiry once the PIN exists,
	// and a later item without the expiry keeps the one known.
	feed(t, db, pinState(3, first, "requested", ""))
	feed(t, db, pinState(4, first, "active", "2026-07-16"))
	feed(t, db, pinState(5, first, "superseded", ""))
	h = pinHistory(t, db, pinRegNo)
	if h[1].State != domain.PINSuperseded || h[1].ExpiresOn.String() != "2026-07-16" || h[1].Override == nil {
		t.Errorf("the centre's state: %+v", h[1])
	}

	// A reissue made elsewhere for a member held here is added; one for a
	// member not held here is ignored.
	other := uuid.Must(uuid.NewV7()).String()
	elsewhere := wire.FeedItem{Seq: 7, Kind: wire.ItemPIN, PIN: &wire.PIN{ID: uuid.Must(uuid.NewV7()).String(),
		RegNo: "999999999", Channel: "post", State: "requested", RequestedBy: "karim", RequestedAt: syncT0}}
	feed(t, db,
		wire.FeedItem{Seq: 6, Kind: wire.ItemPIN, PIN: &wire.PIN{ID: other, RegNo: pinRegNo, Channel: "email",
			State: "active", Branch: "CAS01", RequestedBy: "karim", RequestedAt: syncT0.Add(2 * time.Hour), ExpiresOn: "2026-07-16"}},
		elsewhere)
	h = pinHistory(t, db, pinRegNo)
	if len(h) != 3 || h[0].ID != other || h[0].State != domain.PINActive || h[0].RequestedBy != "karim" || h[0].OutboxID != "" {
		t.Fatalf("a reissue made elsewhere: %+v", h)
	}
	if n := storedPINIssues(t, db); n != 3 {
		t.Errorf("%d reissues stored, want 3: another member's must be ignored", n)
	}
}

func TestPINHistoryShowsARefusedEntry(t *testing.T) {
	db := pinDB(t)
	ctx := context.Background()
	rejected, rejectedEntry := queuePIN(t, db, pinRegNo, domain.ChannelCounter, syncT0)
	discarded, discardedEntry := queuePIN(t, db, pinRegNo, domain.ChannelPost, syncT0.Add(time.Minute))
	must(t, db.Write(ctx, func(tx *Tx) error {
		if err := tx.RecordAnswers(ctx, []Answer{{ID: rejectedEntry, State: EntrySetAside, Result: `{}`,
			Reason: domain.KeyPINLimit}}, syncT0); err != nil {
			return err
		}
		return tx.DiscardUnsettled(ctx, discardedEntry, "duplicate request", syncT0)
	}))
	byID := map[string]PINIssue{}
	for _, p := range pinHistory(t, db, pinRegNo) {
		byID[p.ID] = p
	}
	if p := byID[rejected]; p.State != domain.PINRefused || p.Refusal != domain.KeyPINLimit {
		t.Errorf("rejected by the centre: %+v", p)
	}
	if p := byID[discarded]; p.State != domain.PINRefused || p.Refusal != domain.KeyEntryDiscarded {
		t.Errorf("discarded here: %+v", p)
	}
	// A supervisor's retry puts it back in the queue.
	must(t, db.Write(ctx, func(tx *Tx) error { return tx.RequeueEntry(ctx, rejectedEntry) }))
	for _, p := range pinHistory(t, db, pinRegNo) {
		if p.ID == rejected && (p.State != domain.PINQueued || p.Refusal != "") {
			t.Errorf("retried: %+v", p)
		}
	}
}

func TestCurrentAddress(t *testing.T) {
	db := pinDB(t)
	ctx := context.Background()
	id := memberID(t, db, pinRegNo)
	must(t, db.Write(ctx, func(tx *Tx) error {
		a, err := tx.CurrentAddress(ctx, id)
		if err != nil || a == nil || a.Line1 != "12 Rue Ibn Sina" || !a.Verified || !a.ValidFrom.Equal(syncT0.Add(2*time.Hour)) {
			t.Errorf("current address: %+v %v", a, err)
		}
		if a, err := tx.CurrentAddress(ctx, id+100); a != nil || err != nil {
			t.Errorf("no address: %+v %v", a, err)
		}
		return nil
	}))
}

// A visitor is forgotten with its PIN history once its reissue is
// settled; while the reissue is pending, the visitor stays.
func TestForgottenVisitorTakesItsPINHistoryAlong(t *testing.T) {
	db := syncDB(t)
	ctx := context.Background()
	visitor := *memberItem(0, "200000002", "Berrada", "Kettani", "3 Rue Tanger", 1).Member
	visitor.HomeBranch = "CAS01"
	must(t, db.Write(ctx, func(tx *Tx) error {
		_, err := tx.StoreFetchedMember(ctx, visitor, "agent", syncT0)
		return err
	}))
	_, entry := queuePIN(t, db, visitor.RegNo, domain.ChannelCounter, syncT0)
	forget := func() (n int) {
		must(t, db.Write(ctx, func(tx *Tx) (err error) { n, err = tx.ForgetVisitors(ctx, syncT0.Add(time.Hour)); return err }))
		return n
	}
	if n := forget(); n != 0 {
		t.Fatal("a visitor with a pending reissue was forgotten")
	}
	must(t, db.Write(ctx, func(tx *Tx) error {
		return tx.RecordAnswers(ctx, []Answer{{ID: entry, State: EntryDelivered, Result: `{}`}}, syncT0)
	}))
	if n := forget(); n != 1 {
		t.Fatalf("forgot %d visitors", n)
	}
	if left := storedPINIssues(t, db); left != 0 {
		t.Errorf("%d reissues left of a forgotten visitor", left)
	}
}
