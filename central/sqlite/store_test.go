package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// branchCodes lists the codes of the branches held, space-separated.
func branchCodes(t *testing.T, st *sqlite.Store) string {
	t.Helper()
	var codes []string
	err := st.Read(context.Background(), func(r central.Reader) error {
		branches, err := r.Branches(context.Background())
		for _, b := range branches {
			codes = append(codes, b.Code)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(codes, " ")
}

func TestOpenCreatesPrivateFileAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "centre.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Write(ctx, func(tx central.Tx) error {
		return tx.InsertBranch(ctx, wire.Branch{Code: "RAB01", Name: "Rabat", City: "Rabat", Region: "RSK"})
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("database file: %v %v", fi, err)
	}
	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := branchCodes(t, st); got != "RAB01" {
		t.Fatalf("branches after reopening: %q", got)
	}
}

func TestOpenRefusesWhatIsNotACentre(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := sqlite.Open(ctx, filepath.Join(dir, "missing", "centre.db")); !errors.Is(err, sqlite.ErrNoFolder) {
		t.Fatalf("missing folder: %v", err)
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all"), 0o600)
	if _, err := sqlite.Open(ctx, text); !errors.Is(err, sqlite.ErrNotSQLite) {
		t.Fatalf("text file: %v", err)
	}
}

func TestSavepointUndoesOnlyItsWork(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	branch := func(code string) wire.Branch {
		return wire.Branch{Code: code, Name: code, City: "Rabat", Region: "RSK"}
	}
	err := st.Write(ctx, func(tx central.Tx) error {
		if err := tx.InsertBranch(ctx, branch("RAB01")); err != nil {
			return err
		}
		if err := tx.Savepoint(ctx, "entry"); err != nil {
			return err
		}
		if err := tx.InsertBranch(ctx, branch("CAS01")); err != nil {
			return err
		}
		if err := tx.RollbackTo(ctx, "entry"); err != nil {
			return err
		}
		if err := tx.Release(ctx, "entry"); err != nil {
			return err
		}
		if err := tx.Savepoint(ctx, "x; DROP TABLE feed"); err == nil {
			t.Error("a savepoint name with SQL in it was accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := branchCodes(t, st); got != "RAB01" {
		t.Fatalf("branches after a rolled-back savepoint: %q", got)
	}
}

func TestFeedAfterMergesBranchAndAll(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	err := st.Write(ctx, func(tx central.Tx) error {
		for i, b := range []string{central.AllBranches, "RAB01", "CAS01", "RAB01", central.AllBranches, "RAB01"} {
			if err := tx.AppendFeed(ctx, wire.ItemBranch, string(rune('a'+i)), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []central.FeedRow
	st.Read(ctx, func(r central.Reader) (err error) {
		rows, err = r.FeedAfter(ctx, "RAB01", 1, 3)
		return err
	})
	var keys string
	for _, r := range rows {
		keys += r.Key
	}
	if keys != "bde" {
		t.Fatalf("rows after 1, limit 3: %q, want bde", keys)
	}
}

// Members reads many members at once, each with its own beneficiaries and
// its current address only.
func TestMembersReadTogether(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	day := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
	member := func(regno string, children ...string) wire.Member {
		m := wire.Member{RegNo: regno, Society: "MGEN", HomeBranch: "RAB01", CIN: "A1" + regno[len(regno)-4:],
			FamilyName: "Alaoui", GivenName: "Sara", BirthDate: "1980-05-01", Sex: "F", Category: "active",
			Status: "active", Version: 1, Beneficiaries: []wire.Beneficiary{},
			Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "1 Rue " + regno, City: "Rabat",
				PostalCode: "10000"}, Verified: true, ValidFrom: day.AddDate(-1, 0, 0)}}
		for _, name := range children {
			m.Beneficiaries = append(m.Beneficiaries, wire.Beneficiary{Relation: "child", FamilyName: "Alaoui",
				GivenName: name, BirthDate: "2010-01-01", Sex: "M"})
		}
		return m
	}
	a, b, c := member("100000001", "Adam", "Yanis"), member("100000002"), member("100000003", "Ilyas")
	moved := wire.Address{AddressInput: domain.AddressInput{Line1: "9 Avenue Fal Ould Oumeir", City: "Rabat",
		PostalCode: "10100"}, Verified: true, ValidFrom: day}
	err := st.Write(ctx, func(tx central.Tx) error {
		if err := tx.InsertBranch(ctx, wire.Branch{Code: "RAB01", Name: "Rabat", City: "Rabat", Region: "RSK"}); err != nil {
			return err
		}
		for _, m := range []wire.Member{a, b, c} {
			if err := tx.InsertMember(ctx, m); err != nil {
				return err
			}
		}
		return tx.ReplaceAddress(ctx, c.RegNo, moved)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]wire.Member
	err = st.Read(ctx, func(r central.Reader) (err error) {
		got, err = r.Members(ctx, []string{c.RegNo, "999999999", a.RegNo, b.RegNo})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d members read, want 3 (an unknown one is absent)", len(got))
	}
	names := func(m wire.Member) (s string) {
		for _, b := range m.Beneficiaries {
			s += b.GivenName + " "
		}
		return s
	}
	if names(got[a.RegNo]) != "Adam Yanis " || names(got[c.RegNo]) != "Ilyas " ||
		got[b.RegNo].Beneficiaries == nil || len(got[b.RegNo].Beneficiaries) != 0 {
		t.Errorf("beneficiaries: %q %q %v", names(got[a.RegNo]), names(got[c.RegNo]), got[b.RegNo].Beneficiaries)
	}
	if got[a.RegNo].Address.Line1 != a.Address.Line1 || got[c.RegNo].Address.Line1 != moved.Line1 ||
		!got[c.RegNo].Address.ValidFrom.Equal(day) {
		t.Errorf("current addresses: %+v %+v", got[a.RegNo].Address, got[c.RegNo].Address)
	}
}
