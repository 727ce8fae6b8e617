package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/sync/wire"
)

// Writes are held back until a query needs an answer (pipeline.go): the
// query sees them, and a held write that fails fails that query and the
// whole Write, nothing kept.
func TestHeldWritesAreSeenAndTheirErrorsSurface(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.DSN(t), postgres.Options{})
	rabat := wire.Branch{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"}
	err := st.Write(ctx, func(tx central.Tx) error {
		if err := tx.InsertBranch(ctx, rabat); err != nil {
			return err
		}
		got, ok, err := tx.Branch(ctx, "RAB01")
		if err != nil || !ok || got != rabat {
			t.Errorf("a held insert is not seen by the next query: %+v %v %v", got, ok, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	fes := wire.Branch{Code: "FES01", Name: "Fès", City: "Fès", Region: "Fès-Meknès"}
	err = st.Write(ctx, func(tx central.Tx) error {
		if err := tx.InsertBranch(ctx, fes); err != nil {
			return err
		}
		if err := tx.InsertBranch(ctx, rabat); err != nil { // held: no error yet
			return err
		}
		_, _, err := tx.Branch(ctx, "FES01")
		return err
	})
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		t.Fatalf("a duplicate branch held back: %v, want a unique violation", err)
	}
	err = st.Read(ctx, func(r central.Reader) error {
		if _, ok, err := r.Branch(ctx, "FES01"); ok || err != nil {
			t.Errorf("the failed write kept FES01 (%v, %v)", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
