package server

import (
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/sync/wire"
)

// putDocument stores a scan under its SHA-256 before the entry that cites
// it is pushed; the same upload again is a success (created: false).
func (h *handler) putDocument(w http.ResponseWriter, r *http.Request, dev wire.Device) {
	sum, ok := h.documentName(w, r)
	if !ok {
		return
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !domain.IsScanMediaType(mediaType) {
		writeErrorBody(w, http.StatusUnsupportedMediaType, wire.ErrorBody{
			Code: wire.CodeBadRequest, Field: "Content-Type",
			Message: "a scan must be one of " + strings.Join(domain.ScanMediaTypes(), ", "),
		})
		return
	}
	limit := h.centre.MaxDocumentBytes()
	tooLarge := wire.ErrorBody{Code: wire.CodeTooLarge, Message: "a scan may not exceed the centre's size limit"}
	if r.ContentLength > limit {
		writeErrorBody(w, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		writeErrorBody(w, http.StatusBadRequest, wire.ErrorBody{Code: wire.CodeBadRequest, Message: "unreadable body"})
		return
	}
	if int64(len(body)) > limit {
		writeErrorBody(w, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	created, err := h.centre.PutDocument(r.Context(), dev, sum, mediaType, body)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, wire.DocumentAnswer{SHA256: sum, Size: int64(len(body)), Created: created})
}

// headDocument says whether the centre holds a scan: 200 or 404, no body.
func (h *handler) headDocument(w http.ResponseWriter, r *http.Request, dev wire.Device) {
	sum, ok := h.documentName(w, r)
	if !ok {
		return
	}
	has, err := h.centre.HasDocument(r.Context(), dev, sum)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if !has {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// documentName reads the SHA-256 that names a document: 64 lower-case hex
// digits, the form the console names its scans with.
func (h *handler) documentName(w http.ResponseWriter, r *http.Request) (string, bool) {
	if !h.onlyParams(w, r) {
		return "", false
	}
	sum := strings.TrimPrefix(r.URL.Path, wire.PathDocument)
	if !docstore.ValidName(sum) {
		h.fail(w, r, &wire.DecodeError{Field: "sha256", Reason: "a document is named by its SHA-256 in 64 lower-case hex digits"})
		return "", false
	}
	return sum, true
}
