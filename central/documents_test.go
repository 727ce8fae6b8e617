package central_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/sync/wire"
)

func TestDocuments(t *testing.T) {
	f := newFixture(t)
	scan := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 100)...)
	sum := docstore.Sum(scan)
	if held, err := f.app.HasDocument(f.ctx, f.rabA, sum); err != nil || held {
		t.Fatalf("held before upload: %v %v", held, err)
	}
	created, err := f.app.PutDocument(f.ctx, f.rabA, sum, "application/pdf", scan)
	if err != nil || !created {
		t.Fatalf("first upload: %v %v", created, err)
	}
	created, err = f.app.PutDocument(f.ctx, f.rabB, sum, "application/pdf", scan)
	if err != nil || created {
		t.Fatalf("second upload: created %v, %v", created, err)
	}
	if held, err := f.app.HasDocument(f.ctx, f.rabA, sum); err != nil || !held {
		t.Fatalf("held after upload: %v %v", held, err)
	}
	st, err := os.Stat(filepath.Join(f.docs, sum))
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() != int64(len(scan)) {
		t.Fatalf("stored file: %v %v", st, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(f.docs, ".incoming-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}

	other := append([]byte("%PDF-1.7\n"), 'y')
	if _, err := f.app.PutDocument(f.ctx, f.rabA, sum, "application/pdf", other); !errors.Is(err, central.ErrHashMismatch) {
		t.Fatalf("bytes of another document: %v", err)
	}
	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("z"), 1<<10)...)
	if _, err := f.app.PutDocument(f.ctx, f.rabA, docstore.Sum(big), "application/pdf", big); !errors.Is(err, central.ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := f.app.PutDocument(f.ctx, f.rabA, "ABC", "application/pdf", scan); !isField(err, "sha256") {
		t.Fatalf("bad name: %v", err)
	}
	if _, err := f.app.PutDocument(f.ctx, f.rabA, sum, "image/png", scan); !isField(err, "media_type") {
		t.Fatalf("a PDF sent as PNG: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.docs, docstore.Sum(big))); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused document was written")
	}

	// A request whose scan has not arrived is refused; the same entry,
	// retried once the scan is there, is evaluated again and applied.
	late := append([]byte("%PDF-1.4\n"), "sent late"...)
	req := f.request(rabat, agent, memberA, 1)
	req.Evidence.Scans = []domain.Scan{{SHA256: docstore.Sum(late), MediaType: "application/pdf", Size: int64(len(late))}}
	e := entry(t, req)
	wantStatus(t, "scan missing", f.push(f.rabA, e)[0], wire.StatusRejected, domain.KeyDocumentMissing)
	if _, err := f.app.PutDocument(f.ctx, f.rabA, docstore.Sum(late), "application/pdf", late); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "retried with the scan held", f.push(f.rabA, e)[0], wire.StatusApplied, "")
	wantStatus(t, "retried again", f.push(f.rabA, e)[0], wire.StatusDuplicate, "")
}

func isField(err error, field string) bool {
	fe, ok := domain.AsFieldError(err)
	return ok && fe.Field == field
}
