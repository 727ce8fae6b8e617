package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/pin"
)

// The demo centre makes its PIN keys once (0600), keeps them across runs,
// and gives its devices the public key.
func TestDemoCentreHasLastingPINKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	publicKey := func() string {
		t.Helper()
		centre, err := startDemoCentre(ctx, dir, 10, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer centre.Close()
		_, dev, err := centre.app.AddDevice(ctx, "demo counter", demo.Branches()[0].Code)
		if err != nil {
			t.Fatal(err)
		}
		if dev.PINKeyID != demoBoxKeyID || dev.PINPublicKey == "" {
			t.Fatalf("the device's PIN key: %q %q", dev.PINKeyID, dev.PINPublicKey)
		}
		return dev.PINPublicKey
	}
	first := publicKey()
	for _, name := range []string{demoHMACKeyFile, demoBoxKeyFile} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", name, fi, err)
		}
	}
	private, err := pin.ReadKeyFile(filepath.Join(dir, demoBoxKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	box, _ := pin.BoxKeyFromPrivate(demoBoxKeyID, private)
	if pin.EncodeKey(box.Public[:]) != first {
		t.Fatal("the public key given out is not the key file's")
	}
	if again := publicKey(); again != first {
		t.Fatal("the demo centre's key changed between runs")
	}
	// A key file others may read is refused, not silently used.
	os.Chmod(filepath.Join(dir, demoHMACKeyFile), 0o644)
	if _, err := startDemoCentre(ctx, dir, 10, nil); err == nil {
		t.Fatal("a readable key file was accepted")
	}
}
