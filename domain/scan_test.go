package domain

import (
	"errors"
	"slices"
	"testing"
)

func TestScanMediaTypeByContent(t *testing.T) {
	for _, c := range []struct {
		head []byte
		want string
	}{
		{[]byte("%PDF-1.7\n..."), "application/pdf"},
		{[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, "image/jpeg"},
		{[]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0}, "image/png"},
	} {
		got, err := ScanMediaType(c.head)
		if err != nil || got != c.want {
			t.Errorf("ScanMediaType(% x) = %q, %v; want %q", c.head[:4], got, err, c.want)
		}
		if !IsScanMediaType(got) {
			t.Errorf("%s recognised but not listed", got)
		}
	}
	for _, head := range [][]byte{nil, []byte("%PDF"), []byte("GIF89a"), []byte("hello.pdf"), {0x89, 'P', 'N', 'G'}} {
		var fe *FieldError
		if got, err := ScanMediaType(head); !errors.As(err, &fe) || fe.Field != "scan" || fe.Key != KeyScanType || got != "" {
			t.Errorf("ScanMediaType(%q) = %q, %v; want a scan type error", head, got, err)
		}
	}
}

func TestScanMediaTypesList(t *testing.T) {
	want := []string{"application/pdf", "image/jpeg", "image/png"}
	if got := ScanMediaTypes(); !slices.Equal(got, want) {
		t.Fatalf("ScanMediaTypes() = %v, want %v", got, want)
	}
	ScanMediaTypes()[0] = "text/html" // a caller's copy: the list cannot be changed
	if IsScanMediaType("text/html") || !IsScanMediaType("application/pdf") || IsScanMediaType("image/gif") {
		t.Error("IsScanMediaType disagrees with the list")
	}
}
