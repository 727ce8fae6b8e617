package client_test

import (
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/client"
)

// A pull asks for each feed page once, the next one while it applies the
// current one, and nothing more: a pull of several pages makes as many
// requests as pages.
func TestPullAsksForEachPageOnce(t *testing.T) {
	w := newWorld(t, 300)
	a, b := w.console("counter-a"), w.console("counter-b")
	agent := a.signIn("agent", agentPW)
	for i := range 7 {
		a.request(agent, a.homeMember(i), "1 Rue Pull "+string(rune('A'+i)))
	}
	a.pass() // the centre now holds 7 requests b has not seen

	opts := b.options()
	opts.FeedPage = 3
	engine, err := client.New(b.db, opts)
	if err != nil {
		t.Fatal(err)
	}
	before := b.link.feeds.Load()
	rep, err := engine.Pass(b.ctx)
	if err != nil {
		t.Fatalf("pass: %v", err)
	}
	pages := (rep.Pulled + opts.FeedPage - 1) / opts.FeedPage
	if rep.Pulled < 7 || pages < 3 {
		t.Fatalf("pulled %d items, want the 7 requests at least", rep.Pulled)
	}
	// A last page that is full is followed by an empty one.
	if asked := int(b.link.feeds.Load() - before); asked != pages && asked != pages+1 {
		t.Errorf("%d feed requests for %d items in pages of %d, want one per page", asked, rep.Pulled, opts.FeedPage)
	}
	var n int
	if err := b.query(`SELECT count(*) FROM address_requests WHERE state = ?`, domain.RequestPending).Scan(&n); err != nil || n != 7 {
		t.Errorf("%d pending requests on the second console (%v), want 7", n, err)
	}
}
