package server

import (
	"net/http"
	"strings"

	"github.com/cnops/guichet/sync/wire"
)

// authenticate reads the bearer token and asks the centre whose it is. On
// failure it has answered 401 (or 500) itself.
func (h *handler) authenticate(w http.ResponseWriter, r *http.Request) (wire.Device, bool) {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="guichet"`)
		writeErrorBody(w, http.StatusUnauthorized, wire.ErrorBody{
			Code: wire.CodeUnauthorized, Message: "a device token is required (Authorization: Bearer TOKEN)",
		})
		return wire.Device{}, false
	}
	dev, err := h.centre.DeviceByToken(r.Context(), token)
	if err != nil {
		h.fail(w, r, err)
		return wire.Device{}, false
	}
	noteDevice(r, dev.ID)
	return dev, true
}

// bearerToken extracts the token of an "Authorization: Bearer TOKEN"
// header (the scheme is case-insensitive, RFC 9110).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
