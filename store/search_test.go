package store

import (
	"context"
	"slices"
	"testing"

	"github.com/cnops/guichet/domain"
)

func TestExpressionQuotesAndCombines(t *testing.T) {
	m := NameMatch{
		All:    []MatchWord{{Column: ColLatin, Keys: []string{"alawi"}}, {Column: ColLatin, Keys: []string{"moh"}, Prefix: true}},
		Except: []MatchWord{{Column: ColVariant, Keys: []string{`x"y`, "z"}}},
	}
	want := `(nkey : ("alawi") AND nkey : ("moh" *)) NOT (vkey : ("x""y" OR "z"))`
	if got := m.Expression(); got != want {
		t.Errorf("Expression = %s\nwant          %s", got, want)
	}
}

// plantMember inserts a member with one spouse and a current address.
func plantMember(t *testing.T, db *DB, id int64, family, given, spouse string) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx *Tx) error {
		stmts := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO members (id, regno, society_code, home_branch, cin, family_name, given_name, family_name_ar,
				given_name_ar, birth_date, sex, category) VALUES (?, ?, 'MGEN', 'RAB01', 'A1', ?, ?, 'العلوي', 'محمد', '1961-03-10', 'M', 'active')`,
				[]any{id, 100000000 + id, family, given}},
			{`INSERT INTO beneficiaries (member_id, relation, family_name, given_name, birth_date, sex) VALUES (?, 'spouse', ?, 'Fatima', '1965-01-01', 'F')`,
				[]any{id, spouse}},
			{`INSERT INTO addresses (member_id, line1, city, postal_code, valid_from) VALUES (?, '1 Rue', 'Fès', '30000', '2020-01-01T00:00:00.000000000Z')`,
				[]any{id}},
		}
		for _, s := range stmts {
			if _, err := tx.tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		return tx.ReindexMember(ctx, id)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func match(t *testing.T, db *DB, words ...MatchWord) []int64 {
	t.Helper()
	ids, err := db.MatchPersons(context.Background(), NameMatch{All: words}, 10)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestReindexKeepsTheSearchIndexInStep(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if err := db.Write(ctx, func(tx *Tx) error {
		return tx.InsertBranch(ctx, Branch{Code: "RAB01", Name: "R", City: "Rabat", Region: "R"})
	}); err != nil {
		t.Fatal(err)
	}
	plantMember(t, db, 1, "El Idrissi", "Mohammed", "Bennani")
	plantMember(t, db, 2, "Tazi", "Omar", "Alaoui")
	word := func(col, key string) MatchWord { return MatchWord{Column: col, Keys: []string{key}} }

	if got := match(t, db, word(ColLatin, "idrisi"), word(ColLatin, "mohamed")); len(got) != 1 || got[0] != 1 {
		t.Errorf("member by normalised name: %v", got)
	}
	if got := match(t, db, word(ColArabic, "علوي"), word(ColBirth, "1961"), word(ColCity, "fes"), word(ColSociety, "mgen")); len(got) != 2 {
		t.Errorf("Arabic name with filters: %v", got)
	}
	if got := match(t, db, word(ColNameYear, "idrisi1961")); len(got) != 1 || got[0] != 1 {
		t.Errorf("name with birth year: %v", got)
	}
	if got := match(t, db, word(ColNameYear, "idrisi1962")); len(got) != 0 {
		t.Errorf("another year matched: %v", got)
	}
	spouse := match(t, db, word(ColLatin, "benani"))
	hits, err := db.ResolvePersons(ctx, spouse)
	if err != nil || len(hits) != 1 || hits[0].Member.ID != 1 || hits[0].Via == nil || hits[0].Via.GivenName != "Fatima" {
		t.Fatalf("spouse resolves to the family: %+v %v", hits, err)
	}
	if spouse[0] < beneficiaryBase {
		t.Error("beneficiaries must sort after members")
	}
	// A renamed member is found by the new name only, once reindexed.
	err = db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE members SET family_name = 'Chraibi' WHERE id = 1`); err != nil {
			return err
		}
		return tx.ReindexMember(ctx, 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := match(t, db, word(ColLatin, "idrisi")); len(got) != 0 {
		t.Errorf("old name still found: %v", got)
	}
	if got := match(t, db, word(ColLatin, "chraibi")); len(got) != 1 {
		t.Errorf("new name not found: %v", got)
	}
	if got := match(t, db, word(ColLatin, "chr"+"")); len(got) != 0 {
		t.Errorf("a partial word matches only as a prefix: %v", got)
	}
	if got := match(t, db, MatchWord{Column: ColLatin, Keys: []string{"chr"}, Prefix: true}); len(got) != 1 {
		t.Errorf("prefix: %v", got)
	}
	keys, _ := db.VocabKeys(ctx, domain.Latin)
	if !slices.Contains(keys, "chraibi") || !slices.IsSorted(keys) {
		t.Errorf("vocabulary %v", keys)
	}
	v1, _ := db.VocabVersion(ctx)
	plantMember(t, db, 3, "Tazi", "Omar", "Alaoui") // no new key
	if v2, _ := db.VocabVersion(ctx); v2 != v1 {
		t.Errorf("version moved without a new key: %d → %d", v1, v2)
	}
	plantMember(t, db, 4, "Zerhouni", "Omar", "Alaoui")
	if v3, _ := db.VocabVersion(ctx); v3 == v1 {
		t.Error("a new key must change the version")
	}
}
