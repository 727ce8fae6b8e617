package store

import (
	"context"
	"slices"
	"testing"

	"github.com/cnops/guichet/domain"
)

// beneficiaryIDs lists a member's beneficiary row ids.
func beneficiaryIDs(t *testing.T, db *DB, memberID int64) []int64 {
	t.Helper()
	f, err := db.MemberFile(context.Background(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, b := range f.Beneficiaries {
		ids = append(ids, b.ID)
	}
	return ids
}

func TestFeedMemberRewritesOnlyWhatChanged(t *testing.T) {
	db := syncDB(t)
	feed(t, db, memberItem(2, "100000001", "Alaoui", "Bennani", "12 Rue Ibn Sina", 1))
	id := memberID(t, db, "100000001")
	before := beneficiaryIDs(t, db, id)

	// A new address in the same city: the beneficiaries and search rows stay.
	feed(t, db, memberItem(3, "100000001", "Alaoui", "Bennani", "4 Avenue Hassan II", 2))
	if got := beneficiaryIDs(t, db, id); !slices.Equal(got, before) {
		t.Fatalf("beneficiaries rewritten for an address change: %v then %v", before, got)
	}
	if got := found(t, db, "bennani"); len(got) != 1 {
		t.Fatalf("the spouse is no longer found: %v", got)
	}

	// Another city: the search rows follow the city.
	moved := memberItem(4, "100000001", "Alaoui", "Bennani", "9 Rue Fès", 3)
	moved.Member.Address.City = "Fes"
	feed(t, db, moved)
	fes := MatchWord{Column: ColCity, Keys: domain.NameKeys("fes")}
	if got := match(t, db, fes); len(got) != 2 {
		t.Fatalf("city search after a move found %v, want the member and the spouse", got)
	}
	if got := beneficiaryIDs(t, db, id); !slices.Equal(got, before) {
		t.Fatalf("beneficiaries rewritten for a move: %v then %v", before, got)
	}

	// A beneficiary renamed: rewritten and reindexed.
	renamed := memberItem(5, "100000001", "Alaoui", "Tazi", "9 Rue Fès", 4)
	renamed.Member.Address.City = "Fes"
	feed(t, db, renamed)
	for key, want := range map[string]int{"tazi": 1, "bennani": 0, "alaoui": 1} {
		if got := found(t, db, key); len(got) != want {
			t.Errorf("search %q found %v, want %d rows", key, got, want)
		}
	}
}
