package service

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
)

// A scan is whatever file the agent points at: it is taken only when its
// content is a PDF, JPEG or PNG within the size cap, named by the hash of
// exactly what was read; a refusal is a field error on "scan" whose text
// (it names the file) is printable.
func FuzzCheckScan(f *testing.F) {
	f.Add([]byte("%PDF-1.7\n%%EOF"), "form.pdf", uint16(1024))
	f.Add([]byte("\x89PNG\r\n\x1a\nIHDR"), "scan.png", uint16(8))
	f.Add([]byte("\xff\xd8\xff\xe0"), "p\x1b[2J.jpg", uint16(4))
	f.Add([]byte("<svg/onload=alert(1)>"), "x.svg", uint16(1024))
	f.Add([]byte{}, "empty.pdf", uint16(0))
	f.Add([]byte("%PDF-"+strings.Repeat("x", 100)), "big.pdf", uint16(50))
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, name string, max uint16) {
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") || len(name) > 200 {
			name = "scan"
		}
		dir, err := os.MkdirTemp(root, "scan")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Skip(err) // a name the file system does not take
		}
		s := &Service{policy: Policy{ScanMaxBytes: int64(max)}}
		got, err := s.checkScan(path)
		if err != nil {
			var fe *domain.FieldError
			if !errors.As(err, &fe) || fe.Field != "scan" {
				t.Fatalf("refusal %T %v", err, err)
			}
			if msg := err.Error(); domain.Sanitize(msg) != msg {
				t.Fatalf("refusal is not printable: %q", msg)
			}
			return
		}
		if len(data) > int(max) || got.Size != int64(len(data)) || !bytes.Equal(got.data, data) ||
			got.SHA256 != docstore.Sum(data) || !domain.IsScanMediaType(got.MediaType) {
			t.Fatalf("scan of %d bytes (cap %d) taken as %+v", len(data), max, got.Scan)
		}
	})
}
