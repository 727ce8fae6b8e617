package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/cnops/guichet/store"
)

// testNow is a fixed reference day, so ages do not drift with the clock.
var testNow = time.Date(2026, 3, 15, 9, 30, 0, 0, time.UTC)

// seeded seeds a fresh database and returns it with a read-only handle on
// the same file for the checks (store keeps its pools to itself).
func seeded(t *testing.T, members int, seed int64) (*store.DB, *sql.DB, Stats) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "g.db"), store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st, err := Seed(ctx, db, Options{Members: members, Seed: seed, Now: testNow}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := sql.Open("sqlite", "file:"+db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return db, ro, st
}

func queryInt(t *testing.T, ro *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := ro.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// dump hashes every row the seeder writes, in id order.
func dump(t *testing.T, ro *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, table := range []string{"branches", "members", "beneficiaries", "addresses"} {
		rows, err := ro.Query(`SELECT * FROM ` + table + ` ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s%q\n", table, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestSeedIsDeterministic(t *testing.T) {
	_, a, stA := seeded(t, 1500, 7)
	_, b, stB := seeded(t, 1500, 7)
	_, c, _ := seeded(t, 1500, 8)
	if stA != stB {
		t.Errorf("same seed, different counts: %+v and %+v", stA, stB)
	}
	if dump(t, a) != dump(t, b) {
		t.Error("the same seed and count gave different rows")
	}
	if dump(t, a) == dump(t, c) {
		t.Error("another seed gave the same rows")
	}
}

// Member i depends on the seed and i only, not on the population size.
func TestMemberDoesNotDependOnCount(t *testing.T) {
	tb, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	g1, g2 := newGenerator(tb, 5, testNow), newGenerator(tb, 5, testNow)
	for range 10 {
		g2.member(3)
	}
	for _, i := range []int{0, 1, 99, 12345} {
		a := fmt.Sprintf("%+v", *g1.member(i))
		g2.member(i + 1)
		b := fmt.Sprintf("%+v", *g2.member(i))
		if a != b {
			t.Errorf("member %d differs between generators:\n%+v\n%+v", i, a, b)
		}
	}
}

func TestSeedRefusesADatabaseWithMembers(t *testing.T) {
	db, ro, st := seeded(t, 10, 1)
	_, err := Seed(context.Background(), db, Options{Members: 10, Seed: 2, Now: testNow}, nil)
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second Seed = %v, want ErrNotEmpty", err)
	}
	if n := queryInt(t, ro, `SELECT count(*) FROM members`); n != st.Members {
		t.Errorf("%d members after a refused seed, want %d", n, st.Members)
	}
}

func TestSeedChecksOptions(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, o := range []Options{{Members: -1, Now: testNow}, {Members: MaxMembers + 1, Now: testNow}, {Members: 5}} {
		if _, err := Seed(context.Background(), db, o, nil); err == nil {
			t.Errorf("Seed accepted %+v", o)
		}
	}
}

func TestSeedReportsProgress(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var calls, last int
	_, err = Seed(context.Background(), db, Options{Members: 3000, Seed: 1, Now: testNow}, func(done, total int) {
		if total != 3000 || done < last {
			t.Errorf("progress(%d, %d) after %d", done, total, last)
		}
		calls, last = calls+1, done
	})
	if err != nil {
		t.Fatal(err)
	}
	if last != 3000 || calls < 50 || calls > 110 {
		t.Errorf("%d progress calls ending at %d; want about 100 ending at 3000", calls, last)
	}
}

func TestSeedStopsWhenCancelled(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Seed(ctx, db, Options{Members: 5000, Seed: 1, Now: testNow}, func(done, _ int) {
		if done >= 1000 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Seed = %v, want context.Canceled", err)
	}
	// Nothing was kept, so the database can still be seeded.
	if _, err := Seed(context.Background(), db, Options{Members: 10, Seed: 1, Now: testNow}, nil); err != nil {
		t.Fatalf("Seed after a cancelled one: %v", err)
	}
}

func TestBranches(t *testing.T) {
	bs := Branches()
	if len(bs) < 8 || bs[0].Code != "RAB01" {
		t.Fatalf("Branches() = %v", bs)
	}
	seen := map[string]bool{}
	for _, b := range bs {
		if seen[b.Code] || b.Name == "" || b.City == "" || b.Region == "" {
			t.Errorf("bad or repeated branch %+v", b)
		}
		seen[b.Code] = true
		_ = store.Branch(b) // the lead converts them so
	}
}
