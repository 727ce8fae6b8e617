package server

import (
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func (h *handler) health(w http.ResponseWriter, r *http.Request, _ wire.Device) {
	if !h.onlyParams(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Protocols: []int{wire.Version}, Time: h.opts.Now().UTC()})
}

func (h *handler) device(w http.ResponseWriter, r *http.Request, dev wire.Device) {
	if !h.onlyParams(w, r) {
		return
	}
	dev.ServerTime = h.opts.Now().UTC()
	h.centre.NoteKeyServed(r.Context(), dev)
	writeJSON(w, http.StatusOK, dev)
}

func (h *handler) push(w http.ResponseWriter, r *http.Request, dev wire.Device) {
	if !h.onlyParams(w, r) || !h.jsonBody(w, r) {
		return
	}
	var req wire.PushRequest
	if err := wire.Decode(r.Body, wire.MaxBodyBytes, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	// The centre refuses a batch over wire.MaxPushEntries or
	// wire.MaxPushAudit, naming the field.
	resp, err := h.centre.Push(r.Context(), dev, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if resp.Results == nil {
		resp.Results = []wire.Result{}
	}
	writeJSON(w, http.StatusOK, resp)
}

func (h *handler) feed(w http.ResponseWriter, r *http.Request, dev wire.Device) {
	if !h.onlyParams(w, r, "after", "limit") {
		return
	}
	q := r.URL.Query()
	after, err := intParam(q, "after", 0, 0, math.MaxInt64)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	limit, err := intParam(q, "limit", wire.MaxFeedPage, 1, wire.MaxFeedPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page, err := h.centre.Feed(r.Context(), dev, after, int(limit))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if page.Items == nil {
		page.Items = []wire.FeedItem{}
	}
	writeJSON(w, http.StatusOK, page)
}

// intParam reads an optional whole-number query parameter within [lo, hi].
func intParam(q url.Values, name string, def, lo, hi int64) (int64, error) {
	raw, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(raw[0], 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, &wire.DecodeError{Field: name, Reason: fmt.Sprintf("must be a whole number from %d to %d", lo, hi)}
	}
	return n, nil
}

func (h *handler) lookup(w http.ResponseWriter, r *http.Request, dev wire.Device) {
	if !h.onlyParams(w, r, "regno", "cin") {
		return
	}
	actor, err := domain.ParseUsername(r.Header.Get(wire.ActorHeader))
	if err != nil {
		fe, _ := domain.AsFieldError(err)
		h.fail(w, r, domain.NewFieldError(wire.ActorHeader, fe.Key))
		return
	}
	q := r.URL.Query()
	_, byRegNo := q["regno"]
	_, byCIN := q["cin"]
	if byRegNo == byCIN {
		h.fail(w, r, &wire.DecodeError{Field: "regno", Reason: "give exactly one of regno and cin"})
		return
	}
	m, err := h.centre.LookupMember(r.Context(), dev, actor, q.Get("regno"), q.Get("cin"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if m.Beneficiaries == nil {
		m.Beneficiaries = []wire.Beneficiary{}
	}
	writeJSON(w, http.StatusOK, m)
}

// onlyParams refuses a query parameter the operation does not know, or one
// given twice, as strictly as unknown JSON fields are refused.
func (h *handler) onlyParams(w http.ResponseWriter, r *http.Request, known ...string) bool {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		h.fail(w, r, &wire.DecodeError{Reason: "malformed query string"})
		return false
	}
	for name, values := range q {
		if !slices.Contains(known, name) {
			h.fail(w, r, &wire.DecodeError{Field: name, Reason: "unknown parameter"})
			return false
		}
		if len(values) > 1 {
			h.fail(w, r, &wire.DecodeError{Field: name, Reason: "given more than once"})
			return false
		}
	}
	return true
}

// jsonBody refuses a body that does not say it is JSON.
func (h *handler) jsonBody(w http.ResponseWriter, r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		writeErrorBody(w, http.StatusUnsupportedMediaType, wire.ErrorBody{
			Code: wire.CodeBadRequest, Field: "Content-Type", Message: "the body must be application/json",
		})
		return false
	}
	return true
}
