package client

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// pull reads the feed after the stored cursor, page after page until the
// centre says there is no more. Each page is applied in one transaction
// that also stores the new cursor, so a pull cut short resumes where it
// stopped and never applies a page twice. The next page is fetched while
// one is applied; provisioning's pull leaves the search index to
// store.FinishProvisioning.
func (e *Engine) pull(ctx context.Context, rep *Report) error {
	after, err := e.metaInt(ctx, store.MetaFeedCursor)
	if err != nil {
		return err
	}
	// A page fetched ahead is cancelled when the pull stops, and waited
	// for: no request of this pass reaches the centre after it ends.
	ctx, stop := context.WithCancel(ctx)
	var coming <-chan fetchedPage
	defer func() {
		stop()
		if coming != nil {
			<-coming
		}
	}()
	write := e.db.WritePage
	if e.provisioning {
		write = e.db.WriteProvisioning
	}
	coming = e.fetchPage(ctx, after)
	start := after
	for {
		f := <-coming
		coming = nil
		if f.err != nil {
			return f.err
		}
		page := f.page
		next := max(page.Next, after) // an empty last page may name no cursor
		if page.More {
			// The next page travels while this one is applied.
			coming = e.fetchPage(ctx, next)
		}
		err := write(ctx, func(tx *store.Tx) error {
			now := e.opts.Now()
			held := 0
			for _, it := range page.Items {
				h, err := tx.ApplyFeedItem(ctx, it, now)
				if err != nil {
					return fmt.Errorf("feed item %d: %w", it.Seq, err)
				}
				held += b2i(h)
			}
			adopted, err := tx.AdoptSettled(ctx, now)
			if err != nil {
				return err
			}
			rep.Held += held
			rep.Adopted += adopted
			return tx.SetMeta(ctx, store.MetaFeedCursor, strconv.FormatInt(next, 10))
		})
		if err != nil {
			return fmt.Errorf("applying the feed after %d: %w", after, err)
		}
		rep.Pulled += len(page.Items)
		after = next
		if page.More { // the last page ends the bar: the rest of the feed is other branches'
			e.showProgress(service.SyncPulling, next-start, page.Last-start)
		} else {
			e.showProgress(service.SyncPulling, 0, 0)
		}
		if e.progress != nil {
			reached := next
			if !page.More { // the rest of the feed belongs to other branches
				reached = max(next, page.Last)
			}
			e.progress(PullProgress{Pulled: rep.Pulled, Cursor: reached, Last: page.Last})
		}
		if !page.More {
			return nil
		}
	}
}

// fetchedPage is a feed page read and checked, or why not.
type fetchedPage struct {
	page wire.FeedPage
	err  error
}

// fetchPage reads and checks the page after a cursor in the background.
func (e *Engine) fetchPage(ctx context.Context, after int64) <-chan fetchedPage {
	out := make(chan fetchedPage, 1)
	go func() {
		var f fetchedPage
		q := url.Values{"after": {strconv.FormatInt(after, 10)}, "limit": {strconv.Itoa(e.opts.FeedPage)}}
		if f.err = e.link.getJSON(ctx, "feed", wire.PathFeed, q, nil, &f.page); f.err == nil {
			f.err = checkPage(&f.page, after)
		}
		out <- f
	}()
	return out
}

// checkPage validates a page before any of it is stored: its size, its
// cursor, and every item (cleaned in place, then put in apply order).
func checkPage(p *wire.FeedPage, after int64) error {
	if len(p.Items) > wire.MaxFeedPage {
		return fmt.Errorf("feed: a page of %d items (at most %d)", len(p.Items), wire.MaxFeedPage)
	}
	if p.More && p.Next <= after {
		return fmt.Errorf("feed: the cursor does not advance (after %d, next %d)", after, p.Next)
	}
	if len(p.Items) > 0 && p.Next < after {
		return fmt.Errorf("feed: the cursor goes back (after %d, next %d)", after, p.Next)
	}
	for i := range p.Items {
		if p.Items[i].Seq <= after || p.Items[i].Seq > p.Next {
			return fmt.Errorf("feed: item seq %d outside (%d, %d]", p.Items[i].Seq, after, p.Next)
		}
		if err := checkItem(&p.Items[i]); err != nil {
			return err
		}
	}
	slices.SortStableFunc(p.Items, func(a, b wire.FeedItem) int {
		return cmp.Compare(store.FeedKindOrder(a.Kind), store.FeedKindOrder(b.Kind))
	})
	return nil
}
