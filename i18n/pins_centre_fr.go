package i18n

// pinsCentreFR is the French of the centre's messages about temporary PINs
// and portal clients (central, sync/server, guichet-central).
var pinsCentreFR = map[string]string{
	"err.portal.client_exists": "un client du portail de ce nom est actif : révoquez-le d'abord pour lui donner un nouveau jeton",
	"field.issue_id":           "Identifiant de réédition",
	"field.sealed":             "Code PIN scellé",
	"field.sealed.key_id":      "Clé du code PIN scellé",
	"field.expires_on":         "Date d'expiration",
}
