package domain

import (
	"bytes"
	"slices"
)

// scanFormats are the accepted scan formats and how each starts: scans are
// recognised by content, never by a file name or a declared type alone.
var scanFormats = []struct {
	mediaType string
	magic     []byte
}{
	{"application/pdf", []byte("%PDF-")},
	{"image/jpeg", []byte{0xFF, 0xD8, 0xFF}},
	{"image/png", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}},
}

// ScanMediaTypes lists the media types of the accepted scan formats.
func ScanMediaTypes() []string {
	out := make([]string, len(scanFormats))
	for i, f := range scanFormats {
		out[i] = f.mediaType
	}
	return out
}

// IsScanMediaType reports whether a media type is an accepted scan format.
func IsScanMediaType(mediaType string) bool {
	return slices.Contains(ScanMediaTypes(), mediaType)
}

// ScanMediaType recognises a scan by its first bytes (the whole file will
// do) and returns its media type, or a field error when it is none of the
// accepted formats.
func ScanMediaType(head []byte) (string, error) {
	for _, f := range scanFormats {
		if bytes.HasPrefix(head, f.magic) {
			return f.mediaType, nil
		}
	}
	return "", NewFieldError("scan", KeyScanType)
}
