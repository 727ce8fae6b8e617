package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// fail answers err as the protocol says. Refusals carry what the console
// needs to act (the field, and for domain refusals the message key as the
// message, so the console can translate it); an internal failure gets a
// generic message and its details go to the log only.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, body := classify(err)
	if status == http.StatusInternalServerError {
		h.opts.Logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "error", err)
	}
	writeErrorBody(w, status, body)
}

func classify(err error) (int, wire.ErrorBody) {
	var decodeErr *wire.DecodeError
	var domainErr *domain.Error
	if fe, ok := domain.AsFieldError(err); ok {
		return http.StatusBadRequest, wire.ErrorBody{Code: wire.CodeBadRequest, Field: fe.Field, Message: fe.Key}
	}
	switch {
	case errors.As(err, &decodeErr):
		return http.StatusBadRequest, wire.ErrorBody{Code: wire.CodeBadRequest, Field: decodeErr.Field, Message: decodeErr.Reason}
	case errors.Is(err, wire.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, wire.ErrorBody{Code: wire.CodeTooLarge, Message: "body over " + strconv.Itoa(wire.MaxBodyBytes) + " bytes"}
	case errors.Is(err, central.ErrUnauthorized):
		return http.StatusUnauthorized, wire.ErrorBody{Code: wire.CodeUnauthorized, Message: "unknown or revoked device token"}
	case errors.Is(err, central.ErrForbidden):
		// The rule's key says why (unknown, disabled or other-branch actor).
		body := wire.ErrorBody{Code: wire.CodeForbidden, Message: "not allowed for this device or user"}
		if errors.As(err, &domainErr) {
			body.Message = domainErr.Key
		}
		return http.StatusForbidden, body
	case errors.Is(err, central.ErrNotFound):
		return http.StatusNotFound, wire.ErrorBody{Code: wire.CodeNotFound, Message: "not found"}
	case errors.Is(err, central.ErrHashMismatch):
		return http.StatusBadRequest, wire.ErrorBody{Code: wire.CodeHashMismatch, Field: "sha256", Message: "the document's bytes do not hash to its name"}
	case errors.Is(err, central.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, wire.ErrorBody{Code: wire.CodeTooLarge, Message: "document too large"}
	case errors.As(err, &domainErr):
		return domainStatus(domainErr)
	}
	return http.StatusInternalServerError, wire.ErrorBody{Code: wire.CodeInternal, Message: "internal error"}
}

// domainStatus maps a rule's refusal that is not about one field; its key
// is the message.
func domainStatus(e *domain.Error) (int, wire.ErrorBody) {
	if errors.Is(e, domain.ErrForbidden) || errors.Is(e, domain.ErrWrongBranch) {
		return http.StatusForbidden, wire.ErrorBody{Code: wire.CodeForbidden, Message: e.Key}
	}
	return http.StatusBadRequest, wire.ErrorBody{Code: wire.CodeBadRequest, Message: e.Key}
}

// writeErrorBody sends an error answer.
func writeErrorBody(w http.ResponseWriter, status int, body wire.ErrorBody) {
	writeJSON(w, status, body)
}

// writeJSON sends v as the answer's JSON body. Answers carry personal data:
// no cache may keep them.
func writeJSON(w http.ResponseWriter, status int, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		// Only a wire type that cannot encode gets here: a bug, not input.
		status = http.StatusInternalServerError
		raw, _ = json.Marshal(wire.ErrorBody{Code: wire.CodeInternal, Message: "internal error"})
	}
	raw = append(raw, '\n')
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Content-Length", strconv.Itoa(len(raw)))
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}
