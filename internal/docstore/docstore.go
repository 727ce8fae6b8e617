// Package docstore owns the document store that the console and the centre
// each keep scans in: a folder of files named by the SHA-256 of their
// content, mode 0600, each written whole (a synced temporary file renamed
// into place) or not at all.
package docstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// Sum is the name data is kept under: its SHA-256, in lower-case hex.
func Sum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ValidName reports whether s can name a document: a SHA-256 in 64
// lower-case hex digits, the form Sum gives. A name from elsewhere (the
// wire, the centre's feed) is checked with it before it is used.
func ValidName(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Keep writes data, whose Sum is sum, into dir under that name, unless a
// file of that name and size is there already (the name is the content's
// hash: it holds the same bytes). It returns the path it wrote, or "" when
// the file was there, so that a caller whose transaction then fails can
// take back only what it added.
func Keep(dir, sum string, data []byte) (created string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("document store: %w", err)
	}
	dst := filepath.Join(dir, sum)
	if st, err := os.Stat(dst); err == nil && st.Size() == int64(len(data)) {
		return "", nil
	}
	tmp, err := os.CreateTemp(dir, ".incoming-*") // mode 0600
	if err != nil {
		return "", fmt.Errorf("document store: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing left to remove
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		return "", fmt.Errorf("document store: %w", err)
	}
	return dst, nil
}
