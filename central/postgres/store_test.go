package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/storagetest"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/sync/wire"
)

func open(t *testing.T, dsn string, opts postgres.Options) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// The storage contract, as central/sqlite meets it too.
func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) central.Storage {
		return open(t, pgtest.DSN(t), postgres.Options{MaxConns: 8})
	}, storagetest.ConcurrentWriters())
}

// exec runs SQL on the test schema outside the store.
func exec(t *testing.T, dsn, sql string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesWhatIsNotACentre(t *testing.T) {
	ctx := context.Background()
	foreign := pgtest.DSN(t)
	exec(t, foreign, `CREATE TABLE invoices (id int)`)
	if _, err := postgres.Open(ctx, foreign, postgres.Options{}); !errors.Is(err, postgres.ErrForeignSchema) {
		t.Errorf("another program's schema: %v", err)
	}
	newer := pgtest.DSN(t)
	open(t, newer, postgres.Options{}).Close()
	exec(t, newer, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99, true)`)
	if _, err := postgres.Open(ctx, newer, postgres.Options{}); !errors.Is(err, postgres.ErrNewerSchema) {
		t.Errorf("a newer schema: %v", err)
	}
	if _, err := postgres.Open(ctx, pgtest.URL()+"&search_path=no_such_schema", postgres.Options{}); !errors.Is(err, postgres.ErrNoSchema) {
		t.Errorf("no schema: %v", err)
	}
}

// Centres starting together migrate once; a reopened centre keeps its
// data.
func TestOpenTogetherThenReopen(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			st, err := postgres.Open(ctx, dsn, postgres.Options{})
			if err == nil {
				st.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st := open(t, dsn, postgres.Options{})
	err := st.Write(ctx, func(tx central.Tx) error {
		return tx.InsertBranch(ctx, wire.Branch{Code: "RAB01", Name: "Rabat", City: "Rabat", Region: "RSK"})
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, dsn, postgres.Options{})
	st.Read(ctx, func(r central.Reader) error {
		if _, ok, err := r.Branch(ctx, "RAB01"); !ok || err != nil {
			t.Errorf("branch after reopening: %v %v", ok, err)
		}
		return nil
	})
}

// A statement that runs longer than the timeout is stopped.
func TestStatementTimeout(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.DSN(t), postgres.Options{StatementTimeout: 100 * time.Millisecond})
	start := time.Now()
	err := st.Sleep(ctx, 5)
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("a 5 s statement under a 100 ms timeout: %v after %v", err, time.Since(start))
	}
}

func TestIsDSNAndRedact(t *testing.T) {
	for path, want := range map[string]bool{"postgres://h/db": true, "postgresql://h/db": true,
		"guichet-central.db": false, "/srv/postgres/centre.db": false, "file:postgres://x": false} {
		if postgres.IsDSN(path) != want {
			t.Errorf("IsDSN(%q) = %v", path, !want)
		}
	}
	for dsn, want := range map[string]string{
		"postgres://guichet:s3cret@db:5432/centre?sslmode=require":     "postgres://guichet:xxxxx@db:5432/centre?sslmode=require",
		"postgres://guichet@db/centre?password=s3cret&sslmode=disable": "postgres://guichet@db/centre?password=xxxxx&sslmode=disable",
		"postgres://db/centre": "postgres://db/centre",
	} {
		if got := postgres.Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q, want %q", dsn, got, want)
		}
	}
}
