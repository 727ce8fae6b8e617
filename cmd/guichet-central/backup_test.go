package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/cnops/guichet/sync/wire"
)

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// branchCodes lists the branches a centre database holds.
func branchCodes(t *testing.T, db string) []string {
	t.Helper()
	list, err := openCentre(t, db).Branches(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range list {
		out = append(out, b.Code)
	}
	return out
}

// The copy is taken while serve runs and while another writer adds
// branches: it is one consistent snapshot, checked, 0600, and restores
// into a centre that serves again.
func TestBackupWhileServingThenRestore(t *testing.T) {
	db := withBranch(t)
	dir := filepath.Dir(db)
	if r := centralCmd(t, "", "--db", db, "devices", "add", "--name", "c1", "--branch", "RAB01"); r.code != 0 {
		t.Fatalf("devices add: %+v", r)
	}
	s := startServe(t, "--db", db)
	// A writer keeps adding branches during the copy.
	stop, started := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var once sync.Once
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer once.Do(func() { close(started) }) // a failed writer lets the test go on

		app := openCentre(t, db)
		for i := 0; i < 1000; i++ {
			select {
			case <-stop:
				return
			default:
			}
			code := fmt.Sprintf("WR%03d", i)
			if err := app.AddBranch(context.Background(), wire.Branch{Code: code, Name: code, City: "Rabat", Region: "Rabat"}); err != nil {
				t.Errorf("a write during the backup: %v", err)
				return
			}
			if i == 4 {
				once.Do(func() { close(started) })
			}
		}
	}()
	<-started
	file := filepath.Join(dir, "backup.db")
	r := centralCmd(t, "", "--db", db, "backup", "--to", file, "--json")
	close(stop)
	wg.Wait()
	if r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	var got copyJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("backup --json: %v\n%s", err, r.stdout)
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the backup must be 0600: %v %v", info, err)
	}
	if got.Path != file || got.Database != db || got.SHA256 != sha256File(t, file) || got.Bytes != info.Size() ||
		got.SchemaVersion < 1 || got.SchemaVersion != got.LatestVersion {
		t.Fatalf("backup report %+v (file %d bytes)", got, info.Size())
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(file + suffix); err == nil {
			t.Errorf("the backup left %s beside it", suffix)
		}
	}
	healthOf(t, http.DefaultClient, "http://"+s.addr) // serve went on

	// Never over an existing file: the backup stays as it was.
	if r := centralCmd(t, "", "--db", db, "backup", "--to", file); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("a backup over a file: %+v", r)
	}
	if sha256File(t, file) != got.SHA256 {
		t.Fatal("a refused backup changed the file")
	}

	restored := filepath.Join(dir, "restored", "centre.db")
	os.Mkdir(filepath.Dir(restored), 0o700)
	r = centralCmd(t, "", "--db", restored, "restore", "--from", file)
	if r.code != 0 || !strings.Contains(r.stdout, got.SHA256) || !strings.Contains(r.stdout, "integrity ok") {
		t.Fatalf("restore: %+v", r)
	}
	if info, err := os.Stat(restored); err != nil || info.Mode().Perm() != 0o600 || sha256File(t, restored) != got.SHA256 {
		t.Fatalf("the restored database: %v %v", info, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(restored)); len(entries) != 1 {
		t.Fatalf("a temporary file was left: %v", entries)
	}
	codes := branchCodes(t, restored)
	if len(codes) < 6 || codes[0] != "RAB01" {
		t.Fatalf("restored branches %v", codes)
	}
	// A snapshot: the branches the writer added are a run without a hole.
	for i, code := range codes[1:] {
		if code != fmt.Sprintf("WR%03d", i) {
			t.Fatalf("branch %d of the copy is %s: not one snapshot (%v)", i, code, codes)
		}
	}
	devices, err := openCentre(t, restored).Devices(context.Background())
	if err != nil || len(devices) != 1 || devices[0].Name != "c1" {
		t.Fatalf("restored devices %+v %v", devices, err)
	}
}

func TestBackupRefusals(t *testing.T) {
	dir := isolate(t)
	if r := centralCmd(t, "", "backup"); r.code != 2 || !strings.Contains(r.stderr, "--to") {
		t.Fatalf("backup without --to: %+v", r)
	}
	// No database: nothing is created, neither it nor the backup.
	missing := filepath.Join(dir, "missing.db")
	file := filepath.Join(dir, "backup.db")
	if r := centralCmd(t, "", "--db", missing, "backup", "--to", file); r.code != 1 || !strings.Contains(r.stderr, "no database") {
		t.Fatalf("backup of no database: %+v", r)
	}
	for _, p := range []string{missing, file} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was created", p)
		}
	}
	db := withBranch(t)
	if r := centralCmd(t, "", "--db", db, "backup", "--to", filepath.Join(dir, "nowhere", "b.db")); r.code != 1 {
		t.Fatalf("a backup into a missing folder: %+v", r)
	}
	// Not a centre's database: refused, and no file left.
	other := filepath.Join(dir, "other.db")
	odb, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := odb.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	if r := centralCmd(t, "", "--db", other, "backup", "--to", file); r.code != 1 || !strings.Contains(r.stderr, "not a Guichet centre database") {
		t.Fatalf("backup of another program's database: %+v", r)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a refused backup left its file")
	}
}

// corrupt flips bytes inside the file's second page (a table's b-tree).
func corrupt(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096 + 8; i < 4096+64 && i < len(b); i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRefusals(t *testing.T) {
	db := withBranch(t)
	dir := filepath.Dir(db)
	file := filepath.Join(dir, "backup.db")
	if r := centralCmd(t, "", "--db", db, "backup", "--to", file); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	target := filepath.Join(dir, "new.db")
	notCreated := func(what string) {
		t.Helper()
		if _, err := os.Stat(target); err == nil {
			t.Fatalf("%s: the target was created", what)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".restore-") {
				t.Fatalf("%s: a temporary file was left: %s", what, e.Name())
			}
		}
	}
	if r := centralCmd(t, "", "--db", target, "restore"); r.code != 2 || !strings.Contains(r.stderr, "--from") {
		t.Fatalf("restore without --from: %+v", r)
	}
	// Over an existing database: refused, the database untouched.
	before := sha256File(t, db)
	if r := centralCmd(t, "", "--db", db, "restore", "--from", file); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("restore over a database: %+v", r)
	}
	if sha256File(t, db) != before {
		t.Fatal("a refused restore changed the database")
	}
	// A -wal left beside the target would be applied to the copy.
	os.WriteFile(target+"-wal", []byte("old"), 0o600)
	if r := centralCmd(t, "", "--db", target, "restore", "--from", file); r.code != 1 || !strings.Contains(r.stderr, "-wal") {
		t.Fatalf("restore beside a -wal: %+v", r)
	}
	os.Remove(target + "-wal")
	notCreated("a -wal beside")

	cases := map[string]struct {
		make func(path string)
		want string
	}{
		"corrupt": {func(p string) { corrupt(t, file, p) }, "integrity"},
		"not SQLite": {func(p string) { os.WriteFile(p, []byte("just some text, long enough to be read"), 0o600) },
			"not a SQLite database"},
		"newer schema": {func(p string) {
			c := mustCopy(t, file, p)
			if _, err := c.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`); err != nil {
				t.Fatal(err)
			}
			c.Close()
		}, "newer"},
		"another program's": {func(p string) {
			c := mustCopy(t, file, p)
			if _, err := c.Exec(`DROP TABLE feed`); err != nil {
				t.Fatal(err)
			}
			c.Close()
		}, "not a Guichet centre database"},
		"missing": {func(string) {}, "no database"},
	}
	for name, c := range cases {
		bad := filepath.Join(t.TempDir(), "bad.db")
		c.make(bad)
		if r := centralCmd(t, "", "--db", target, "restore", "--from", bad); r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: %+v, want %q", name, r, c.want)
		}
		notCreated(name)
	}
}

// mustCopy copies a database file and opens the copy for writing.
func mustCopy(t *testing.T, from, to string) *sql.DB {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", to)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
