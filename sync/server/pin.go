package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// maxVerifyBody bounds a verification's body: a registration number and a
// PIN fit many times over.
const maxVerifyBody = 4 << 10

// authenticatePortal reads the bearer token of a portal client and asks
// the centre whose it is (a device's token is not a portal client's). On
// failure it has answered 401 (or 500) itself.
func (h *handler) authenticatePortal(w http.ResponseWriter, r *http.Request) (central.PortalClient, bool) {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		portalUnauthorized(w, "a portal client token is required (Authorization: Bearer TOKEN)")
		return central.PortalClient{}, false
	}
	client, err := h.centre.AuthenticatePortal(r.Context(), token)
	if errors.Is(err, central.ErrUnauthorized) {
		portalUnauthorized(w, unknownPortalToken)
		return central.PortalClient{}, false
	}
	if err != nil {
		h.fail(w, r, err)
		return central.PortalClient{}, false
	}
	notePortal(r, client.Name)
	return client, true
}

const unknownPortalToken = "unknown or revoked portal client token"

// portalUnauthorized answers 401 with the portal's realm.
func portalUnauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="guichet-portal"`)
	writeErrorBody(w, http.StatusUnauthorized, wire.ErrorBody{Code: wire.CodeUnauthorized, Message: msg})
}

// verifyPIN answers the portal's question about a member's PIN. The body
// holds the PIN: it is decoded strictly and never logged.
func (h *handler) verifyPIN(w http.ResponseWriter, r *http.Request, client central.PortalClient) {
	if !h.onlyParams(w, r) || !h.jsonBody(w, r) {
		return
	}
	var req wire.PINVerifyRequest
	if err := wire.Decode(r.Body, maxVerifyBody, &req); err != nil {
		if errors.Is(err, wire.ErrTooLarge) {
			writeErrorBody(w, http.StatusRequestEntityTooLarge, wire.ErrorBody{Code: wire.CodeTooLarge,
				Message: "body over " + strconv.Itoa(maxVerifyBody) + " bytes"})
			return
		}
		h.fail(w, r, err)
		return
	}
	resp, err := h.centre.VerifyPIN(r.Context(), client, req)
	if errors.Is(err, central.ErrUnauthorized) {
		portalUnauthorized(w, unknownPortalToken) // revoked since authenticatePortal
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}
