package service

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cnops/guichet/domain"
)

// scanFile is a checked scan waiting to be kept.
type scanFile struct {
	domain.Scan
	data []byte
}

// checkScan reads a scan and checks it (type by content, size cap),
// storing nothing: the request may still be refused.
func (s *Service) checkScan(path string) (scanFile, error) {
	unreadable := domain.NewFieldError("scan", domain.KeyScanUnreadable, domain.Sanitize(filepath.Base(path)))
	f, err := os.Open(path)
	if err != nil {
		return scanFile{}, unreadable
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.policy.ScanMaxBytes+1))
	if err != nil {
		return scanFile{}, unreadable
	}
	if int64(len(data)) > s.policy.ScanMaxBytes {
		return scanFile{}, domain.NewFieldError("scan", domain.KeyScanTooLarge, s.policy.ScanMaxBytes>>20)
	}
	mediaType, err := domain.ScanMediaType(data)
	if err != nil {
		return scanFile{}, err
	}
	scan := scanFile{Scan: domain.Scan{MediaType: mediaType, Size: int64(len(data))}, data: data}
	sum := sha256.Sum256(data)
	scan.SHA256 = hex.EncodeToString(sum[:])
	return scan, nil
}

// keepScan copies a checked scan into the document store under its
// SHA-256, mode 0600, through a synced temporary file. It reports whether
// it created the file (the same content is one file, kept once), so that a
// request that fails after it can take its files back.
func (s *Service) keepScan(scan scanFile) (created string, err error) {
	if err := os.MkdirAll(s.policy.DocumentsDir, 0o700); err != nil {
		return "", fmt.Errorf("document store: %w", err)
	}
	dst := filepath.Join(s.policy.DocumentsDir, scan.SHA256)
	if _, err := os.Stat(dst); err == nil {
		return "", nil
	}
	tmp, err := os.CreateTemp(s.policy.DocumentsDir, ".incoming-*")
	if err != nil {
		return "", fmt.Errorf("document store: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(scan.data)
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
