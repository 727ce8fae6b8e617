package i18n

// doctorFR is the French of `guichet doctor`, `guichet backup` and
// `guichet restore`.
var doctorFR = map[string]string{
	"doctor.header":         "CONTRÔLE\tÉTAT\tDÉTAIL",
	"doctor.status.ok":      "OK",
	"doctor.status.warn":    "ALERTE",
	"doctor.status.fail":    "ÉCHEC",
	"doctor.status.unknown": "inconnu",
	"doctor.summary.ok":     "Tous les contrôles sont bons.",
	"doctor.summary.warn":   "Alertes : %d. Le poste fonctionne, mais voyez ci-dessus.",
	"doctor.summary.fail":   "Échecs : %d, alertes : %d. Corrigez les échecs avant la prochaine journée de travail.",
	"doctor.exit.warn":      "doctor a trouvé des alertes (code de sortie 2)",
	"doctor.exit.fail":      "doctor a trouvé des échecs (code de sortie 1)",

	"doctor.check.config":     "paramétrage",
	"doctor.check.database":   "base de données",
	"doctor.check.schema":     "schéma",
	"doctor.check.disk":       "espace disque",
	"doctor.check.encryption": "chiffrement du disque",
	"doctor.check.centre":     "serveur central",
	"doctor.check.tls":        "liaison TLS",
	"doctor.check.clock":      "horloge",
	"doctor.check.token":      "jeton du poste",
	"doctor.check.queue":      "file d'envoi",
	"doctor.check.audit":      "chaîne d'audit",

	"doctor.unreadable": "illisible : %v",

	"doctor.config.file":     "chargée et valide : %s",
	"doctor.config.defaults": "aucun fichier de configuration : valeurs par défaut et variables GUICHET_*, toutes valides",
	"doctor.config.invalid":  "non valide : %v",

	"doctor.database.no_path":    "aucun chemin de base : corrigez la configuration ou donnez --db",
	"doctor.database.missing":    "aucune base à %s : lancez `guichet init`, `guichet provision` ou `guichet restore`",
	"doctor.database.damaged":    "endommagée : %v. Restaurez la dernière sauvegarde : guichet restore --from FICHIER --force",
	"doctor.database.unreadable": "impossible à contrôler : %v",
	"doctor.database.ok":         "%s, %d Kio, %s correct",

	"doctor.schema.ok":    "version %d, celle qu'attend ce programme",
	"doctor.schema.older": "version %d, celle de ce programme est %d : le poste la migre à sa prochaine ouverture (faites d'abord une sauvegarde)",
	"doctor.schema.newer": "la version %d est plus récente que celle de ce programme (%d) : installez le Guichet plus récent",

	"doctor.disk.ok":      "%d Mio libres dans %s",
	"doctor.disk.low":     "seulement %d Mio libres dans %s (il en faut au moins %d Mio : place pour une sauvegarde et la croissance de la base)",
	"doctor.disk.full":    "%d Mio libres dans %s : les écritures vont bientôt échouer ; libérez de la place maintenant",
	"doctor.disk.unknown": "ce système n'indique pas l'espace libre",

	"doctor.encryption.dm_crypt": "chiffré : %s",
	"doctor.encryption.none":     "NON chiffré (%s, aucune couche dm-crypt/LUKS) : les portables de terrain doivent chiffrer tout le disque (les disques autochiffrants ne sont pas détectés)",
	"doctor.encryption.memory":   "en mémoire (%s) : jamais écrit sur un disque",
	"doctor.encryption.ecryptfs": "dossier chiffré (ecryptfs)",
	"doctor.encryption.opaque":   "système de fichiers %s sur %s : le système n'indique pas si son disque est chiffré",
	"doctor.encryption.windows":  "inconnu de Guichet : vérifiez BitLocker avec `manage-bde -status` (en administrateur)",
	"doctor.encryption.macos":    "inconnu de Guichet : vérifiez FileVault avec `fdesetup status`",
	"doctor.encryption.other":    "inconnu de Guichet sous %s : vérifiez le chiffrement du disque à la main",

	"doctor.centre.standalone":    "poste autonome (non provisionné) : aucun centre à joindre",
	"doctor.centre.bad_url":       "l'adresse du centre n'est pas valide : %v",
	"doctor.centre.ok":            "%s a répondu en %d ms",
	"doctor.centre.unreachable":   "%s injoignable (%s) : le poste travaille hors ligne et synchronise au retour de la liaison",
	"doctor.centre.tls_refused":   "%s joint, mais son certificat a été refusé",
	"doctor.centre.update_needed": "%s ne sert plus le protocole de ce poste : mettez Guichet à jour",
	"doctor.centre.not_guichet":   "%s a répondu, mais pas comme un centre Guichet (page d'un proxy ?)",
	"doctor.centre.answered":      "%s a répondu HTTP %d",
	"doctor.centre.not_reached":   "non contrôlé : le centre n'a pas été joint",

	"doctor.tls.ok":             "certificat valide jusqu'au %s (%d jours restants), émis par %s",
	"doctor.tls.expiring":       "le certificat expire le %s (%d jours restants), émis par %s : demandez à l'exploitant central de le renouveler",
	"doctor.tls.refused":        "certificat refusé : %s",
	"doctor.tls.loopback":       "http en clair vers cet ordinateur lui-même (boucle locale)",
	"doctor.tls.plain":          "http en clair vers %s : le jeton du poste et les données des adhérents traversent le réseau sans chiffrement ; utilisez https",
	"doctor.tls.no_certificate": "aucun certificat vu",

	"doctor.clock.same":    "à moins d'une seconde de celle du centre",
	"doctor.clock.ahead":   "l'horloge de cet ordinateur avance de %s sur celle du centre",
	"doctor.clock.behind":  "l'horloge de cet ordinateur retarde de %s sur celle du centre",
	"doctor.clock.unknown": "la réponse du centre ne donnait pas l'heure",

	"doctor.token.ok":           "accepté : poste %s de l'agence %s, numéro %d",
	"doctor.token.refused":      "REFUSÉ (révoqué ou inconnu) : plus rien ne parvient au centre depuis ce poste ; contactez l'exploitant central",
	"doctor.token.forbidden":    "le centre interdit ce poste (HTTP 403) ; contactez l'exploitant central",
	"doctor.token.answered":     "le centre a répondu HTTP %d",
	"doctor.token.not_asked":    "non contrôlé : %s",
	"doctor.token.other_device": "appartient au poste %s, pas à celui de cette base (%s) : la base a été copiée depuis un autre poste",
	"doctor.token.other_branch": "le centre indique l'agence %s, ce poste sert %s",

	"doctor.queue.ok":            "%d en attente, %d écartées ; dernière synchronisation réussie %s",
	"doctor.queue.standalone":    "%d opérations enregistrées sur ce poste autonome",
	"doctor.queue.set_aside":     "%d en attente, %d ÉCARTÉES (un superviseur les relance ou les abandonne sur l'écran Synchro) ; dernière synchronisation réussie %s",
	"doctor.queue.stale":         "%d en attente, la plus ancienne depuis le %s ; dernière synchronisation réussie %s : connectez le portable et synchronisez",
	"doctor.queue.missing_scans": "%d en attente, %d écartées ; %d numérisations qu'elles citent manquent dans %s : le centre refusera ces opérations",

	"doctor.audit.ok":      "intacte : %d entrées vérifiées",
	"doctor.audit.shipped": "intacte : %d entrées vérifiées ; le centre les détient jusqu'à l'entrée %d",
	"doctor.audit.broken":  "ROMPUE à l'entrée %d : %s (les %d entrées précédentes sont vérifiées)",

	"backup.done":     "Sauvegarde de %s dans %s (mode 0600).",
	"backup.sum":      "Empreinte SHA-256 %s",
	"backup.detail":   "%d octets, schéma version %d, intégrité correcte.",
	"backup.queue":    "La copie contient %d opérations pas encore remises au centre (%d écartées).",
	"backup.scans":    "Les numérisations sont des fichiers à côté de la base, absents de cette copie : sauvegardez aussi %s.",
	"restore.done":    "%s restaurée comme base du poste %s.",
	"restore.aside":   "La base qui s'y trouvait est conservée sous %s.",
	"restore.migrate": "Le poste la migrera du schéma version %d à %d à sa prochaine ouverture.",
	"restore.device":  "Poste %s, agence %s ; dernière synchronisation réussie %s.",
	"restore.queue":   "%d opérations attendent le centre (%d écartées).",
	"restore.resend": "La prochaine synchronisation les envoie. Une opération que le centre a déjà (remise après cette sauvegarde) " +
		"reçoit la réponse « doublon » grâce à sa clé d'idempotence et n'est appliquée qu'une fois ; le rapport de synchronisation la compte comme doublon.",
	"restore.unreadable": "La base mise de côté est illisible (%s) : impossible de dire ce qu'elle contenait que cette sauvegarde n'a pas.",
	"restore.lost": "ATTENTION : la base mise de côté contient %d opérations non remises que cette sauvegarde n'a pas ; " +
		"elles ne seront pas envoyées. Gardez %s jusqu'à ce qu'elles soient saisies à nouveau.",
	"restore.audit": "Le centre détient déjà la chaîne d'audit de ce poste jusqu'à l'entrée %d, et cette sauvegarde jusqu'à l'entrée %d : " +
		"les prochaines entrées du poste apparaîtront au centre comme une rupture à l'entrée %d. C'est attendu après une restauration : " +
		"prévenez l'exploitant central.",
	"restore.other_device": "ATTENTION : cette sauvegarde est celle du poste %s, la base remplacée était celle du poste %s. " +
		"Deux postes ne doivent jamais fonctionner avec la base d'un même poste.",
	"restore.missing_scans": "ATTENTION : %d numérisations citées par des opérations en attente manquent dans %s : recopiez-les avant de synchroniser, " +
		"sinon le centre refuse ces opérations.",
}
