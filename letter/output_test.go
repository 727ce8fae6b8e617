package letter

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// script writes an executable shell script for the tests (the product
// itself never runs a shell).
func script(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs a POSIX shell")
	}
	p := filepath.Join(t.TempDir(), "print.sh")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPrintPipesThePDF(t *testing.T) {
	cmd := script(t, `cat > "$1"; echo "request id is counter-1"`)
	out := filepath.Join(t.TempDir(), "printed file.pdf")
	pdf := []byte("%PDF-1.3 fake\x00\xff bytes")
	if err := Print(context.Background(), cmd+` "`+out+`"`, pdf); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("printer received %q, %v", got, err)
	}
}

func TestPrintFailures(t *testing.T) {
	ctx := context.Background()
	if err := Print(ctx, "false", []byte("x")); err == nil {
		t.Error("false: no error")
	}
	err := Print(ctx, "guichet-no-such-printer -d x", []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "guichet-no-such-printer") {
		t.Errorf("missing command: %v", err)
	}
	if err := Print(ctx, "cat", nil); err == nil {
		t.Error("empty document printed")
	}
	for _, c := range []string{"", "  ", `lp "open`} {
		if err := Print(ctx, c, []byte("x")); err == nil {
			t.Errorf("command %q: no error", c)
		}
	}
	cmd := script(t, `cat > /dev/null; printf 'lp: \033[31mprinter "counter" does not exist\n' >&2; exit 1`)
	err = Print(ctx, cmd, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), `printer "counter" does not exist`) {
		t.Errorf("stderr not reported: %v", err)
	}
	if err != nil && strings.ContainsRune(err.Error(), '\x1b') {
		t.Errorf("escape sequence in error: %q", err)
	}
}

func TestPrintTimeout(t *testing.T) {
	cmd := script(t, "exec sleep 30")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := Print(ctx, cmd, []byte("x"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Print took %v", d)
	}
}

func TestSave(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "receipts", "2026")
	path, err := Save(dir, "RAB01-20261125-7.pdf", []byte("first"))
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "RAB01-20261125-7.pdf") {
		t.Errorf("path = %s", path)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("file mode %v, %v; want 0600", fi.Mode().Perm(), err)
		}
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("dir mode %v, %v; want 0700", fi.Mode().Perm(), err)
		}
	}
	if _, err := Save(dir, "RAB01-20261125-7.pdf", []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("overwrite: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("file now holds %q", got)
	}
	for _, bad := range []string{"", ".", "..", "../x.pdf", "a/b.pdf"} {
		if _, err := Save(dir, bad, []byte("x")); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	if _, err := Save("", "x.pdf", []byte("x")); err == nil {
		t.Error("empty dir accepted")
	}
}
