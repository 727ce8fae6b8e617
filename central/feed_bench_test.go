package central_test

import (
	"context"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/sync/wire"
)

// BenchmarkFeedPage reads a full page of a branch's feed, members mostly:
// what a console's provisioning asks for again and again.
func BenchmarkFeedPage(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir()+"/centre.db")
	if err != nil {
		b.Fatal(err)
	}
	app := central.New(st, central.Options{})
	defer app.Close()
	if err := app.SeedDemo(ctx, 20000, 7, time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), nil); err != nil {
		b.Fatal(err)
	}
	_, dev, err := app.AddDevice(ctx, "counter", demo.Branches()[0].Code)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		page, err := app.Feed(ctx, dev, 0, wire.MaxFeedPage)
		if err != nil || !page.More {
			b.Fatalf("a full page: %d items, more %v, %v", len(page.Items), page.More, err)
		}
	}
}
