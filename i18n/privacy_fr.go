package i18n

// privacyFR is the French of the data-protection duties: a member's
// access log on the console and at the centre, and the long-term illness
// status of the member file.
var privacyFR = map[string]string{
	"privacy.access.header":           "QUAND\tPOSTE\tUTILISATEUR\tACCÈS\tDEMANDE",
	"privacy.access.count":            "Accès : %d.",
	"privacy.access.kind.searched":    "affiché par une recherche ou une liste",
	"privacy.access.kind.viewed":      "consultation",
	"privacy.access.kind.fetched":     "récupéré auprès du centre",
	"privacy.access.kind.changed":     "changement d'adresse",
	"privacy.access.kind.pin":         "réédition du code PIN",
	"privacy.access.kind.pin_checked": "code PIN vérifié par le portail",
	"privacy.access.kind.letter":      "courrier PIN retourné",
	"privacy.access.kind.access_log":  "journal des accès consulté",
	"privacy.access.kind.other":       "autre",
	"privacy.ald.label":               "Affection de longue durée",
	"privacy.ald.yes":                 "oui (ALD)",
	"privacy.ald.line":                "Affection de longue durée : oui (ALD)",

	"privacy.help":            "Obligations de protection des données (loi 09-08)",
	"privacy.help.access_log": "Qui a recherché, consulté, récupéré ou modifié les données d'un adhérent sur ce poste (superviseurs et administrateurs)",
	"privacy.help.access_log.long": "access-log répond au droit d'accès d'un adhérent à partir de la chaîne d'audit de ce poste : chaque\n" +
		"recherche ou liste qui a affiché l'adhérent, chaque consultation de son dossier, de ses demandes ou\n" +
		"de son historique PIN, chaque récupération auprès du centre, chaque changement d'adresse et\n" +
		"réédition de PIN, avec la date, le poste et l'utilisateur. La consultation du journal est elle-même\n" +
		"auditée. Heures dans le fuseau des adhérents, en UTC avec --json. Au centre,\n" +
		"`guichet-central privacy access-log` répond pour tous les postes.",
	"privacy.help.centre":            "Obligations de protection des données (loi 09-08), pour tous les postes",
	"privacy.help.centre.access_log": "Qui a recherché, consulté, récupéré ou modifié les données d'un adhérent, sur tous les postes et au centre",
	"privacy.help.centre.access_log.long": "access-log répond au droit d'accès d'un adhérent pour tout le réseau : les entrées d'audit livrées\n" +
		"par les postes qui concernent l'adhérent (recherches qui l'ont affiché, consultations, changements,\n" +
		"rééditions de PIN) et le journal des accès du centre (récupérations à la demande, vérifications de\n" +
		"PIN par le portail, courriers retournés), fusionnés par date, chacun avec son poste et son\n" +
		"utilisateur. La consultation est inscrite au journal des accès. Heures en UTC.",
	"privacy.help.centre.by":     "qui consulte le journal, pour le journal des accès (par défaut : votre nom de connexion)",
	"privacy.centre.by_required": "--by NOM est obligatoire (qui consulte le journal des accès)",

	"field.regno": "Matricule",
}
