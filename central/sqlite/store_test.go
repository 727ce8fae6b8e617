package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/sync/wire"
)

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
	var branches []wire.Branch
	st.Read(ctx, func(r central.Reader) (err error) {
		branches, err = r.Branches(ctx)
		return err
	})
	if len(branches) != 1 || branches[0].Code != "RAB01" {
		t.Fatalf("after reopening: %+v", branches)
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
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	branch := func(code string) wire.Branch {
		return wire.Branch{Code: code, Name: code, City: "Rabat", Region: "RSK"}
	}
	err = st.Write(ctx, func(tx central.Tx) error {
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
	var branches []wire.Branch
	st.Read(ctx, func(r central.Reader) (err error) {
		branches, err = r.Branches(ctx)
		return err
	})
	if len(branches) != 1 || branches[0].Code != "RAB01" {
		t.Fatalf("branches after a rolled-back savepoint: %+v", branches)
	}
}

func TestFeedAfterMergesBranchAndAll(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Write(ctx, func(tx central.Tx) error {
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
