package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/sync/wire"
)

// A centre made before PINs existed upgrades in place: its feed keeps its
// rows, and new rows (PINs among them) follow on.
func TestUpgradeFromTheFirstSchemaKeepsTheFeed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "centre.db")
	first, err := os.ReadFile("migrations/00001_centre.sql")
	if err != nil {
		t.Fatal(err)
	}
	old := sqlitedb.Schema{Migrations: fstest.MapFS{"migrations/00001_centre.sql": {Data: first}},
		Tables: []string{"feed", "entries"}, ErrForeign: sqlite.ErrForeignSchema}
	p, err := sqlitedb.Open(ctx, path, sqlitedb.MayCreate, old)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"RAB01", "CAS01"} {
		if _, err := p.Writer.ExecContext(ctx, `INSERT INTO feed (branch, kind, key) VALUES ('*', 'branch', ?)`, key); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()

	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Write(ctx, func(tx central.Tx) error { return tx.AppendFeed(ctx, wire.ItemPIN, "pin-1", "RAB01") })
	if err != nil {
		t.Fatal(err)
	}
	var rows []central.FeedRow
	st.Read(ctx, func(r central.Reader) (err error) { rows, err = r.FeedAfter(ctx, "RAB01", 0, 10); return err })
	if len(rows) != 3 || rows[0].Key != "RAB01" || rows[1].Key != "CAS01" || rows[2].Seq != 3 || rows[2].Kind != wire.ItemPIN {
		t.Fatalf("feed after the upgrade: %+v", rows)
	}
}
