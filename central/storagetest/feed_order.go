package storagetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// poller is a device reading Rabat's feed with a cursor, as sync does.
type poller struct {
	e      *env
	cursor int64
	seen   []string
}

// poll reads everything after the cursor and moves it. It may run on a
// goroutine of its own: it fails the test with Errorf only.
func (p *poller) poll() error {
	for {
		var rows []central.FeedRow
		err := p.e.st.Read(p.e.ctx, func(r central.Reader) (err error) {
			rows, err = r.FeedAfter(p.e.ctx, rabat, p.cursor, 50)
			return err
		})
		if err != nil || len(rows) == 0 {
			return err
		}
		for _, r := range rows {
			if r.Seq <= p.cursor {
				p.e.t.Errorf("seq %d at or before the cursor %d", r.Seq, p.cursor)
			}
			p.cursor = r.Seq
			p.seen = append(p.seen, r.Key)
		}
	}
}

// mustPoll is poll on the test's goroutine.
func (p *poller) mustPoll() {
	p.e.t.Helper()
	if err := p.poll(); err != nil {
		p.e.t.Fatal(err)
	}
}

// Writer A appends first and commits last; B appends and commits in
// between; a device polls while A is still open. When A commits, its row
// must come after the cursor the device holds: a seq handed out at append
// time would put it before, and the device would never see it.
func feedOutOfOrderCommits(e *env) {
	aAppended, releaseA := make(chan struct{}), make(chan struct{})
	var once sync.Once
	aDone, bDone := make(chan error, 1), make(chan error, 1)
	go func() {
		aDone <- e.st.Write(e.ctx, func(tx central.Tx) error {
			if err := tx.AppendFeed(e.ctx, wire.ItemMember, "A", rabat); err != nil {
				return err
			}
			once.Do(func() { close(aAppended) })
			<-releaseA // a retried attempt finds it closed
			return nil
		})
	}()
	<-aAppended
	go func() {
		bDone <- e.st.Write(e.ctx, func(tx central.Tx) error { return tx.AppendFeed(e.ctx, wire.ItemMember, "B", rabat) })
	}()
	wait := 300 * time.Millisecond // a single writer: B waits for A
	if e.opts.concurrentWriters {
		wait = 10 * time.Second
	}
	p := &poller{e: e}
	select {
	case err := <-bDone:
		if err != nil {
			e.t.Fatal(err)
		}
		bDone <- nil
		p.mustPoll()
		if fmt.Sprint(p.seen) != "[B]" {
			e.t.Errorf("while A is open, the feed shows %v, want [B]", p.seen)
		}
	case <-time.After(wait):
		if e.opts.concurrentWriters {
			e.t.Fatal("B did not commit while A was open: the test proves nothing")
		}
		p.mustPoll()
	}
	close(releaseA)
	for _, done := range []chan error{aDone, bDone} {
		if err := <-done; err != nil {
			e.t.Fatal(err)
		}
	}
	p.mustPoll()
	if len(p.seen) != 2 || p.seen[0] == p.seen[1] {
		e.t.Fatalf("the device saw %v, want A and B once each: a change was skipped", p.seen)
	}
}

// Writers commit in a random order while a device polls: it sees every
// change exactly once.
func feedConcurrentWriters(e *env) {
	const writers, writes = 4, 15
	p := &poller{e: e}
	stop := make(chan struct{})
	polled := make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				polled <- nil
				return
			default:
				if err := p.poll(); err != nil {
					polled <- err
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, writers*writes)
	for w := range writers {
		wg.Go(func() {
			for i := range writes {
				errs <- e.st.Write(e.ctx, func(tx central.Tx) error {
					if err := tx.AppendFeed(e.ctx, wire.ItemMember, fmt.Sprintf("w%d-%d", w, i), rabat); err != nil {
						return err
					}
					time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
					return nil
				})
			}
		})
	}
	wg.Wait()
	close(stop)
	if err := <-polled; err != nil {
		e.t.Fatal(err)
	}
	close(errs)
	for err := range errs {
		if err != nil {
			e.t.Fatal(err)
		}
	}
	p.mustPoll()
	count := map[string]int{}
	for _, k := range p.seen {
		count[k]++
	}
	if len(p.seen) != writers*writes || len(count) != writers*writes {
		e.t.Fatalf("the device saw %d rows (%d distinct), want %d once each", len(p.seen), len(count), writers*writes)
	}
}
