package service

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cnops/guichet/domain"
)

// scanTypes are the accepted scan formats, recognised by content (never by
// the file name).
var scanTypes = []struct {
	magic     []byte
	mediaType string
}{
	{[]byte("%PDF-"), "application/pdf"},
	{[]byte{0xFF, 0xD8, 0xFF}, "image/jpeg"},
	{[]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, "image/png"},
}

// storeScan checks a scan (type by content, size cap) and copies it into
// the document store under its SHA-256, mode 0600. Storing is idempotent:
// the same content is one file, whatever became of an earlier attempt.
func (s *Service) storeScan(path string) (domain.Scan, error) {
	f, err := os.Open(path)
	if err != nil {
		return domain.Scan{}, domain.NewFieldError("scan", domain.KeyScanUnreadable, domain.Sanitize(filepath.Base(path)))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.policy.ScanMaxBytes+1))
	if err != nil {
		return domain.Scan{}, domain.NewFieldError("scan", domain.KeyScanUnreadable, domain.Sanitize(filepath.Base(path)))
	}
	if int64(len(data)) > s.policy.ScanMaxBytes {
		return domain.Scan{}, domain.NewFieldError("scan", domain.KeyScanTooLarge, s.policy.ScanMaxBytes>>20)
	}
	scan := domain.Scan{Size: int64(len(data))}
	for _, t := range scanTypes {
		if bytes.HasPrefix(data, t.magic) {
			scan.MediaType = t.mediaType
		}
	}
	if scan.MediaType == "" {
		return domain.Scan{}, domain.NewFieldError("scan", domain.KeyScanType)
	}
	sum := sha256.Sum256(data)
	scan.SHA256 = hex.EncodeToString(sum[:])
	if err := os.MkdirAll(s.policy.DocumentsDir, 0o700); err != nil {
		return domain.Scan{}, fmt.Errorf("document store: %w", err)
	}
	dst := filepath.Join(s.policy.DocumentsDir, scan.SHA256)
	if _, err := os.Stat(dst); err == nil {
		return scan, nil
	}
	tmp, err := os.CreateTemp(s.policy.DocumentsDir, ".incoming-*")
	if err != nil {
		return domain.Scan{}, fmt.Errorf("document store: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return domain.Scan{}, fmt.Errorf("document store: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return domain.Scan{}, fmt.Errorf("document store: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return domain.Scan{}, fmt.Errorf("document store: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return domain.Scan{}, fmt.Errorf("document store: %w", err)
	}
	return scan, nil
}
