package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

func TestKeysGenerate(t *testing.T) {
	dir := filepath.Join(isolate(t), "keys")
	r := centralCmd(t, "", "keys", "generate", "--dir", dir)
	if r.code != 0 {
		t.Fatalf("keys generate: %+v", r)
	}
	hmacFile, boxFile := filepath.Join(dir, "hmac.key"), filepath.Join(dir, "box.key")
	for _, f := range []string{hmacFile, boxFile} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", f, fi, err)
		}
	}
	raw, err := pin.ReadKeyFile(hmacFile)
	if err != nil || len(raw) != pin.MinHMACKeyBytes {
		t.Fatalf("HMAC key: %d bytes, %v", len(raw), err)
	}
	private, err := pin.ReadKeyFile(boxFile)
	if err != nil {
		t.Fatal(err)
	}
	box, err := pin.BoxKeyFromPrivate("b1", private)
	if err != nil {
		t.Fatal(err)
	}
	public := pin.EncodeKey(box.Public[:])
	for _, want := range []string{public, "hmac_key_file: \"" + hmacFile + "\"", "box_key_file: \"" + boxFile + "\"",
		"hmac_key_id: h1", "box_key_id: b1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, pin.EncodeKey(private)) || strings.Contains(r.stdout, pin.EncodeKey(raw)) {
		t.Fatal("a private key was printed")
	}
	// Keys are never overwritten.
	before, _ := os.ReadFile(hmacFile)
	if r := centralCmd(t, "", "keys", "generate", "--dir", dir); r.code != 1 || !strings.Contains(r.stderr, "never overwritten") {
		t.Fatalf("a second generate: %+v", r)
	}
	if after, _ := os.ReadFile(hmacFile); !bytes.Equal(before, after) {
		t.Fatal("the HMAC key changed")
	}
	var gen generatedKeys
	other := filepath.Join(t.TempDir(), "k2")
	r = centralCmd(t, "", "keys", "generate", "--dir", other, "--hmac-key-id", "h2", "--box-key-id", "b2", "--json")
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &gen) != nil || gen.HMACKeyID != "h2" || gen.BoxKeyID != "b2" ||
		gen.BoxPublicKey == "" || gen.BoxPublicKey == public {
		t.Fatalf("keys generate --json: %+v", r)
	}
	if r := centralCmd(t, "", "keys", "generate"); r.code != 2 {
		t.Errorf("no --dir: %+v", r)
	}
	if r := centralCmd(t, "", "keys", "generate", "--dir", t.TempDir(), "--box-key-id", "b 1"); r.code != 2 {
		t.Errorf("a bad key id: %+v", r)
	}
}

// serve does not start without its PIN keys, and says which and how to
// make them; the administration commands need none.
func TestServeNeedsThePINKeys(t *testing.T) {
	dir := isolate(t)
	r := centralCmd(t, "", "serve", "--listen", "127.0.0.1:0")
	for _, want := range []string{"pin.hmac_key", "pin.box_key_file", "keys generate"} {
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Fatalf("serve without keys must name %s: %+v", want, r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "guichet-central.db")); !os.IsNotExist(err) {
		t.Fatal("serve without keys created its database")
	}
	if r := centralCmd(t, "", "branches", "list"); r.code != 0 {
		t.Fatalf("an administration command without keys: %+v", r)
	}

	gen := pinKeysEnv(t)
	os.Chmod(gen.BoxKeyFile, 0o644)
	if r := centralCmd(t, "", "serve", "--listen", "127.0.0.1:0"); r.code != 1 || !strings.Contains(r.stderr, "pin.box_key_file") ||
		!strings.Contains(r.stderr, "chmod 600") {
		t.Fatalf("a key file others may read: %+v", r)
	}
	os.Chmod(gen.BoxKeyFile, 0o600)
	// The HMAC key given directly by the environment, but not both ways.
	t.Setenv("GUICHET_CENTRAL_PIN_HMAC_KEY", strings.Repeat("ab", 32))
	if r := centralCmd(t, "", "serve", "--listen", "127.0.0.1:0"); r.code != 1 || !strings.Contains(r.stderr, "not both") {
		t.Fatalf("both pin.hmac_key and pin.hmac_key_file: %+v", r)
	}
	t.Setenv("GUICHET_CENTRAL_PIN_HMAC_KEY_FILE", "")
	t.Setenv("GUICHET_CENTRAL_PIN_HMAC_KEY", "abcd")
	r = centralCmd(t, "", "serve", "--listen", "127.0.0.1:0")
	if r.code != 1 || !strings.Contains(r.stderr, "pin.hmac_key") || strings.Contains(r.stderr, "abcd") {
		t.Fatalf("a short HMAC key must be refused without being repeated: %+v", r)
	}
}

func TestPortalClientsAddListRevoke(t *testing.T) {
	db := filepath.Join(isolate(t), "centre.db")
	r := centralCmd(t, "", "--db", db, "portal-clients", "add", "portail")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	if r.code != 0 || len(token) != 43 || !strings.Contains(r.stdout, "shown only this once") {
		t.Fatalf("portal-clients add: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "portal-clients", "add", "portail"); r.code != 1 || r.stdout != "" {
		t.Errorf("a second active client of a name: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "portal-clients", "add", "bad name"); r.code != 1 {
		t.Errorf("a bad name: %+v", r)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if r := centralCmd(t, "", "--db", db, "portal-clients", "add", "recette", "--token-file", tokenFile); r.code != 0 || strings.Contains(r.stdout, token) {
		t.Fatalf("portal-clients add --token-file: %+v", r)
	}
	fi, err := os.Stat(tokenFile)
	written, _ := os.ReadFile(tokenFile)
	if err != nil || fi.Mode().Perm() != 0o600 || len(strings.TrimSpace(string(written))) != 43 {
		t.Fatalf("token file: %v %v %q", fi, err, written)
	}
	if r := centralCmd(t, "", "--db", db, "portal-clients", "add", "autre", "--token-file", tokenFile); r.code != 1 {
		t.Errorf("an existing token file must not be overwritten: %+v", r)
	}
	if again, _ := os.ReadFile(tokenFile); !bytes.Equal(again, written) {
		t.Fatal("the token file was overwritten")
	}

	var listed []portalClientJSON
	rj := centralCmd(t, "", "--db", db, "portal-clients", "list", "--json")
	if rj.code != 0 || json.Unmarshal([]byte(rj.stdout), &listed) != nil || len(listed) != 2 || listed[0].Name != "portail" ||
		listed[0].RevokedAt != nil {
		t.Fatalf("portal-clients list --json: %+v", rj)
	}
	if r := centralCmd(t, "", "--db", db, "portal-clients", "revoke", "portail"); r.code != 0 {
		t.Fatalf("revoke: %+v", r)
	}
	r = centralCmd(t, "", "--db", db, "portal-clients", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "revoked") || strings.Contains(r.stdout, token) {
		t.Fatalf("portal-clients list: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "portal-clients", "revoke", "portail"); r.code != 1 || !strings.Contains(r.stderr, "no active portal client portail") {
		t.Errorf("revoking twice: %+v", r)
	}

	// The token of the file opens the verification on a running centre,
	// the revoked one does not.
	s := startServe(t, "--db", db)
	verify := func(token string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+s.addr+wire.PathPINVerify,
			strings.NewReader(`{"registration_number":"123456789","pin":"12345678"}`))
		req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	if got := verify(strings.TrimSpace(string(written))); got != http.StatusOK {
		t.Fatalf("the token file's client: %d", got)
	}
	if got := verify(token); got != http.StatusUnauthorized {
		t.Fatalf("the revoked client: %d", got)
	}
}

// The devices learn the centre's public key, the one `keys generate`
// printed.
func TestDevicesReceiveThePublicKey(t *testing.T) {
	db := withBranch(t)
	var added deviceAddedJSON
	if r := centralCmd(t, "", "--db", db, "devices", "add", "--name", "c1", "--branch", "RAB01", "--json"); r.code != 0 || json.Unmarshal([]byte(r.stdout), &added) != nil {
		t.Fatalf("devices add: %+v", r)
	}
	s := startServe(t, "--db", db)
	private, err := pin.ReadKeyFile(os.Getenv("GUICHET_CENTRAL_PIN_BOX_KEY_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	box, _ := pin.BoxKeyFromPrivate("b1", private)
	req, _ := http.NewRequest(http.MethodGet, "http://"+s.addr+wire.PathDevice, nil)
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	req.Header.Set("Authorization", "Bearer "+added.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var dev wire.Device
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&dev) != nil {
		t.Fatalf("device: %d", resp.StatusCode)
	}
	if dev.PINKeyID != "b1" || dev.PINPublicKey != pin.EncodeKey(box.Public[:]) {
		t.Fatalf("device's PIN key: %q %q", dev.PINKeyID, dev.PINPublicKey)
	}
}
