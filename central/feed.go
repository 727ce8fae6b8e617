package central

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// kindOrder puts what others refer to first within a page: branches
// (accounts and members name them), accounts, members (requests and PINs
// name them), requests, PINs.
var kindOrder = map[string]int{wire.ItemBranch: 0, wire.ItemAccount: 1, wire.ItemMember: 2, wire.ItemRequest: 3,
	wire.ItemPIN: 4}

// Feed returns the device's branch feed after the cursor: at most limit
// feed rows scanned (wire.MaxFeedPage at most, and by default), each thing
// once per page as it is now, with the highest seq it had there. Within a
// page, items come in kindOrder then seq, so a member always precedes its
// requests; Next resumes after the last row scanned.
func (a *App) Feed(ctx context.Context, dev wire.Device, after int64, limit int) (wire.FeedPage, error) {
	if after < 0 {
		return wire.FeedPage{}, domain.NewFieldError("after", domain.KeyMalformedEntry)
	}
	if limit <= 0 || limit > wire.MaxFeedPage {
		limit = wire.MaxFeedPage
	}
	page := wire.FeedPage{Items: []wire.FeedItem{}, Next: after}
	err := a.st.Read(ctx, func(r Reader) error {
		rows, err := r.FeedAfter(ctx, dev.Branch, after, limit+1)
		if err != nil {
			return err
		}
		if page.Last, err = r.FeedHead(ctx); err != nil {
			return err
		}
		if len(rows) > limit {
			page.More, rows = true, rows[:limit]
		}
		if len(rows) == 0 {
			return nil
		}
		page.Next = rows[len(rows)-1].Seq
		page.Items, err = snapshots(ctx, r, newest(rows))
		return err
	})
	if err != nil {
		return wire.FeedPage{}, err
	}
	a.counts.fed(len(page.Items))
	slices.SortStableFunc(page.Items, func(x, y wire.FeedItem) int {
		if d := kindOrder[x.Kind] - kindOrder[y.Kind]; d != 0 {
			return d
		}
		return cmp.Compare(x.Seq, y.Seq)
	})
	return page, nil
}

// newest keeps, of the rows that name the same thing, the last one.
func newest(rows []FeedRow) []FeedRow {
	last := map[[2]string]int64{}
	for _, row := range rows {
		last[[2]string{row.Kind, row.Key}] = row.Seq
	}
	var out []FeedRow
	for _, row := range rows {
		if last[[2]string{row.Kind, row.Key}] == row.Seq {
			out = append(out, row)
		}
	}
	return out
}

// snapshots reads the current state of the things the rows name: the
// members, requests and PINs (most of a page) in one batch read per kind,
// the few branches and accounts one by one.
func snapshots(ctx context.Context, r Reader, rows []FeedRow) ([]wire.FeedItem, error) {
	keys := map[string][]string{}
	for _, row := range rows {
		keys[row.Kind] = append(keys[row.Kind], row.Key)
	}
	members, err := r.Members(ctx, keys[wire.ItemMember])
	if err != nil {
		return nil, err
	}
	requests, err := r.Requests(ctx, keys[wire.ItemRequest])
	if err != nil {
		return nil, err
	}
	pins, err := r.PINs(ctx, keys[wire.ItemPIN])
	if err != nil {
		return nil, err
	}
	items := make([]wire.FeedItem, 0, len(rows))
	for _, row := range rows {
		item := wire.FeedItem{Seq: row.Seq, Kind: row.Kind}
		var ok bool
		switch row.Kind {
		case wire.ItemBranch:
			var b wire.Branch
			b, ok, err = r.Branch(ctx, row.Key)
			item.Branch = &b
		case wire.ItemAccount:
			var acc AccountRecord
			acc, ok, err = r.Account(ctx, row.Key)
			item.Account = &wire.Account{Username: acc.Username, DisplayName: acc.DisplayName, Role: string(acc.Role),
				Branch: acc.Branch, PasswordHash: acc.PasswordHash, Disabled: acc.Disabled,
				MustChangePassword: acc.MustChangePassword}
		case wire.ItemMember:
			m, held := members[row.Key]
			item.Member, ok = &m, held
		case wire.ItemRequest:
			q, held := requests[row.Key]
			item.Request, ok = &q, held
		case wire.ItemPIN:
			p, held := pins[row.Key]
			w := WirePIN(p)
			item.PIN, ok = &w, held
		default:
			return nil, fmt.Errorf("central: feed row %d has unknown kind %q", row.Seq, row.Kind)
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			// Nothing the feed names is ever deleted.
			return nil, fmt.Errorf("central: feed row %d names a missing %s %q", row.Seq, row.Kind, row.Key)
		}
		items = append(items, item)
	}
	return items, nil
}
