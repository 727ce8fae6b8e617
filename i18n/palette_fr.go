package i18n

// paletteFR is the French of the command palette, the first-run hint,
// the empty states and the sync progress bars.
var paletteFR = map[string]string{
	"tui.key.palette": "toutes les actions",

	"tui.palette.title":       "Actions : %s",
	"tui.palette.placeholder": "tapez pour filtrer",
	"tui.palette.none":        "Aucune action ne correspond à « %s ».",
	"tui.palette.keys":        "Entrée : exécuter · ↑↓ : choisir · Échap : fermer",

	// La barre de titre, tant que la palette ou l'aide n'a jamais été ouverte ici.
	"tui.hint.first_run": "%s : toutes les actions · %s : aide",

	// États vides.
	"tui.lookup.idle":          "Des homonymes ? Ajoutez une année de naissance, une ville ou un code de mutuelle (alaoui mohamed 1961 rabat), ou ouvrez les filtres (%s).",
	"tui.lookup.none_name":     "Vérifiez l'orthographe ou retirez un mot ; un CIN (AB123456) ou un numéro d'immatriculation trouve l'adhérent directement.",
	"tui.lookup.none_id":       "Vérifiez le numéro ; un nom, un CIN (AB123456) ou un numéro d'immatriculation trouve aussi l'adhérent.",
	"tui.lookup.never_synced":  "Ce poste n'a pas encore été synchronisé : ses adhérents arrivent avec la première synchronisation (%s : écran Synchronisation).",
	"tui.queue.empty_hint":     "Les changements saisis par les agents de l'agence arrivent ici ; les vôtres vont à un autre superviseur.",
	"tui.mine.empty_hint":      "Cherchez un adhérent, puis saisissez un changement depuis sa fiche (%s).",
	"tui.sync.standalone_hint": "Pour synchroniser avec le centre : guichet provision --central URL --token-file FICHIER, avec le jeton du poste remis par l'opérateur du centre.",
	"tui.sync.never_hint":      "Jamais synchronisé : la première synchronisation démarre d'elle-même dès que le centre répond, et apporte les adhérents de l'agence.",

	// Avancement d'une synchronisation.
	"tui.sync.progress.push":      "envoi",
	"tui.sync.progress.pull":      "réception",
	"tui.sync.progress.push_line": "Envoi de la file : %d sur %d entrées",
	"tui.sync.progress.pull_line": "Réception des mises à jour du centre : %d sur %d",
}
