package i18n

// lettersFR is the French of the centre's letters: a returned letter that
// cannot be recorded.
var lettersFR = map[string]string{
	"err.letters.no_address":         "Cet adhérent n'a aucune adresse enregistrée : aucun courrier n'a pu en revenir",
	"field.by":                       "Enregistré par",
	"field.dir":                      "Dossier",
	"field.from":                     "Adresse de l'expéditeur",
	"err.letters.already_unverified": "L'adresse de cet adhérent est déjà non vérifiée : enregistrez une demande de changement d'adresse et faites-la approuver",
}
