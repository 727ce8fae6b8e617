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
// (accounts and members name them), accounts, members (requests name
// them), requests.
var kindOrder = map[string]int{wire.ItemBranch: 0, wire.ItemAccount: 1, wire.ItemMember: 2, wire.ItemRequest: 3}

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
		latest := map[[2]string]int64{}
		for _, row := range rows {
			latest[[2]string{row.Kind, row.Key}] = row.Seq
		}
		for _, row := range rows {
			if latest[[2]string{row.Kind, row.Key}] != row.Seq {
				continue
			}
			item, err := snapshot(ctx, r, row)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, item)
		}
		return nil
	})
	if err != nil {
		return wire.FeedPage{}, err
	}
	slices.SortStableFunc(page.Items, func(x, y wire.FeedItem) int {
		if d := kindOrder[x.Kind] - kindOrder[y.Kind]; d != 0 {
			return d
		}
		return cmp.Compare(x.Seq, y.Seq)
	})
	return page, nil
}

// snapshot is the current state of the thing a feed row names.
func snapshot(ctx context.Context, r Reader, row FeedRow) (wire.FeedItem, error) {
	item := wire.FeedItem{Seq: row.Seq, Kind: row.Kind}
	var ok bool
	var err error
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
		var m wire.Member
		m, ok, err = r.Member(ctx, row.Key)
		item.Member = &m
	case wire.ItemRequest:
		var q wire.Request
		q, ok, err = r.Request(ctx, row.Key)
		item.Request = &q
	default:
		return item, fmt.Errorf("central: feed row %d has unknown kind %q", row.Seq, row.Kind)
	}
	if err == nil && !ok {
		// Nothing the feed names is ever deleted.
		err = fmt.Errorf("central: feed row %d names a missing %s %q", row.Seq, row.Kind, row.Key)
	}
	return item, err
}
