package store

import (
	"context"
	"fmt"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

// Members fetched on demand from outside the console's scope ("visitors")
// are kept only while a change for them is under way (DESIGN.md, "Branches
// and accounts").

// StoreFetchedMember keeps a member fetched from the centre as the feed
// would (held instead when the member has unsettled entries here) and
// returns the local id. A member that was not here and is not of
// scopeBranch becomes a visitor; fetching a visitor again renews it.
func (t *Tx) StoreFetchedMember(ctx context.Context, m wire.Member, scopeBranch, by string, at time.Time) (int64, error) {
	id, existed, err := t.MemberIDByRegNo(ctx, m.RegNo)
	if err != nil {
		return 0, err
	}
	var visitor bool
	if existed {
		if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM visiting WHERE member_id = ?)`, id).Scan(&visitor); err != nil {
			return 0, err
		}
	}
	// Seq 0: a fetched copy, older than anything the feed brings.
	held, err := t.ApplyFeedItem(ctx, wire.FeedItem{Kind: wire.ItemMember, Member: &m}, at)
	if err != nil {
		return 0, err
	}
	if held {
		if !existed {
			return 0, fmt.Errorf("member %s has unsettled entries but is not here", m.RegNo)
		}
		return id, nil
	}
	if !existed {
		if id, _, err = t.MemberIDByRegNo(ctx, m.RegNo); err != nil {
			return 0, err
		}
		visitor = m.HomeBranch != scopeBranch
	}
	if !visitor {
		return id, nil
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO visiting (member_id, fetched_at, fetched_by) VALUES (?, ?, ?)
		ON CONFLICT (member_id) DO UPDATE SET fetched_at = excluded.fetched_at, fetched_by = excluded.fetched_by`,
		id, formatTime(at), by)
	return id, err
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
	scan := func(row scanner) (v visitor, err error) { return v, row.Scan(&v.id, &v.regno) }
	gone, err := collect(scan)(t.tx.QueryContext(ctx, `SELECT v.member_id, m.regno FROM visiting v
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
