package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// The provisioning write path (statements prepared once, search rows built
// at the end) leaves the same data and the same search index as applying
// the same feed item by item.
func TestWriteProvisioningMatchesWrite(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	var pop []wire.Member
	if err := demo.Population(demo.Options{Members: 300, Seed: 3, Now: now}, func(m wire.Member) error {
		pop = append(pop, m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// A member comes again in a later page, changed: renamed, a
	// beneficiary fewer, a new address.
	again := pop[10]
	again.GivenName, again.Version = "Yassine", 2
	again.Beneficiaries = again.Beneficiaries[:max(0, len(again.Beneficiaries)-1)]
	moved := *again.Address
	moved.Line1, moved.City, moved.ValidFrom = "3 rue Tarik", "Fès", now
	again.Address = &moved
	pages := [][]wire.Member{pop[:150], append(slices.Clone(pop[150:]), again)}

	open := func(name string) *store.DB {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), name), store.MayCreate)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	apply := func(write func(context.Context, func(*store.Tx) error) error, page []wire.Member, seq *int64) {
		t.Helper()
		err := write(ctx, func(tx *store.Tx) error {
			for i := range page {
				*seq++
				if _, err := tx.ApplyFeedItem(ctx, wire.FeedItem{Seq: *seq, Kind: wire.ItemMember, Member: &page[i]}, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	plain, bulk := open("plain.db"), open("bulk.db")
	var s1, s2 int64
	for _, p := range pages {
		apply(plain.Write, p, &s1)
		apply(bulk.WriteProvisioning, p, &s2)
	}
	if ids := match(t, bulk, pop[0]); len(ids) != 0 {
		t.Fatalf("the search index is built before FinishProvisioning: %v", ids)
	}
	if err := bulk.FinishProvisioning(ctx); err != nil {
		t.Fatal(err)
	}
	for _, m := range append(slices.Clone(pop), again) {
		if a, b := match(t, plain, m), match(t, bulk, m); !slices.Equal(a, b) || len(a) == 0 {
			t.Fatalf("%s %s: item by item %v, provisioning %v", m.FamilyName, m.GivenName, a, b)
		}
	}
	for _, script := range []domain.Script{domain.Latin, domain.Arabic} {
		a, err1 := plain.VocabKeys(ctx, script)
		b, err2 := bulk.VocabKeys(ctx, script)
		if err1 != nil || err2 != nil || !slices.Equal(a, b) {
			t.Fatalf("vocabulary %v: %d keys vs %d (%v %v)", script, len(a), len(b), err1, err2)
		}
	}
	fa, err1 := plain.MemberFile(ctx, 11)
	fb, err2 := bulk.MemberFile(ctx, 11)
	if err1 != nil || err2 != nil || fa.Member.GivenName != "Yassine" || fb.Member.GivenName != "Yassine" ||
		len(fa.Beneficiaries) != len(fb.Beneficiaries) || len(fa.Addresses) != len(fb.Addresses) || len(fa.Addresses) < 2 {
		t.Fatalf("the member sent again: %+v / %+v (%v %v)", fa.Member, fb.Member, err1, err2)
	}
	// FinishProvisioning may run again (a resumed provisioning).
	if err := bulk.FinishProvisioning(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b := match(t, plain, again), match(t, bulk, again); !slices.Equal(a, b) {
		t.Fatalf("after a second finish: %v vs %v", a, b)
	}
}

// match finds the persons named like m (Latin family and given name, and
// the Arabic family name with the member's birth year) by row id.
func match(t *testing.T, db *store.DB, m wire.Member) []int64 {
	t.Helper()
	var out []int64
	for _, nm := range []store.NameMatch{
		{All: []store.MatchWord{{Column: store.ColLatin, Keys: domain.NameKeys(m.FamilyName)},
			{Column: store.ColLatin, Keys: domain.NameKeys(m.GivenName)}}},
		{All: []store.MatchWord{{Column: store.ColArabic, Keys: domain.NameKeys(m.FamilyNameAr)},
			{Column: store.ColBirth, Keys: []string{m.BirthDate[:4]}}}},
	} {
		ids, err := db.MatchPersons(context.Background(), nm, 100000)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		out = append(out, ids...)
	}
	return out
}
