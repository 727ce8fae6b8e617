package store

import (
	"context"
	"fmt"
	"time"

	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// Members fetched on demand from outside the console's scope ("visitors")
// are kept only while a change for them is under way (DESIGN.md, "Branches
// and accounts").

// StoreFetchedMember keeps a member fetched from the centre as the feed
// would (held instead when the member has unsettled entries here) and
// returns the local id. Fetching a visitor again renews its stay.
func (t *Tx) StoreFetchedMember(ctx context.Context, m wire.Member, by string, at time.Time) (int64, error) {
	// Seq 0: a fetched copy is older than anything the feed brings.
	if _, err := t.ApplyFeedItem(ctx, wire.FeedItem{Kind: wire.ItemMember, Member: &m}, at); err != nil {
		return 0, err
	}
	id, ok, err := t.MemberIDByRegNo(ctx, m.RegNo)
	if err != nil {
		return 0, err
	}
	if !ok { // held, yet not here: unsettled entries of a member that is gone
		return 0, fmt.Errorf("member %s has unsettled entries but is not here", m.RegNo)
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE visiting SET fetched_at = ?, fetched_by = ? WHERE member_id = ?`,
		formatTime(at), by, id)
	return id, err
}

// placeMember keeps a member of another branch than the console's as a
// visitor (fetched on demand, or fed because a change for them was made
// in this branch), and a member of the console's branch as its own.
func (t *Tx) placeMember(ctx context.Context, memberID int64, home string, at time.Time) error {
	branch, err := t.Meta(ctx, MetaBranch)
	if err != nil || branch == "" { // not provisioned: no scope to be outside of
		return err
	}
	if home == branch {
		_, err = t.tx.ExecContext(ctx, `DELETE FROM visiting WHERE member_id = ?`, memberID)
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO visiting (member_id, fetched_at, fetched_by) VALUES (?, ?, '')
		ON CONFLICT (member_id) DO NOTHING`, memberID, formatTime(at))
	return err
}

// IsVisiting reports whether a member is kept here as a visitor.
func (db *DB) IsVisiting(ctx context.Context, memberID int64) (bool, error) {
	var v bool
	err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM visiting WHERE member_id = ?)`, memberID).Scan(&v)
	return v, err
}

// ForgetVisitors deletes the visitors fetched before `before` that have no
// pending request and no unsettled outbox entry: the member, the
// beneficiaries, the address history, the decided requests, the search
// rows and any held feed copy. The outbox keeps their (settled) entries
// and the audit chain what was done. It returns how many it deleted.
func (t *Tx) ForgetVisitors(ctx context.Context, before time.Time) (int, error) {
	type visitor struct {
		id    int64
		regno string
	}
	scan := func(row sqlitedb.Scanner) (v visitor, err error) { return v, row.Scan(&v.id, &v.regno) }
	gone, err := sqlitedb.Collect(scan)(t.tx.QueryContext(ctx, `SELECT v.member_id, m.regno FROM visiting v
		JOIN members m ON m.id = v.member_id
		WHERE v.fetched_at < ?
		AND NOT EXISTS (SELECT 1 FROM address_requests r WHERE r.member_id = v.member_id AND r.state = 'pending')
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.member_regno = m.regno AND o.state IN ('pending', 'set_aside'))`,
		formatTime(before)))
	if err != nil {
		return 0, err
	}
	for _, v := range gone {
		if err := t.unindexMember(ctx, v.id); err != nil {
			return 0, err
		}
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM feed_held WHERE (kind = 'member' AND key = ?1)
			OR (kind = 'request' AND json_extract(payload, '$.request.registration_number') = ?1)`, v.regno); err != nil {
			return 0, err
		}
		for _, table := range []string{"beneficiaries", "addresses", "address_requests", "visiting"} {
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE member_id = ?`, v.id); err != nil {
				return 0, fmt.Errorf("forgetting visitor %s: %w", v.regno, err)
			}
		}
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM members WHERE id = ?`, v.id); err != nil {
			return 0, fmt.Errorf("forgetting visitor %s: %w", v.regno, err)
		}
	}
	return len(gone), nil
}
