package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
)

// keysConfig writes ./guichet-central.yaml naming the keys of a rotation.
func keysConfig(t *testing.T, rot rotation) {
	t.Helper()
	write(t, "guichet-central.yaml", "pin:\n  length: 12\n"+
		"  hmac_key_file: "+rot.HMACKeyFile+"\n  hmac_key_id: "+rot.HMACKeyID+"\n"+
		"  previous_hmac_keys: \""+rot.PreviousHMACKeys+"\"\n"+
		"  box_key_file: "+rot.BoxKeyFile+"\n  box_key_id: "+rot.BoxKeyID+"\n"+
		"  previous_box_keys: \""+rot.PreviousBoxKeys+"\"\n")
}

// statusJSON is `keys status --json`.
type statusJSON struct {
	Keys        []keyStatusJSON `json:"keys"`
	Unconfirmed int             `json:"devices_unconfirmed"`
}

func keysStatus(t *testing.T, db string) (statusJSON, result) {
	t.Helper()
	r := centralCmd(t, "", "--db", db, "keys", "status", "--json")
	var st statusJSON
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("keys status --json: %v\n%+v", err, r)
	}
	return st, r
}

// A rotation from the command line: new files beside the old ones, the
// configuration printed keeps the old keys as previous ones, the PIN made
// before still verifies under it, and keys status says which key can go.
func TestKeysRotateThenStatus(t *testing.T) {
	db := lettersCentre(t) // keys h1, b1 in ./keys; a post PIN awaiting its letter
	dir := filepath.Dir(db)
	keysDir := filepath.Join(dir, "keys")
	loc, _ := time.LoadLocation("Africa/Casablanca")
	if r := centralCmd(t, "", "--db", db, "letters", "export", "--date", time.Now().In(loc).Format(domain.DateLayout)); r.code != 0 {
		t.Fatalf("letters export: %+v", r) // the PIN's verifier, under h1
	}
	oldHMAC, _ := os.ReadFile(filepath.Join(keysDir, hmacKeyFileName))

	r := centralCmd(t, "", "keys", "rotate", "--dir", keysDir)
	for _, want := range []string{"hmac-h2.key", "box-b2.key", "hmac_key_id: h2", "box_key_id: b2",
		`previous_hmac_keys: "h1=` + filepath.Join(keysDir, hmacKeyFileName) + `"`,
		`previous_box_keys: "b1=` + filepath.Join(keysDir, boxKeyFileName) + `"`, "systemctl reload"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("keys rotate lacks %q: %+v", want, r)
		}
	}
	for _, f := range []string{"hmac-h2.key", "box-b2.key"} {
		if fi, err := os.Stat(filepath.Join(keysDir, f)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", f, fi, err)
		}
	}
	if now, _ := os.ReadFile(filepath.Join(keysDir, hmacKeyFileName)); !bytes.Equal(now, oldHMAC) {
		t.Fatal("the old HMAC key file changed")
	}
	// Not applied yet: a second rotation skips the ids whose files exist.
	r = centralCmd(t, "", "keys", "rotate", "--dir", keysDir, "--kind", "hmac", "--json")
	var rot rotation
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rot) != nil || rot.HMACKeyID != "h3" || rot.BoxKeyID != "b1" {
		t.Fatalf("a second rotation of the HMAC key only: %+v", r)
	}
	keysConfig(t, rot)

	st, sr := keysStatus(t, db)
	if sr.code != 0 || len(st.Keys) != 3 || st.Keys[0].ID != "h1" || st.Keys[0].Role != central.KeyPrevious ||
		st.Keys[0].Verifiers != 1 || st.Keys[0].Droppable || st.Keys[1].ID != "h3" || st.Keys[1].Role != central.KeyCurrent ||
		st.Keys[2].ID != "b1" || st.Keys[2].Role != central.KeyCurrent {
		t.Fatalf("keys status after the rotation: %+v %+v", st, sr)
	}
	if r := centralCmd(t, "", "--db", db, "keys", "status"); r.code != 0 || !strings.Contains(r.stdout, "live verifiers: 1") ||
		!strings.Contains(r.stdout, "previous") || !strings.Contains(r.stdout, "keep") {
		t.Errorf("keys status as text: %+v", r)
	}

	// Dropping h1 while its PIN lives: status shows it missing and fails.
	rot.PreviousHMACKeys = ""
	keysConfig(t, rot)
	st, sr = keysStatus(t, db)
	if sr.code != 1 || !strings.Contains(sr.stderr, "h1") || len(st.Keys) != 3 || st.Keys[1].ID != "h1" || st.Keys[1].Role != central.KeyMissing {
		t.Fatalf("keys status with h1 in use but dropped: %+v %+v", st, sr)
	}
}

// The current HMAC key given by the environment is saved to a file, since
// a previous key must be one.
func TestKeysRotateSavesAnHMACKeyFromTheEnvironment(t *testing.T) {
	gen := pinKeysEnv(t)
	isolate(t)
	t.Setenv("GUICHET_CENTRAL_PIN_HMAC_KEY", strings.Repeat("ab", 32))
	t.Setenv("GUICHET_CENTRAL_PIN_BOX_KEY_FILE", gen.BoxKeyFile)
	dir := t.TempDir()
	r := centralCmd(t, "", "keys", "rotate", "--dir", dir, "--json")
	var rot rotation
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rot) != nil || rot.SavedHMACKeyFile != filepath.Join(dir, "hmac-h1.key") ||
		rot.PreviousHMACKeys != "h1="+rot.SavedHMACKeyFile || strings.Contains(r.stdout, strings.Repeat("ab", 32)) {
		t.Fatalf("rotate with the key in the environment: %+v", r)
	}
	if saved, err := os.ReadFile(rot.SavedHMACKeyFile); err != nil || strings.TrimSpace(string(saved)) != "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=" {
		t.Fatalf("saved key: %q %v", saved, err)
	}
	if r := centralCmd(t, "", "keys", "rotate", "--dir", dir, "--kind", "all"); r.code != 2 {
		t.Errorf("an unknown kind: %+v", r)
	}
}

// Previous keys are checked like the current ones, each message naming
// the configuration key and the key's id.
func TestPreviousKeysAreValidated(t *testing.T) {
	isolate(t)
	gen := pinKeysEnv(t)
	short := filepath.Join(t.TempDir(), "short.key")
	if err := os.WriteFile(short, []byte(strings.Repeat("ab", 16)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for value, want := range map[string][]string{
		"h0=" + gen.HMACKeyFile + ",h0=" + gen.HMACKeyFile: {"pin.previous_hmac_keys", "h0", "twice"},
		"h1=" + gen.HMACKeyFile:                            {"pin.previous_hmac_keys", "h1", "twice"},
		"h0=/nonexistent/hmac.key":                         {"pin.previous_hmac_keys", "h0", "no such file"},
		"h0=" + short:                                      {"pin.previous_hmac_keys", "h0", "16 bytes"},
		"h0":                                               {"pin.previous_hmac_keys", "ID=FILE"},
		"h 0=" + gen.HMACKeyFile:                           {"pin.previous_hmac_keys", "letters, digits"},
	} {
		t.Setenv("GUICHET_CENTRAL_PIN_PREVIOUS_HMAC_KEYS", value)
		r := centralCmd(t, "", "keys", "status")
		for _, w := range want {
			if r.code != 1 || !strings.Contains(r.stderr, w) {
				t.Errorf("previous_hmac_keys %q: want %q in %+v", value, w, r)
			}
		}
	}
	t.Setenv("GUICHET_CENTRAL_PIN_PREVIOUS_HMAC_KEYS", "")
	t.Setenv("GUICHET_CENTRAL_PIN_PREVIOUS_BOX_KEYS", "b1="+gen.BoxKeyFile)
	if r := centralCmd(t, "", "keys", "status"); r.code != 1 || !strings.Contains(r.stderr, "pin.previous_box_keys") ||
		!strings.Contains(r.stderr, "b1") {
		t.Errorf("a previous box key with the current id: %+v", r)
	}
	t.Setenv("GUICHET_CENTRAL_PIN_PREVIOUS_BOX_KEYS", "b0="+gen.HMACKeyFile+",b9="+short)
	if r := centralCmd(t, "", "keys", "status"); r.code != 1 || !strings.Contains(r.stderr, "b9") || !strings.Contains(r.stderr, "32 bytes") {
		t.Errorf("a previous box key of the wrong length: %+v", r)
	}
}

// The reload serve runs on SIGHUP: a good configuration's keys take over,
// a bad one is refused and logged, and the keys in use stay.
func TestReloadPINKeys(t *testing.T) {
	db := withBranch(t)
	dir := filepath.Dir(db)
	if r := centralCmd(t, "", "keys", "generate", "--dir", filepath.Join(dir, "keys")); r.code != 0 {
		t.Fatalf("keys generate: %+v", r)
	}
	first := rotation{HMACKeyFile: filepath.Join(dir, "keys", hmacKeyFileName), HMACKeyID: "h1",
		BoxKeyFile: filepath.Join(dir, "keys", boxKeyFileName), BoxKeyID: "b1"}
	keysConfig(t, first)
	load := func() (central.PINKeys, error) {
		cfg, err := loadConfig("", nil)
		if err != nil {
			return central.PINKeys{}, err
		}
		return loadPINKeys(cfg)
	}
	keys, err := load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	app := central.New(st, central.Options{PINKeys: keys.HMAC, BoxKey: keys.Box})
	defer app.Close()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx := context.Background()
	current := func() []string {
		t.Helper()
		s, err := app.PINKeyStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, u := range s.Keys {
			ids = append(ids, u.ID+":"+u.Role)
		}
		return ids
	}

	r := centralCmd(t, "", "keys", "rotate", "--dir", filepath.Join(dir, "keys"), "--json")
	var rot rotation
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rot) != nil {
		t.Fatalf("keys rotate: %+v", r)
	}
	keysConfig(t, rot)
	if err := reloadPINKeys(ctx, app, load, log); err != nil {
		t.Fatalf("reload of a good configuration: %v", err)
	}
	want := "h1:previous h2:current b2:current b1:previous"
	if got := strings.Join(current(), " "); got != want {
		t.Fatalf("keys after the reload: %s, want %s", got, want)
	}

	bad := rot
	bad.BoxKeyFile = filepath.Join(dir, "keys", "missing.key")
	keysConfig(t, bad)
	if err := reloadPINKeys(ctx, app, load, log); err == nil || !strings.Contains(logs.String(), "PIN keys not reloaded") ||
		!strings.Contains(logs.String(), "pin.box_key_file") {
		t.Fatalf("reload of a bad configuration: %v\n%s", err, logs.String())
	}
	write(t, "guichet-central.yaml", "pin:\n  length: twelve\n")
	if err := reloadPINKeys(ctx, app, load, log); err == nil {
		t.Fatal("a configuration that does not load was accepted")
	}
	if got := strings.Join(current(), " "); got != want {
		t.Fatalf("keys after refused reloads: %s, want %s", got, want)
	}
	if strings.Contains(logs.String(), strings.TrimSpace(readFile(t, rot.HMACKeyFile))) {
		t.Fatal("a key was logged")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
