package i18n

// retentionFR is the French of the retention purge (`guichet privacy
// purge`, the automatic purge after a sync pass) and of the checkpoint
// `guichet audit verify` starts from.
var retentionFR = map[string]string{
	"err.retention.chain_broken": "La chaîne d'audit est rompue à l'entrée %d : rien n'a été purgé, pour que la rupture reste visible. Lancez « guichet audit verify ».",

	"cli.audit.reason.checkpoint": "le point de reprise de la purge ne correspond pas à l'entrée d'audit qui a enregistré la purge",
	"cli.audit.checkpoint":        "Vérifiée depuis le point de reprise : les entrées jusqu'à la %d ont été purgées (dernière purge le %s, par %s) ; le centre les conserve.",

	"cli.retention.dry_run":         "Simulation : rien n'a été purgé. À purger maintenant :",
	"cli.retention.purged":          "Purgé :",
	"cli.retention.nothing":         "Rien n'est arrivé à échéance : rien n'a été purgé.",
	"cli.retention.audit.due":       "  entrées d'audit : %d (reçues par le centre, enregistrées avant le %s)",
	"cli.retention.audit.kept":      "  entrées d'audit : conservées sans limite (retention.audit_days vaut 0)",
	"cli.retention.documents.due":   "  copies de documents : %d, %d Ko (détenues par le centre, enregistrées avant le %s)",
	"cli.retention.documents.kept":  "  copies de documents : conservées sans limite (retention.documents_days vaut 0)",
	"cli.retention.oldest_audit":    "Plus ancienne entrée d'audit conservée : %s.",
	"cli.retention.oldest_document": "Plus ancienne copie de document conservée : %s.",
	"cli.retention.no_document":     "Il ne reste aucune copie de document.",
	"cli.retention.checkpoint":      "Point de reprise : la chaîne commence après l'entrée %d (empreinte %s), purgée le %s par %s.",
	"cli.retention.no_checkpoint":   "Aucun point de reprise : rien n'a jamais été purgé, la chaîne commence à sa première entrée.",
	"cli.retention.recorded":        "Cette purge est l'entrée d'audit %d ; elle part au centre à la prochaine synchronisation.",

	"doctor.audit.purged": "intacte : %d entrées vérifiées depuis le point de reprise après l'entrée %d (les précédentes ont été purgées ; le centre les conserve) ; le centre détient la chaîne jusqu'à l'entrée %d",

	"retention.help.purge": "Purger les entrées d'audit et les copies de documents que le centre détient, une fois leur durée de conservation passée (administrateurs)",
	"retention.help.purge.long": "purge supprime ce que la loi 09-08 ne permet plus au poste de garder : les entrées d'audit dont\n" +
		"le centre a accusé réception, enregistrées il y a plus de retention.audit_days jours entiers, et les\n" +
		"copies de documents numérisés des demandes que le centre a reçues en entier, enregistrées il y a\n" +
		"plus de retention.documents_days jours. Rien de ce qui attend la synchronisation n'est supprimé.\n" +
		"Un point de reprise (le numéro et l'empreinte de la dernière entrée purgée) garde la chaîne\n" +
		"vérifiable : « guichet audit verify » vérifie à partir de lui, et le centre conserve toutes les\n" +
		"entrées. La purge est elle-même une entrée d'audit. Avec retention.automatic, le poste purge de\n" +
		"lui-même après chaque synchronisation réussie.",
	"retention.help.dry_run": "indiquer seulement ce qui est arrivé à échéance, sans rien purger",
}
