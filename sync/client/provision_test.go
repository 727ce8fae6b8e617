package client_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
)

// tally counts what a console holds, to compare two databases.
func tally(t *testing.T, c *console) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"members", "beneficiaries", "addresses", "users", "branches", "person_search",
		"address_requests", "audit", "feed_held"} {
		var n int
		if err := c.query(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// Provisioning cut off mid-pull resumes where it stopped when run again,
// and ends where a provisioning that was never interrupted ends.
func TestProvisioningResumesAfterAnInterruption(t *testing.T) {
	w := newWorld(t, 40)
	token, _, err := w.app.AddDevice(w.ctx, "counter C", w.home)
	if err != nil {
		t.Fatal(err)
	}
	c := &console{t: t, ctx: w.ctx, path: filepath.Join(t.TempDir(), "guichet.db")}
	if c.db, err = store.Open(w.ctx, c.path, store.MayCreate); err != nil {
		t.Fatal(err)
	}
	defer c.db.Close()
	opts := client.Options{Logger: quiet(), FeedPage: 7}
	ctx, cancel := context.WithCancel(w.ctx)
	pages := 0
	var fractions []float64
	_, _, err = client.Provision(ctx, c.db, w.srv.URL, token, opts, func(p client.PullProgress) {
		fractions = append(fractions, p.Fraction())
		if pages++; pages == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted provisioning: %v", err)
	}
	partial := tally(t, c)
	if len(fractions) != 2 || fractions[0] <= 0 || fractions[1] <= fractions[0] || fractions[1] >= 1 {
		t.Errorf("progress of the first two pages of many: %v", fractions)
	}
	if _, err := c.db.Meta(w.ctx, store.MetaFeedCursor); err != nil || partial["branches"] == 0 {
		t.Fatalf("the first pages must be kept: %v %v", partial, err)
	}
	if _, _, err := client.Provision(w.ctx, c.db, "http://127.0.0.1:1", token, opts, nil); err == nil {
		t.Fatal("resuming from another centre must be refused")
	}
	var last float64
	dev, rep, err := client.Provision(w.ctx, c.db, w.srv.URL, token, opts, func(p client.PullProgress) { last = p.Fraction() })
	if err != nil {
		t.Fatal(err)
	}
	if last != 1 {
		t.Errorf("a finished pull reports %.3f of the feed", last)
	}
	if rep.Pulled == 0 || dev.Branch != w.home {
		t.Fatalf("resumed provisioning: %+v %+v", dev, rep)
	}
	ref := w.console("reference")
	got, want := tally(t, c), tally(t, ref)
	if len(got) != len(want) {
		t.Fatal(got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d rows after the resumed provisioning, %d after a straight one", k, got[k], n)
		}
	}
	if got["audit"] != 1 || got["members"] == 0 || partial["members"] >= got["members"] {
		t.Errorf("partial %v, final %v", partial, got)
	}
	var pin, number string
	if pin, err = c.db.Meta(w.ctx, store.MetaPINKeyID); err == nil {
		number, err = c.db.Meta(w.ctx, store.MetaDeviceNumber)
	}
	if err != nil || number == "" || number == "0" || pin != dev.PINKeyID {
		t.Errorf("device number %q, PIN key %q (%v)", number, pin, err)
	}
	_, _, err = client.Provision(w.ctx, c.db, w.srv.URL, token, opts, nil)
	if !errors.Is(err, &domain.Error{Key: domain.KeyAlreadyProvisioned}) {
		t.Fatalf("provisioning twice: %v", err)
	}
}

// A database in use, or a token the centre does not know, is refused and
// nothing is recorded.
func TestProvisioningRefusals(t *testing.T) {
	w := newWorld(t, 5)
	c := w.console("counter A")
	token, _, err := w.app.AddDevice(w.ctx, "counter B", w.home)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.Provision(w.ctx, c.db, w.srv.URL, token, client.Options{}, nil); err == nil {
		t.Fatal("a provisioned database must be refused")
	}
	db, err := store.Open(w.ctx, filepath.Join(t.TempDir(), "g.db"), store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := client.Provision(w.ctx, db, w.srv.URL, "not-a-token-of-this-centre", client.Options{}, nil); err == nil {
		t.Fatal("an unknown token must be refused")
	}
	if _, _, err := client.Provision(w.ctx, db, w.srv.URL, "short", client.Options{}, nil); err == nil {
		t.Fatal("a malformed token must be refused")
	}
	if ok, err := db.Provisioned(w.ctx); ok || err != nil {
		t.Fatalf("a refused provisioning recorded something: %v %v", ok, err)
	}
	if _, err := client.New(db, client.Options{}); !errors.Is(err, domain.ErrNotProvisioned) {
		t.Fatalf("an engine on a standalone database: %v", err)
	}
}
