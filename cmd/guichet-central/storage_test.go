package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/internal/pgtest"
)

// A postgres:// database.path runs the centre on PostgreSQL, its URL's
// password never shown; anything else is the SQLite file.
func TestCommandsOnPostgreSQL(t *testing.T) {
	isolate(t)
	dsn := pgtest.DSN(t)
	t.Setenv("PGPASSWORD", "unused-by-trust-auth") // a password kept out of the URL
	t.Setenv("GUICHET_CENTRAL_DATABASE_PATH", dsn)
	t.Setenv("GUICHET_CENTRAL_DATABASE_MAX_CONNS", "4")
	t.Setenv("GUICHET_CENTRAL_DATABASE_STATEMENT_TIMEOUT", "5s")
	if r := centralCmd(t, "", "branches", "add", "RAB01", "--name", "Rabat Agdal", "--city", "Rabat",
		"--region", "Rabat-Salé-Kénitra"); r.code != 0 {
		t.Fatalf("branches add: %+v", r)
	}
	r := centralCmd(t, "", "branches", "list", "--json")
	var listed []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &listed) != nil || len(listed) != 1 || listed[0]["code"] != "RAB01" {
		t.Fatalf("branches list: %+v", r)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("a PostgreSQL centre made files here: %v", entries)
	}

	cfg, err := loadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseMaxConns != 4 || cfg.DatabaseStatementTimeout != 5*time.Second {
		t.Errorf("pool settings: %d %v", cfg.DatabaseMaxConns, cfg.DatabaseStatementTimeout)
	}
	st, err := openStorage(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(*postgres.Store); !ok {
		t.Fatalf("openStorage gave %T for a postgres:// URL", st)
	}
	st.Read(context.Background(), func(r central.Reader) error {
		if _, ok, err := r.Branch(context.Background(), "RAB01"); !ok || err != nil {
			t.Errorf("the branch the command added: %v %v", ok, err)
		}
		return nil
	})
}

func TestOpenStorageChoosesByPath(t *testing.T) {
	dir := isolate(t)
	cfg, err := loadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabasePath = filepath.Join(dir, "centre.db")
	st, err := openStorage(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, ok := st.(*sqlite.Store); !ok {
		t.Fatalf("openStorage gave %T for a file", st)
	}
	cfg.DatabasePath = "postgres://guichet:s3cret@127.0.0.1:1/centre?sslmode=disable&connect_timeout=2"
	_, err = openStorage(context.Background(), cfg)
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "xxxxx") {
		t.Errorf("an unreachable server: %v (must name the URL without its password)", err)
	}
	if cfg.DatabaseLabel() != "postgres://guichet:xxxxx@127.0.0.1:1/centre?sslmode=disable&connect_timeout=2" {
		t.Errorf("label: %s", cfg.DatabaseLabel())
	}
	if cfg.DocumentsDir() != "documents" || cfg.LettersFolder() != "letters" {
		t.Errorf("folders of a PostgreSQL centre: %s %s, want the working directory's", cfg.DocumentsDir(), cfg.LettersFolder())
	}
}
