package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSyncKeys(t *testing.T) {
	dir := isolate(t)
	c, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.SyncInterval != 30*time.Second || c.SyncTimeout != 20*time.Second || c.CentralURL != "" {
		t.Fatalf("sync defaults wrong: %+v", c)
	}
	write(t, filepath.Join(dir, "guichet.yaml"), "sync:\n  interval: 2m\n  central_url: https://centre.example:8443/g\n")
	t.Setenv("GUICHET_SYNC_TIMEOUT", "45s")
	if c, err = Load(Options{}); err != nil {
		t.Fatal(err)
	}
	if c.SyncInterval != 2*time.Minute || c.SyncTimeout != 45*time.Second || c.CentralURL != "https://centre.example:8443/g" {
		t.Fatalf("file and environment not applied: %+v", c)
	}
	for body, key := range map[string]string{
		"sync:\n  interval: 1s\n":                         "sync.interval",
		"sync:\n  timeout: 10m\n":                         "sync.timeout",
		"sync:\n  central_url: ftp://centre\n":            "sync.central_url",
		"sync:\n  central_url: https://u:p@centre/\n":     "sync.central_url",
		"sync:\n  central_url: \"https://centre/?a=b\"\n": "sync.central_url",
	} {
		dir := isolate(t)
		write(t, filepath.Join(dir, "guichet.yaml"), body)
		if _, err := Load(Options{}); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%q: error %v does not name %s", body, err, key)
		}
	}
}
