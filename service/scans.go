package service

import (
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
)

// scanFile is a checked scan waiting to be kept.
type scanFile struct {
	domain.Scan
	data []byte
}

// checkScan reads a scan and checks it (type by content, size cap),
// storing nothing: the request may still be refused. Only a regular file
// is a scan: it is opened without blocking, so a FIFO cannot hang the
// console, and a device or a folder is refused before any read.
func (s *Service) checkScan(path string) (scanFile, error) {
	unreadable := domain.NewFieldError("scan", domain.KeyScanUnreadable, domain.Sanitize(filepath.Base(path)))
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return scanFile{}, unreadable
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return scanFile{}, unreadable
	}
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
	return scanFile{Scan: domain.Scan{SHA256: docstore.Sum(data), MediaType: mediaType, Size: int64(len(data))}, data: data}, nil
}
