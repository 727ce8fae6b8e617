package storagetest

import (
	"strings"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// appendFeed writes feed rows for (key, branch) pairs, one write.
func (e *env) appendFeed(kind string, pairs ...string) {
	e.t.Helper()
	e.write(func(tx central.Tx) error {
		for i := 0; i < len(pairs); i += 2 {
			if err := tx.AppendFeed(e.ctx, kind, pairs[i], pairs[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// feedAfter reads a page of a branch's feed.
func (e *env) feedAfter(branch string, after int64, limit int) []central.FeedRow {
	e.t.Helper()
	var rows []central.FeedRow
	e.read(func(r central.Reader) (err error) {
		rows, err = r.FeedAfter(e.ctx, branch, after, limit)
		return err
	})
	return rows
}

func keysOf(rows []central.FeedRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.Key)
	}
	return b.String()
}

// A branch reads its own rows and those for every branch, merged in seq
// order, after a cursor and up to a limit; seqs grow from one write to
// the next; the head is the newest seq.
func feed(e *env) {
	e.read(func(r central.Reader) error {
		head, err := r.FeedHead(e.ctx)
		rows, ferr := r.FeedAfter(e.ctx, rabat, 0, 10)
		if head != 0 || err != nil || len(rows) != 0 || ferr != nil {
			e.t.Errorf("empty feed: head %d %v, rows %v %v", head, err, rows, ferr)
		}
		return nil
	})
	e.appendFeed(wire.ItemBranch, "a", central.AllBranches, "b", rabat, "c", casa)
	e.appendFeed(wire.ItemMember, "d", rabat, "e", central.AllBranches, "f", rabat)
	// One call, several branches: one row each, in the order given.
	e.write(func(tx central.Tx) error { return tx.AppendFeed(e.ctx, wire.ItemRequest, "g", casa, rabat) })

	all := e.feedAfter(rabat, 0, 100)
	if keysOf(all) != "abdefg" {
		e.t.Fatalf("Rabat's feed: %q, want abdefg", keysOf(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq <= all[i-1].Seq {
			e.t.Fatalf("seqs do not grow: %+v", all)
		}
	}
	if all[0].Kind != wire.ItemBranch || all[3].Kind != wire.ItemMember || all[5].Kind != wire.ItemRequest {
		e.t.Errorf("kinds: %+v", all)
	}
	if got := keysOf(e.feedAfter(rabat, all[0].Seq, 3)); got != "bde" {
		e.t.Errorf("after the first row, limit 3: %q, want bde", got)
	}
	if got := keysOf(e.feedAfter(casa, all[1].Seq, 10)); got != "ceg" {
		e.t.Errorf("Casablanca after b: %q, want ceg", got)
	}
	e.read(func(r central.Reader) error {
		head, err := r.FeedHead(e.ctx)
		if last := all[len(all)-1].Seq; head != last || err != nil {
			e.t.Errorf("head %d, want the seq of the last row %d (%v)", head, last, err)
		}
		return nil
	})
}

// The feed takes every item kind, PINs included, and refuses another (the
// write fails and keeps nothing).
func feedKinds(e *env) {
	for _, kind := range []string{wire.ItemBranch, wire.ItemMember, wire.ItemAccount, wire.ItemRequest, wire.ItemPIN} {
		e.appendFeed(kind, kind, rabat)
	}
	e.refused("an unknown kind", func(tx central.Tx) error {
		if err := tx.InsertBranch(e.ctx, branch(rabat)); err != nil {
			return err
		}
		return tx.AppendFeed(e.ctx, "document", "x", rabat)
	})
	rows := e.feedAfter(rabat, 0, 10)
	if len(rows) != 5 || rows[4].Kind != wire.ItemPIN {
		e.t.Errorf("feed: %+v", rows)
	}
	e.read(func(r central.Reader) error {
		if codes := e.codes(r); codes != "" {
			e.t.Errorf("a refused write kept %q", codes)
		}
		return nil
	})
}
