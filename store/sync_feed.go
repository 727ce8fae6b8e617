package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// The centre's feed (sync/client validates every item before it gets
// here). The feed never overwrites a member or an account that still has
// local outbox entries pending or set aside: the newest copy waits in
// feed_held, keyed by kind and key, and AdoptSettled applies it once those
// entries are settled.

// AccountHoldPrefix starts the hold key (outbox member_regno) of an
// account's entries: "user:" + username.
const AccountHoldPrefix = "user:"

// kindRequestHeld marks a held request item (feed_held.kind): a request of
// a member with unsettled entries, or one that cannot be stored yet (its
// member has not come down, or another request of the member is still
// pending here).
const kindRequestHeld = wire.ItemRequest

// ApplyFeedItem applies one item of the feed, or holds it; it reports
// whether it held it. A member of another branch than the console's is
// kept as a visitor (see ForgetVisitors).
func (t *Tx) ApplyFeedItem(ctx context.Context, it wire.FeedItem, at time.Time) (held bool, err error) {
	switch it.Kind {
	case wire.ItemBranch:
		return false, t.upsertBranch(ctx, *it.Branch)
	case wire.ItemMember:
		return t.applyOrHold(ctx, it, it.Member.RegNo, it.Member.RegNo, at, func() error {
			id, err := t.upsertMember(ctx, *it.Member, at)
			if err != nil {
				return err
			}
			return t.placeMember(ctx, id, it.Member.HomeBranch, at)
		})
	case wire.ItemAccount:
		key := AccountHoldPrefix + it.Account.Username
		return t.applyOrHold(ctx, it, it.Account.Username, key, at, func() error {
			return t.upsertAccount(ctx, *it.Account, at)
		})
	case wire.ItemRequest:
		blocked := false
		held, err := t.applyOrHold(ctx, it, it.Request.ID, it.Request.RegNo, at, func() error {
			var err error
			blocked, err = t.upsertRequest(ctx, *it.Request)
			return err
		})
		if err == nil && blocked {
			return true, t.hold(ctx, it, it.Request.ID, at)
		}
		return held, err
	case wire.ItemPIN:
		// The centre owns a reissue's state: applied at once, never held
		// (what this console queued shows through its outbox entry).
		return false, t.upsertPIN(ctx, *it.PIN, at)
	}
	return false, fmt.Errorf("feed item %d: unknown kind %q", it.Seq, it.Kind)
}

// applyOrHold holds the item under key when holdKey has unsettled entries,
// and otherwise applies it and drops any older held copy.
func (t *Tx) applyOrHold(ctx context.Context, it wire.FeedItem, key, holdKey string, at time.Time, apply func() error) (bool, error) {
	unsettled, err := t.hasUnsettled(ctx, holdKey)
	if err != nil {
		return false, err
	}
	if unsettled {
		return true, t.hold(ctx, it, key, at)
	}
	if err := apply(); err != nil {
		return false, err
	}
	_, err = t.tx.ExecContext(ctx, `DELETE FROM feed_held WHERE kind = ? AND key = ? AND
		json_extract(payload, '$.seq') <= ?`, it.Kind, key, it.Seq)
	return false, err
}

// hasUnsettled reports whether a hold key has outbox entries pending or set
// aside.
func (t *Tx) hasUnsettled(ctx context.Context, holdKey string) (bool, error) {
	var n bool
	err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox WHERE member_regno = ?
		AND state IN ('pending', 'set_aside'))`, holdKey).Scan(&n)
	return n, err
}

// hold keeps the item aside; a newer copy replaces an older one, never the
// reverse.
func (t *Tx) hold(ctx context.Context, it wire.FeedItem, key string, at time.Time) error {
	payload, err := json.Marshal(it)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO feed_held (kind, key, payload, held_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload, held_at = excluded.held_at
		WHERE json_extract(excluded.payload, '$.seq') >= json_extract(feed_held.payload, '$.seq')`,
		it.Kind, key, string(payload), formatTime(at))
	return err
}

// heldItem is a row of feed_held.
type heldItem struct {
	kind, key string
	item      wire.FeedItem
}

// feedKindOrder ranks the feed's kinds in the order they are applied.
var feedKindOrder = map[string]int{wire.ItemBranch: 0, wire.ItemMember: 1, wire.ItemAccount: 2, wire.ItemRequest: 3,
	wire.ItemPIN: 4}

// FeedKindOrder ranks a feed item's kind for applying a batch of items:
// branches before the members and accounts that name them, members before
// their requests and PIN reissues.
func FeedKindOrder(kind string) int { return feedKindOrder[kind] }

// AdoptSettled applies at `at` every held snapshot whose hold key has no
// outbox entry pending or set aside, exactly as the feed would, and
// deletes it; it returns how many it adopted. A request that still cannot
// be stored (its member is missing, or another request of the member is
// pending) stays held.
func (t *Tx) AdoptSettled(ctx context.Context, at time.Time) (int, error) {
	scan := func(row sqlitedb.Scanner) (h heldItem, err error) {
		var payload string
		if err = row.Scan(&h.kind, &h.key, &payload); err != nil {
			return h, err
		}
		return h, json.Unmarshal([]byte(payload), &h.item)
	}
	held, err := sqlitedb.Collect(scan)(t.tx.QueryContext(ctx, `SELECT kind, key, payload FROM feed_held`))
	if err != nil {
		return 0, fmt.Errorf("reading held feed items: %w", err)
	}
	slices.SortStableFunc(held, func(a, b heldItem) int {
		return cmp.Or(cmp.Compare(FeedKindOrder(a.kind), FeedKindOrder(b.kind)), cmp.Compare(a.item.Seq, b.item.Seq))
	})
	adopted := 0
	for _, h := range held {
		if err := checkHeld(h); err != nil {
			return adopted, err
		}
		stillHeld, err := t.ApplyFeedItem(ctx, h.item, at)
		if err != nil {
			return adopted, fmt.Errorf("adopting the held %s %s: %w", h.kind, h.key, err)
		}
		if !stillHeld {
			adopted++
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM feed_held WHERE kind = ? AND key = ?`, h.kind, h.key); err != nil {
				return adopted, err
			}
		}
	}
	return adopted, nil
}

// checkHeld makes sure a held row carries the item its kind names.
func checkHeld(h heldItem) error {
	it := h.item
	ok := it.Kind == h.kind && map[string]bool{
		wire.ItemMember:  it.Member != nil,
		wire.ItemAccount: it.Account != nil,
		wire.ItemRequest: it.Request != nil,
	}[h.kind]
	if !ok {
		return errors.New("feed_held: row " + h.kind + " " + h.key + " does not hold a " + h.kind)
	}
	return nil
}

// HeldCount says how many feed items wait in feed_held.
func (db *DB) HeldCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM feed_held`).Scan(&n)
	return n, err
}

func (t *Tx) upsertBranch(ctx context.Context, b wire.Branch) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO branches (code, name, city, region) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city, region = excluded.region`,
		b.Code, b.Name, b.City, b.Region)
	return err
}

// ensureBranch makes sure a branch a member or an account names exists:
// a member fetched from another branch may name a branch the feed has not
// brought (yet). The row holds the code alone until the feed brings the
// branch, which then fills it in.
func (t *Tx) ensureBranch(ctx context.Context, code string) error {
	if code == "" {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, `INSERT OR IGNORE INTO branches (code, name, city, region) VALUES (?, ?, '', '')`, code, code)
	return err
}

// upsertAccount stores a centre-managed account; the device's own lockout
// counters stay as they are.
func (t *Tx) upsertAccount(ctx context.Context, a wire.Account, at time.Time) error {
	var branch any
	if a.Branch != "" {
		branch = a.Branch
		if err := t.ensureBranch(ctx, a.Branch); err != nil {
			return err
		}
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO users (username, display_name, role, branch_code, password_hash,
		disabled, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
		branch_code = excluded.branch_code, password_hash = excluded.password_hash, disabled = excluded.disabled,
		must_change_password = excluded.must_change_password`,
		a.Username, a.DisplayName, a.Role, branch, a.PasswordHash, a.Disabled, a.MustChangePassword, formatTime(at))
	return err
}
