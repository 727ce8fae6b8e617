package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"os"
	"slices"
	"testing"
)

// loadIndexes returns name -> definition of the indexes on the tables a
// bulk load fills, as SQLite stores them (automatic indexes have no SQL).
func loadIndexes(t *testing.T, db *DB) map[string]string {
	t.Helper()
	rows, err := db.w.Query(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN ('members', 'beneficiaries', 'addresses')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		got[name] = def
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func wantBulkIndexes() map[string]string {
	want := map[string]string{}
	for _, ix := range bulkIndexes {
		want[ix.name] = ix.create
	}
	return want
}

// The Go list must name exactly the indexes the migrations create on the
// bulk-loaded tables, with the same definitions: a missing one would be
// updated row by row, and a stale one would come back after a load.
func TestBulkIndexesMatchMigrations(t *testing.T) {
	got, want := loadIndexes(t, newDB(t)), wantBulkIndexes()
	if !maps.Equal(got, want) {
		t.Errorf("migrated indexes:\n%v\nbulkIndexes:\n%v", got, want)
	}
	if len(want) != len(bulkIndexes) {
		t.Errorf("bulkIndexes names an index twice")
	}
}

func insertBulkRows(tx *sql.Tx) error {
	for _, q := range []string{
		`INSERT INTO branches (code, name, city, region) VALUES ('RAB01', 'Rabat Agdal', 'Rabat', 'Rabat-Salé-Kénitra')`,
		`INSERT INTO members (id, regno, society_code, home_branch, cin, family_name, given_name, birth_date, sex, category)
			VALUES (1, '123456789', 'MGPAP', 'RAB01', 'AB123456', 'Alaoui', 'Mohamed', '1970-01-02', 'M', 'retired')`,
		`INSERT INTO addresses (member_id, line1, city, postal_code, verified, valid_from)
			VALUES (1, '12 Rue Ibn Sina', 'Rabat', '10000', 1, '2020-01-02T10:00:00.000000000Z')`,
	} {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

func bulkPragma(t *testing.T, db *DB, name string) string {
	t.Helper()
	var v string
	if err := db.w.QueryRow(`PRAGMA ` + name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func bulkCount(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.w.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkNormalAfterLoad: indexes back, durable settings back, WAL mode.
func checkNormalAfterLoad(t *testing.T, db *DB) {
	t.Helper()
	if got, want := loadIndexes(t, db), wantBulkIndexes(); !maps.Equal(got, want) {
		t.Errorf("indexes after the load: %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for name, want := range map[string]string{"synchronous": "2", "journal_mode": "wal", "cache_size": "-2000", "temp_store": "0", "foreign_keys": "1"} {
		if got := bulkPragma(t, db, name); got != want {
			t.Errorf("PRAGMA %s = %s after the load, want %s", name, got, want)
		}
	}
}

func TestBulkLoadLeavesANormalDatabase(t *testing.T) {
	db := newDB(t)
	if err := db.BulkLoad(context.Background(), insertBulkRows); err != nil {
		t.Fatal(err)
	}
	checkNormalAfterLoad(t, db)
	if n := bulkCount(t, db, "members"); n != 1 {
		t.Errorf("%d members after the load, want 1", n)
	}
	if n := bulkCount(t, db, "sqlite_stat1"); n == 0 {
		t.Error("ANALYZE left no statistics")
	}
	if st, err := os.Stat(db.Path + "-wal"); err == nil && st.Size() != 0 {
		t.Errorf("WAL holds %d bytes after the load's checkpoint", st.Size())
	}
	// The unique current-address index is enforced again.
	err := db.Write(context.Background(), func(tx *Tx) error {
		_, err := tx.tx.Exec(`INSERT INTO addresses (member_id, line1, city, postal_code, valid_from)
			VALUES (1, '1 Rue Oued Ziz', 'Rabat', '10000', '2021-01-01T00:00:00.000000000Z')`)
		return err
	})
	if err == nil {
		t.Error("a second current address was accepted after the load")
	}
}

func TestBulkLoadKeepsNothingOnError(t *testing.T) {
	db := newDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := db.BulkLoad(ctx, func(tx *sql.Tx) error {
		if err := insertBulkRows(tx); err != nil {
			return err
		}
		cancel() // as when the user interrupts a long load
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("BulkLoad = %v, want context.Canceled", err)
	}
	if n := bulkCount(t, db, "members"); n != 0 {
		t.Errorf("%d members kept after a failed load", n)
	}
	checkNormalAfterLoad(t, db)
}
