// Package pgtest gives tests a PostgreSQL schema of their own: DSN creates
// a fresh schema in the database GUICHET_TEST_POSTGRES names and drops it
// when the test ends. A test that needs PostgreSQL fails, never skips,
// when the server cannot be reached: CI must not pass by running less.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the variable that holds the test server's URL; DefaultURL is
// used when it is unset.
const (
	Env        = "GUICHET_TEST_POSTGRES"
	DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
)

// URL is the test server's URL.
func URL() string {
	if u := os.Getenv(Env); u != "" {
		return u
	}
	return DefaultURL
}

// connect opens one connection to the test server, failing the test with
// the variable to set when it cannot.
func connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("PostgreSQL for tests is unreachable (set %s, default %s): %v", Env, DefaultURL, err)
	}
	return conn
}

// DSN creates a schema with a random name and returns the test server's
// URL with search_path set to it; the schema and all it holds are dropped
// when the test ends (after the clean-ups registered later, such as
// closing a pool opened on it).
func DSN(t testing.TB) string {
	t.Helper()
	base := URL()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: not a URL: %v", Env, err)
	}
	conn := connect(t, base)
	defer conn.Close(context.Background())
	schema := "guichet_test_" + randomHex()
	if _, err := conn.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		conn := connect(t, base)
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Dump is every row of every table of the schema dsn's search_path names,
// as JSON text, one row a line: what a test scans for what must never be
// stored (a PIN, a password).
func Dump(t testing.TB, dsn string) []byte {
	t.Helper()
	ctx := context.Background()
	conn := connect(t, dsn)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, table := range tables {
		rows, err := conn.Query(ctx, `SELECT row_to_json(t)::text FROM `+pgx.Identifier{table}.Sanitize()+` t`)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			out.WriteString(table + " " + l + "\n")
		}
	}
	return out.Bytes()
}
