package storagetest

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// together runs n writes at once and returns their errors.
func (e *env) together(n int, fn func(i int, tx central.Tx) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = e.st.Write(e.ctx, func(tx central.Tx) error { return fn(i, tx) }) })
	}
	wg.Wait()
	return errs
}

// meeting is where n concurrent writes wait for each other, so that they
// overlap for sure: with concurrent writers all must arrive (else the test
// proves nothing); a single writer runs them one by one, so each waits a
// moment and goes on.
func (e *env) meeting(n int) func() {
	var mu sync.Mutex
	arrived, all := 0, make(chan struct{})
	return func() {
		mu.Lock()
		if arrived++; arrived == n {
			close(all)
		}
		mu.Unlock()
		wait := 100 * time.Millisecond
		if e.opts.concurrentWriters {
			wait = 10 * time.Second
		}
		select {
		case <-all:
		case <-time.After(wait):
			if e.opts.concurrentWriters {
				e.t.Errorf("%d writes did not overlap", n)
			}
		}
	}
}

// Writes that read a member then write it lose no update: each sees what
// the previous one committed.
func noLostUpdate(e *env) {
	e.seed()
	const writers = 6
	started := e.meeting(writers)
	errs := e.together(writers, func(_ int, tx central.Tx) error {
		started() // all in a transaction before any reads
		m, _, err := tx.Member(e.ctx, rabA)
		if err != nil {
			return err
		}
		time.Sleep(5 * time.Millisecond) // the others read meanwhile, or wait
		return tx.SetMemberVersion(e.ctx, rabA, m.Version+1)
	})
	if err := errors.Join(errs...); err != nil {
		e.t.Fatal(err)
	}
	e.read(func(r central.Reader) error {
		if m, _, err := r.Member(e.ctx, rabA); m.Version != 1+writers || err != nil {
			e.t.Errorf("version %d after %d increments from 1 (%v)", m.Version, writers, err)
		}
		return nil
	})
}

// Writes that check a key is free then take it: one takes it, the others
// find it taken and answer so (the rule's refusal, not a constraint
// error).
func checkThenInsert(e *env) {
	e.seed()
	taken := errors.New("taken")
	checked := e.meeting(4)
	errs := e.together(4, func(i int, tx central.Tx) error {
		if _, exists, err := tx.Account(e.ctx, "amina"); err != nil || exists {
			return errors.Join(err, taken)
		}
		checked() // all found it free
		return tx.InsertAccount(e.ctx, central.AccountRecord{Username: "amina", DisplayName: fmt.Sprint(i),
			Role: domain.RoleAgent, Branch: rabat, PasswordHash: "h", CreatedAt: t0, UpdatedAt: t0})
	})
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, taken):
			e.t.Errorf("a loser got %v, want the rule's answer", err)
		}
	}
	if won != 1 {
		e.t.Errorf("%d writes took the key, want 1", won)
	}
}

// Two writes that lock two members in opposite orders both succeed (one
// is run again if the database finds them deadlocked).
func oppositeOrders(e *env) {
	e.seed()
	order := [][]string{{rabA, rabB}, {rabB, rabA}}
	firstHeld := e.meeting(2)
	errs := e.together(2, func(i int, tx central.Tx) error {
		for n, regno := range order[i] {
			m, _, err := tx.Member(e.ctx, regno)
			if err != nil {
				return err
			}
			if err := tx.SetMemberVersion(e.ctx, regno, m.Version+1); err != nil {
				return err
			}
			if n == 0 {
				firstHeld() // each holds its first member: a deadlock
			}
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		e.t.Fatal(err)
	}
	e.read(func(r central.Reader) error {
		all, err := r.Members(e.ctx, []string{rabA, rabB})
		if all[rabA].Version != 3 || all[rabB].Version != 3 || err != nil {
			e.t.Errorf("versions %d and %d, want 3 (%v)", all[rabA].Version, all[rabB].Version, err)
		}
		return nil
	})
}

// Devices pushing at once, each its own entries (fresh, time-ordered ids
// whose lookups share index pages), all succeed.
func devicesPushTogether(e *env) {
	e.write(func(tx central.Tx) error {
		if err := tx.InsertBranch(e.ctx, branch(rabat)); err != nil {
			return err
		}
		for d := range 8 {
			if err := tx.InsertDevice(e.ctx, deviceRecord(fmt.Sprintf("dev-%d", d), rabat, d+1, fmt.Sprint(d))); err != nil {
				return err
			}
		}
		return nil
	})
	var mu sync.Mutex
	n := 0
	nextID := func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("0190a1b2-%04x-7000-8000-%012x", n, time.Now().UnixNano()&0xffffffffffff)
	}
	push := func(dev string, tx central.Tx) error {
		if _, _, err := tx.Device(e.ctx, dev); err != nil {
			return err
		}
		for range 5 {
			id := nextID()
			if _, known, err := tx.Entry(e.ctx, id); err != nil || known {
				return errors.Join(err, fmt.Errorf("entry %s known", id))
			}
			if err := tx.PutEntry(e.ctx, central.EntryRecord{ID: id, DeviceID: dev, ContentHash: "c", Kind: "k",
				Status: wire.StatusApplied, Result: wire.Result{ID: id, Status: wire.StatusApplied},
				FirstSeen: t0, LastSeen: t0}); err != nil {
				return err
			}
		}
		return tx.AppendFeed(e.ctx, wire.ItemMember, dev, rabat)
	}
	errs := make(chan error, 8*10)
	var wg sync.WaitGroup
	for d := range 8 {
		wg.Go(func() {
			for range 10 {
				errs <- e.st.Write(e.ctx, func(tx central.Tx) error { return push(fmt.Sprintf("dev-%d", d), tx) })
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			e.t.Fatal(err)
		}
	}
	if rows := e.feedAfter(rabat, 0, 100); len(rows) != 80 {
		e.t.Errorf("%d feed rows, want 80", len(rows))
	}
}
