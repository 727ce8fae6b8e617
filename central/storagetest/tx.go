package storagetest

import (
	"errors"
	"strings"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// codes lists the branch codes held, space-separated.
func (e *env) codes(r central.Reader) string {
	e.t.Helper()
	list, err := r.Branches(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	var codes []string
	for _, b := range list {
		codes = append(codes, b.Code)
	}
	return strings.Join(codes, " ")
}

// feedKeys lists the keys of a branch's feed, space-separated.
func (e *env) feedKeys(r central.Reader) string {
	e.t.Helper()
	rows, err := r.FeedAfter(e.ctx, rabat, 0, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	var keys []string
	for _, f := range rows {
		keys = append(keys, f.Key)
	}
	return strings.Join(keys, " ")
}

// An error from fn rolls everything back, feed rows included, and comes
// back as it was.
func rollbackOnError(e *env) {
	boom := errors.New("boom")
	err := e.st.Write(e.ctx, func(tx central.Tx) error {
		if err := tx.InsertBranch(e.ctx, branch(rabat)); err != nil {
			return err
		}
		if err := tx.AppendFeed(e.ctx, wire.ItemBranch, rabat, central.AllBranches); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		e.t.Fatalf("Write returned %v, want fn's error", err)
	}
	e.read(func(r central.Reader) error {
		head, err := r.FeedHead(e.ctx)
		if codes := e.codes(r); codes != "" || head != 0 || err != nil {
			e.t.Errorf("after a failed write: branches %q, feed head %d (%v)", codes, head, err)
		}
		return nil
	})
}

// Inside a write, the queries see its own writes.
func txSeesItsWrites(e *env) {
	e.write(func(tx central.Tx) error {
		if err := tx.InsertBranch(e.ctx, branch(rabat)); err != nil {
			return err
		}
		if _, ok, err := tx.Branch(e.ctx, rabat); !ok || err != nil {
			e.t.Errorf("own insert unseen: %v %v", ok, err)
		}
		return nil
	})
}

// RollbackTo undoes the work since the savepoint, feed rows included;
// Release keeps it; a name reused means the newest; a name with SQL in it
// is refused.
func savepoints(e *env) {
	step := func(tx central.Tx, code string) error {
		if err := tx.InsertBranch(e.ctx, branch(code)); err != nil {
			return err
		}
		return tx.AppendFeed(e.ctx, wire.ItemBranch, code, rabat)
	}
	e.write(func(tx central.Tx) error {
		for _, do := range []func() error{
			func() error { return step(tx, "A1") },
			func() error { return tx.Savepoint(e.ctx, "entry") },
			func() error { return step(tx, "B1") },
			func() error { return tx.RollbackTo(e.ctx, "entry") },
			func() error { return tx.Release(e.ctx, "entry") },
			func() error { return tx.Savepoint(e.ctx, "entry") },
			func() error { return step(tx, "C1") },
			func() error { return tx.Savepoint(e.ctx, "entry") }, // the same name again: the newest
			func() error { return step(tx, "D1") },
			func() error { return tx.RollbackTo(e.ctx, "entry") },
			func() error { return tx.Release(e.ctx, "entry") },
			func() error { return step(tx, "E1") },
			func() error { return tx.Release(e.ctx, "entry") },
		} {
			if err := do(); err != nil {
				return err
			}
		}
		if err := tx.Savepoint(e.ctx, "x; DROP TABLE feed"); err == nil {
			e.t.Error("a savepoint name with SQL in it was accepted")
		}
		return nil
	})
	e.read(func(r central.Reader) error {
		if codes, keys := e.codes(r), e.feedKeys(r); codes != "A1 C1 E1" || keys != "A1 C1 E1" {
			e.t.Errorf("after savepoints: branches %q, feed %q, want A1 C1 E1 for both", codes, keys)
		}
		return nil
	})
}

// A Read sees one snapshot: a write committed meanwhile is not in it.
func readIsOneSnapshot(e *env) {
	e.write(func(tx central.Tx) error { return tx.InsertBranch(e.ctx, branch(rabat)) })
	e.read(func(r central.Reader) error {
		before := e.codes(r)
		e.write(func(tx central.Tx) error {
			if err := tx.InsertBranch(e.ctx, branch(casa)); err != nil {
				return err
			}
			return tx.AppendFeed(e.ctx, wire.ItemBranch, casa, central.AllBranches)
		})
		head, err := r.FeedHead(e.ctx)
		if after := e.codes(r); before != rabat || after != rabat || head != 0 || err != nil {
			e.t.Errorf("one snapshot: %q then %q, feed head %d (%v)", before, after, head, err)
		}
		return nil
	})
	e.read(func(r central.Reader) error {
		if codes := e.codes(r); codes != casa+" "+rabat {
			e.t.Errorf("a later read: %q", codes)
		}
		return nil
	})
}
