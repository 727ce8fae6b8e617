package pgtest_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/internal/pgtest"
)

func schemaExists(t *testing.T, name string) bool {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), pgtest.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_namespace WHERE nspname = $1`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// DSN gives a schema of its own, on the search path, dropped at the end.
func TestDSNMakesAndDropsASchema(t *testing.T) {
	var schema string
	t.Run("inner", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if err := conn.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(schema, "guichet_test_") || !schemaExists(t, schema) {
			t.Fatalf("current schema %q", schema)
		}
		if _, err := conn.Exec(context.Background(), `CREATE TABLE secrets (v text); INSERT INTO secrets VALUES ('123456')`); err != nil {
			t.Fatal(err)
		}
		if dump := string(pgtest.Dump(t, dsn)); !strings.Contains(dump, `secrets {"v":"123456"}`) {
			t.Errorf("dump: %q", dump)
		}
	})
	if schema == "" || schemaExists(t, schema) {
		t.Fatalf("schema %q left behind", schema)
	}
}

// recorder stands for a test: it notes a failure or a skip.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Skip(args ...any) { r.skip = fmt.Sprint(args...); runtime.Goexit() }
func (r *recorder) SkipNow()         { r.skip = "skipped"; runtime.Goexit() }

// An unreachable server fails the test, naming the variable to set.
func TestUnreachableServerFails(t *testing.T) {
	t.Setenv(pgtest.Env, "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2")
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pgtest.DSN(r)
	}()
	<-done
	if r.skip != "" || !strings.Contains(r.fatal, pgtest.Env) {
		t.Fatalf("fatal %q, skip %q: want a failure naming %s", r.fatal, r.skip, pgtest.Env)
	}
}
