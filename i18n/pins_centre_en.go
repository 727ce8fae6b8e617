package i18n

// pinsCentreEN holds the centre's messages about temporary PINs and portal
// clients (central, sync/server, guichet-central).
var pinsCentreEN = map[string]string{
	"err.portal.client_exists": "a portal client of this name is active: revoke it first to give it a new token",
	"field.issue_id":           "Reissue id",
	"field.sealed":             "Sealed PIN",
	"field.sealed.key_id":      "Sealed PIN key",
	"field.expires_on":         "Expiry date",
}
