package docstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeepWritesOnceUnderTheHash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "documents")
	data := []byte("%PDF-1.4 a scanned form")
	sum := Sum(data)
	if sum != "2bd3ad9efc18642317f6ffe3be3ebb218bd6ee435f5fa850370d4660bbd07a29" {
		t.Fatalf("sum %q", sum)
	}
	created, err := Keep(dir, sum, data)
	if err != nil || created != filepath.Join(dir, sum) {
		t.Fatalf("first keep: %q %v", created, err)
	}
	st, err := os.Stat(created)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("kept file: %v %v", st, err)
	}
	if got, _ := os.ReadFile(created); string(got) != string(data) {
		t.Errorf("content %q", got)
	}
	if again, err := Keep(dir, sum, data); err != nil || again != "" {
		t.Errorf("the same content again: %q %v", again, err)
	}
	// A file of that name cut short (a damaged copy) is written again.
	if err := os.WriteFile(created, data[:4], 0o600); err != nil {
		t.Fatal(err)
	}
	if again, err := Keep(dir, sum, data); err != nil || again != created {
		t.Errorf("a damaged copy: %q %v", again, err)
	}
	if got, _ := os.ReadFile(created); string(got) != string(data) {
		t.Errorf("content after repair %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestValidNameIsALowerCaseSHA256(t *testing.T) {
	sum := Sum([]byte("a scan"))
	if !ValidName(sum) {
		t.Errorf("Sum's own name %q refused", sum)
	}
	for _, bad := range []string{"", sum[:63], sum + "0", strings.ToUpper(sum), sum[:63] + "g",
		"../" + sum[3:], sum[:62] + "\u00e9"} {
		if ValidName(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
