package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/central/storagetest"
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

// The storage contract, as central/postgres meets it too.
func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) central.Storage { return openStore(t) })
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
