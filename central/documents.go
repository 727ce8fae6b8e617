package central

import (
	"context"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/sync/wire"
)

// PutDocument keeps a scan under its SHA-256, before the entry that needs
// it: idempotent (created is false when the centre already held it),
// size-limited, the hash and the type checked, written atomically with
// mode 0600.
func (a *App) PutDocument(ctx context.Context, dev wire.Device, sum, mediaType string, body []byte) (bool, error) {
	if !docstore.ValidName(sum) {
		return false, domain.NewFieldError("sha256", domain.KeyMalformedEntry)
	}
	if int64(len(body)) > a.opts.MaxDocumentBytes {
		return false, ErrTooLarge
	}
	if docstore.Sum(body) != sum {
		return false, ErrHashMismatch
	}
	// The declared type must be the one the content shows.
	if got, err := domain.ScanMediaType(body); err != nil || got != mediaType {
		return false, domain.NewFieldError("media_type", domain.KeyScanType)
	}
	if a.opts.DocumentsDir == "" {
		return false, errors.New("central: no documents folder configured")
	}
	// The file first, then the record that says it is held: a crash in
	// between leaves a file that the next upload finds.
	if _, err := docstore.Keep(a.opts.DocumentsDir, sum, body); err != nil {
		return false, err
	}
	var created bool
	err := a.st.Write(ctx, func(tx Tx) (err error) {
		created, err = tx.InsertDocument(ctx, DocumentRecord{SHA256: sum, MediaType: mediaType,
			Size: int64(len(body)), StoredAt: a.now()})
		return err
	})
	if err == nil && created {
		a.log.Info("document stored", "device", dev.ID, "sha256", sum, "size", len(body))
	}
	return created, err
}

// HasDocument reports whether the centre holds a scan.
func (a *App) HasDocument(ctx context.Context, dev wire.Device, sum string) (bool, error) {
	if !docstore.ValidName(sum) {
		return false, domain.NewFieldError("sha256", domain.KeyMalformedEntry)
	}
	return read(ctx, a.st, func(r Reader) (bool, error) { return r.HasDocument(ctx, sum) })
}
