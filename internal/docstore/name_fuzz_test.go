package docstore

import (
	"strings"
	"testing"
)

// A document's name is used as a file name: only the 64 lower-case hex
// digits Sum gives pass, so no name can leave the store's folder.
func FuzzValidName(f *testing.F) {
	for _, s := range []string{Sum(nil), Sum([]byte("scan")), strings.ToUpper(Sum(nil)), "../" + Sum(nil)[3:], Sum(nil)[:63], Sum(nil) + "0", "", strings.Repeat("g", 64)} {
		f.Add(s, []byte("x"))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !ValidName(Sum(data)) {
			t.Fatalf("Sum gives an invalid name %q", Sum(data))
		}
		if !ValidName(name) {
			return
		}
		if len(name) != 64 || strings.Trim(name, "0123456789abcdef") != "" {
			t.Fatalf("name %q accepted", name)
		}
	})
}
