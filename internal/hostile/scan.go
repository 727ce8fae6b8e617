//go:build unix

package hostile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// ScanCase is a hostile scan path (scans.json): Make builds what the path
// names before the request is made; the refusal carries Key.
type ScanCase struct {
	Case
	Make    string `json:"make"` // none, file, dir, fifo, symlink
	Path    string `json:"path"`
	Target  string `json:"target,omitempty"`  // a symlink's target
	Content string `json:"content,omitempty"` // a file's bytes
	Key     string `json:"key"`
	// CLI also gives the path to guichet address request --scan (a few
	// suffice: the command passes paths through to the same check).
	CLI bool `json:"cli,omitempty"`
}

// MakeScanPath builds what a scan case's path names, relative paths under
// dir, and returns the path to give.
func MakeScanPath(t testing.TB, dir, kind, path, target, content string) string {
	t.Helper()
	vars := map[string]string{"tmp": dir}
	full := Expand(t, path, vars)
	if !filepath.IsAbs(full) {
		full = filepath.Join(dir, full)
	}
	var err error
	switch kind {
	case "none":
	case "file":
		err = os.WriteFile(full, []byte(Expand(t, content, vars)), 0o600)
	case "dir":
		err = os.MkdirAll(full, 0o700)
	case "fifo":
		err = syscall.Mkfifo(full, 0o600)
	case "symlink":
		err = os.Symlink(Expand(t, target, vars), full)
	default:
		t.Fatalf("make %q", kind)
	}
	if err != nil {
		t.Fatalf("make %s %s: %v", kind, full, err)
	}
	return full
}
