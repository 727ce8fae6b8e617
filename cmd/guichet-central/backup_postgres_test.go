package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/sync/wire"
)

// On PostgreSQL, backup and restore print the tool's command (no
// password, no parameter only pgx knows) and fail: nothing was copied.
func TestBackupOnPostgresPrintsTheCommands(t *testing.T) {
	isolate(t)
	dsn := "postgres://centre:s3cret@db.example:5432/guichet?sslmode=verify-full&pool_max_conns=20&search_path=centre"
	r := centralCmd(t, "", "--db", dsn, "backup", "--to", "/backups/centre 1.dump")
	want := `pg_dump --format=custom '--file=/backups/centre 1.dump' --schema=centre ` +
		`'--dbname=postgres://centre@db.example:5432/guichet?sslmode=verify-full'`
	if r.code != 2 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stderr, "nothing was done") {
		t.Fatalf("backup on PostgreSQL: %+v\nwant the line %s", r, want)
	}
	r = centralCmd(t, "", "--db", dsn, "restore", "--from", "centre.dump", "--json")
	var got pgCommandJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 2 {
		t.Fatalf("restore --json on PostgreSQL: %+v %v", r, err)
	}
	wantArgs := []string{"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
		"--dbname=postgres://centre@db.example:5432/guichet?sslmode=verify-full", "centre.dump"}
	if got.Storage != "postgresql" || !slices.Equal(got.Command, wantArgs) || !strings.Contains(got.Note, "PGPASSWORD") {
		t.Fatalf("restore --json: %+v", got)
	}
	for _, out := range []string{r.stdout, r.stderr} {
		if strings.Contains(out, "s3cret") {
			t.Fatal("the password was printed")
		}
	}
}

// printedCommand runs backup or restore on PostgreSQL and returns the
// command it prints.
func printedCommand(t *testing.T, dsn string, args ...string) []string {
	t.Helper()
	r := centralCmd(t, "", append([]string{"--db", dsn}, append(args, "--json")...)...)
	var got pgCommandJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got.Command) == 0 {
		t.Fatalf("%v: %+v %v", args, r, err)
	}
	return got.Command
}

func runTool(t *testing.T, argv []string) {
	t.Helper()
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out)
	}
}

// pgCentre opens the centre kept at dsn.
func pgCentre(t *testing.T, dsn string) *central.App {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	app := central.New(st, central.Options{})
	t.Cleanup(func() { app.Close() })
	return app
}

// feedSeqs lists the feed's seqs as a device of branch reads them.
func feedSeqs(t *testing.T, app *central.App, branch string) []int64 {
	t.Helper()
	page, err := app.Feed(context.Background(), wire.Device{Branch: branch}, 0, wire.MaxFeedPage)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, it := range page.Items {
		seqs = append(seqs, it.Seq)
	}
	slices.Sort(seqs)
	return seqs
}

// sortedDump is every row of the centre's schema, in a stable order.
func sortedDump(t *testing.T, dsn string) string {
	t.Helper()
	lines := strings.Split(string(pgtest.Dump(t, dsn)), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// The commands printed for PostgreSQL work as printed: a real centre
// dumped, changed, then restored (--clean puts back the dump's rows);
// then lost altogether and restored again; its feed goes on after the
// last seq, not over it.
func TestPostgresBackupCommandsRestoreACentre(t *testing.T) {
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the procedure is documented in docs/OPERATIONS.md", tool)
		}
	}
	isolate(t)
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	app := pgCentre(t, dsn)
	for _, b := range []wire.Branch{{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"},
		{Code: "CAS01", Name: "Casablanca Anfa", City: "Casablanca", Region: "Casablanca-Settat"}} {
		if err := app.AddBranch(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := app.AddDevice(ctx, "counter 1", "RAB01"); err != nil {
		t.Fatal(err)
	}
	before, seqs := sortedDump(t, dsn), feedSeqs(t, app, "RAB01")
	if !strings.Contains(before, "counter 1") || len(seqs) == 0 {
		t.Fatalf("the centre before the dump: %v\n%s", seqs, before)
	}
	// The URL as an operator may write it: a password (trust here, so
	// unused) that must not reach the command line.
	u, _ := url.Parse(dsn)
	u.User = url.UserPassword(u.User.Username(), "unused-secret")
	withPassword := u.String()
	file := filepath.Join(t.TempDir(), "centre.dump")
	dump := printedCommand(t, withPassword, "backup", "--to", file)
	if strings.Contains(strings.Join(dump, " "), "unused-secret") {
		t.Fatalf("the password is on the command line: %v", dump)
	}
	runTool(t, dump)

	// Changed after the dump: the restore puts back the dump's state.
	if err := app.AddBranch(ctx, wire.Branch{Code: "FES01", Name: "Fès", City: "Fès", Region: "Fès-Meknès"}); err != nil {
		t.Fatal(err)
	}
	app.Close()
	restore := printedCommand(t, withPassword, "restore", "--from", file)
	runTool(t, restore)
	if after := sortedDump(t, dsn); after != before {
		t.Fatalf("restored over a changed centre:\n%s\nwant\n%s", after, before)
	}

	// Lost altogether (the schema dropped), then restored.
	dropSchema(t, dsn)
	runTool(t, restore)
	if after := sortedDump(t, dsn); after != before {
		t.Fatalf("restored into an empty database:\n%s\nwant\n%s", after, before)
	}
	back := pgCentre(t, dsn)
	if err := back.AddBranch(ctx, wire.Branch{Code: "TNG01", Name: "Tanger", City: "Tanger", Region: "Tanger"}); err != nil {
		t.Fatal(err)
	}
	after := feedSeqs(t, back, "RAB01")
	if len(after) <= len(seqs) || after[len(after)-1] <= seqs[len(seqs)-1] || !slices.Equal(after[:len(seqs)], seqs) {
		t.Fatalf("the restored feed must go on after seq %d: %v", seqs[len(seqs)-1], after)
	}
	devices, err := back.Devices(ctx)
	if err != nil || len(devices) != 1 || devices[0].Name != "counter 1" {
		t.Fatalf("restored devices: %+v %v", devices, err)
	}
}

// dropSchema drops the centre's schema (the search_path of dsn), as a
// lost database would be; pgtest's clean-up drops it again at the end.
func dropSchema(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	u, _ := url.Parse(dsn)
	if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{u.Query().Get("search_path")}.Sanitize()+" CASCADE"); err != nil {
		t.Fatal(err)
	}
}
