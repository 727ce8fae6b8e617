package logfile

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Past log.max_size_mb the file is rotated, at most log.max_backups copies
// are kept, and every file, current or rotated, is readable by its owner
// only: the log names devices and members.
func TestFileRotatesAndStaysPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	path := filepath.Join(dir, "guichet.log")
	log, closer, err := Open(Options{Path: path, MaxSizeMB: 1, MaxBackups: 2, Level: slog.LevelInfo})
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	filler := strings.Repeat("x", 1000)
	for i := range 4000 { // about 4 MB: three rotations at least
		log.Info("sync pass", "n", i, "filler", filler)
	}
	if err := closer.Close(); err != nil {
		t.Fatal(err)
	}
	// lumberjack removes the oldest copies in the background.
	var names []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		names = names[:0]
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) == 3 || time.Now().After(deadline) {
			break
		}
	}
	if len(names) != 3 {
		t.Fatalf("want the current file and 2 rotated copies, found %v", names)
	}
	for _, name := range names {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() > 1<<20 {
			t.Errorf("%s is %d bytes, past the 1 MB rotation size", name, info.Size())
		}
		if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, info.Mode().Perm())
		}
	}
	if info, err := os.Stat(dir); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o700) {
		t.Errorf("log folder: %v, %v; want mode 0700", info.Mode().Perm(), err)
	}
}

// A file left wider open (by hand, or by an older version) is narrowed.
func TestOpenNarrowsAnExistingFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	path := filepath.Join(t.TempDir(), "central.log")
	if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	_, closer, err := Open(Options{Path: path, MaxSizeMB: 1})
	if err != nil {
		t.Fatal(err)
	}
	closer.Close()
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", info.Mode().Perm())
	}
}

func TestOpenFailsAtOnceOnAPathThatCannotBeWritten(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(Options{Path: filepath.Join(blocker, "guichet.log"), MaxSizeMB: 1}); err == nil {
		t.Fatal("a log file inside a file was accepted")
	}
}

// Secrets logged by mistake are replaced, in JSON and text, at any depth;
// ordinary values stay, and so do a key's id and file, which name a
// secret without holding it.
func TestSecretsNeverReachTheLog(t *testing.T) {
	secrets := map[string]string{
		"pin": "48213377", "device_token": "tok-AAAA", "password": "hunter2", "hmac_key": "k3y-bytes",
		"Authorization": "Bearer zzz", "pinToken": "ptk-1", "private.key": "PRIVATE-1",
	}
	for _, text := range []bool{false, true} {
		var buf bytes.Buffer
		log := New(&buf, slog.LevelDebug, text)
		var args []any
		for k, v := range secrets {
			args = append(args, k, v)
		}
		log.Info("reissue", append(args, "device", "D-17", "pin_hmac_key_id", "h7", "pin_box_key_file", "/keys/box.key",
			slog.Group("request", "token", "tok-BBBB", "branch", "CAS01"))...)
		out := buf.String()
		for _, v := range append(mapValues(secrets), "tok-BBBB") {
			if strings.Contains(out, v) {
				t.Errorf("text=%v: secret %q in the log: %s", text, v, out)
			}
		}
		for _, v := range []string{"D-17", "CAS01", "h7", "/keys/box.key", Redacted} {
			if !strings.Contains(out, v) {
				t.Errorf("text=%v: %q missing: %s", text, v, out)
			}
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
