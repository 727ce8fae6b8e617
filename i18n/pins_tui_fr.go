package i18n

// pinsTUIFR is the French of the console's Reissue PIN screen. The PIN
// itself is never in any of these: it is only in the letter or the e-mail.
var pinsTUIFR = map[string]string{
	"tui.pin.title":      "Réédition du code PIN",
	"tui.pin.heading":    "Code PIN temporaire · %s · %s",
	"tui.pin.loading":    "Lecture de l'état du code PIN de l'adhérent…",
	"tui.pin.back_hint":  "Appuyez sur Échap pour revenir à la fiche de l'adhérent.",
	"tui.pin.scroll":     "Lignes %d–%d sur %d : PgUp PgDn pour défiler",
	"tui.pin.never_seen": "Le code PIN ne s'affiche jamais : seuls la lettre ou l'e-mail le contiennent.",

	// Keys.
	"tui.key.reissue_pin":  "rééditer le code PIN",
	"tui.key.pin_reissue":  "rééditer",
	"tui.key.pin_choose":   "canal",
	"tui.key.pin_prev":     "canal précédent",
	"tui.key.pin_next":     "canal suivant",
	"tui.key.pin_yes":      "rééditer",
	"tui.key.pin_override": "déroger et rééditer",
	"tui.key.pin_save":     "enregistrer et rééditer",

	// Eligibility.
	"tui.pin.channels":         "Canaux",
	"tui.pin.channel.counter":  "Guichet",
	"tui.pin.channel.post":     "Courrier",
	"tui.pin.channel.email":    "E-mail",
	"tui.pin.available":        "disponible",
	"tui.pin.unavailable":      "indisponible",
	"tui.pin.dest.counter":     "impression ici, remise après contrôle de la CIN",
	"tui.pin.dest.post":        "envoi postal par le centre à l'adresse vérifiée",
	"tui.pin.dest.email":       "envoi par le centre à l'adresse e-mail déclarée",
	"tui.pin.none_available":   "Aucun canal n'est disponible pour cet adhérent : voir pourquoi ci-dessus.",
	"tui.pin.limit":            "Rééditions ces 30 derniers jours : %d sur %d.",
	"tui.pin.cooling":          "Délai de sécurité après le changement d'adresse jusqu'au %s : un second superviseur doit se connecter pour déroger.",
	"tui.pin.no_cooling":       "Aucun délai de sécurité après un changement d'adresse n'est en cours.",
	"tui.pin.expiry":           "Un code PIN émis maintenant est valable jusqu'au %s.",
	"tui.pin.reissuing":        "Réédition du code PIN…",
	"tui.pin.history":          "Historique des codes PIN",
	"tui.pin.history_empty":    "Aucun code PIN réédité pour l'instant.",
	"tui.pin.col.date":         "Date",
	"tui.pin.col.channel":      "Canal",
	"tui.pin.col.state":        "État",
	"tui.pin.col.expires":      "Expire le",
	"tui.pin.col.by":           "Par",
	"tui.pin.col.override":     "Dérogation",
	"tui.pin.refused_because":  "refusé par le centre : %s",
	"tui.pin.override_note":    "dérogation par %s : %s",
	"tui.pin.state.queued":     "en file",
	"tui.pin.state.refused":    "refusé",
	"tui.pin.state.requested":  "demandé",
	"tui.pin.state.active":     "actif",
	"tui.pin.state.expired":    "expiré",
	"tui.pin.state.superseded": "remplacé",
	"tui.pin.state.locked":     "bloqué",
	"tui.pin.state.returned":   "retourné",

	// The confirmation.
	"tui.pin.confirm_title":   "Rééditer le code PIN (canal : %s) ?",
	"tui.pin.confirm_who":     "Pour %s · %s.",
	"tui.pin.confirm.counter": "La lettre s'imprime sur l'imprimante de ce guichet (à défaut, vous choisirez où l'enregistrer). Remettez-la seulement après avoir contrôlé la CIN de l'adhérent.",
	"tui.pin.confirm.post":    "Le centre imprime la lettre et l'envoie à l'adresse vérifiée : %s.",
	"tui.pin.confirm.email":   "Le centre envoie le code PIN par e-mail à %s.",
	"tui.pin.confirm_final":   "L'ancien code PIN cesse de fonctionner dès que le centre applique le nouveau.",

	// The override of the cooling-off: a second supervisor signs in.
	"tui.pin.override_title":       "Délai de sécurité : connexion d'un second superviseur",
	"tui.pin.override_body":        "L'adresse a changé récemment : jusqu'au %s, une réédition exige qu'un superviseur autre que vous se connecte ici et indique le motif de la dérogation.",
	"tui.pin.override_for":         "Réédition (canal : %s) pour %s · %s.",
	"tui.pin.override_placeholder": "pourquoi la réédition ne peut pas attendre",
	"tui.pin.not_supervisor":       "Ce compte ne peut pas accorder de dérogation : un superviseur doit se connecter.",

	// Saving the counter letter to a file.
	"tui.pin.save_title":        "Enregistrer la lettre dans un fichier",
	"tui.pin.save_no_printer":   "Ce poste n'a pas d'imprimante. Nommez un nouveau fichier où enregistrer la lettre (vous seul pourrez le lire) ; imprimez-la et remettez-la après contrôle de la CIN.",
	"tui.pin.save_print_failed": "%s Vous pouvez enregistrer la lettre dans un nouveau fichier à la place, ou appuyer sur Échap.",
	"tui.pin.save_path":         "Fichier",
	"tui.pin.save_placeholder":  "le chemin complet d'un nouveau fichier .pdf",

	// The outcome.
	"tui.pin.done_printed": "Code PIN réédité au guichet ; la lettre est imprimée : remettez-la après contrôle de la CIN.",
	"tui.pin.done_saved":   "Code PIN réédité au guichet ; la lettre a été enregistrée dans %s : imprimez-la, remettez-la après contrôle de la CIN, puis supprimez le fichier.",
	"tui.pin.done_queued":  "Réédition du code PIN (canal : %s) mise en file : le centre l'enverra.",
}
