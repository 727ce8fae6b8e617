package i18n

// keysFR is the French of the centre's PIN keys messages (`guichet-central
// keys generate`, `keys rotate`, `keys status`).
var keysFR = map[string]string{
	"keys.cmd.short":      "Les clés PIN du centre : création, rotation, état",
	"keys.generate.short": "Écrire une nouvelle clé HMAC et une paire de clés de scellement pour les codes PIN (mode 0600) et indiquer comment les utiliser",
	"keys.generate.long": "keys generate écrit DIR/%s (la clé HMAC-SHA-256 des vérificateurs de PIN, 32 octets\n" +
		"aléatoires) et DIR/%s (la clé privée qui ouvre les PIN remis au guichet), en base64 et\n" +
		"en mode 0600, sans jamais écraser un fichier. Elle affiche la clé publique que les postes\n" +
		"reçoivent à l'enrôlement et les lignes de configuration à utiliser. Gardez ces deux\n" +
		"fichiers hors des sauvegardes de la base : un vérificateur ne révèle rien sans sa clé.\n" +
		"Pour remplacer des clés en service, voyez `keys rotate`.",
	"keys.flag.dir":         "dossier où écrire les fichiers de clés (créé en 0700 s'il n'existe pas)",
	"keys.flag.hmac_key_id": "identifiant de la clé HMAC (enregistré avec chaque vérificateur)",
	"keys.flag.box_key_id":  "identifiant de la clé de scellement (envoyé avec la clé publique)",
	"keys.generate.wrote":   "%s écrit (clé HMAC %s) et %s (clé de scellement %s), mode 0600.",
	"keys.generate.public":  "Clé publique %s (chaque poste la reçoit à l'enrôlement) :",
	"keys.config_lines":     "Lignes de configuration (guichet-central.yaml) :",
	"keys.err.dir_required": "--dir est obligatoire",
	"keys.err.exists":       "%s existe déjà : une clé n'est jamais écrasée (déplacez le fichier pour en créer une nouvelle)",
	"keys.err.kind":         "--kind doit valoir hmac, box ou both (reçu %q)",
	"keys.err.id_taken":     "l'identifiant de clé %s est déjà configuré : choisissez-en un autre",
	"keys.err.no_fresh_id":  "aucun identifiant libre après %s : indiquez-en un avec --hmac-key-id ou --box-key-id",
	"keys.err.in_use_missing": "une clé PIN encore utilisée manque dans la configuration (%s) : " +
		"remettez-la dans pin.previous_hmac_keys ou pin.previous_box_keys",

	"keys.rotate.short": "Écrire de nouvelles clés PIN sous de nouveaux identifiants à côté des anciennes et afficher la configuration qui garde les anciennes acceptées",
	"keys.rotate.long": "keys rotate remplace les clés PIN du centre sans interruption de service. Elle écrit une\n" +
		"nouvelle clé HMAC (DIR/hmac-ID.key) et une nouvelle paire de clés de scellement\n" +
		"(DIR/box-ID.key), en mode 0600, sous de nouveaux identifiants (h1 -> h2), sans jamais\n" +
		"écraser un fichier, et affiche la configuration à utiliser : les nouvelles clés en\n" +
		"service, les anciennes dans pin.previous_hmac_keys et pin.previous_box_keys.\n" +
		"Ensuite :\n" +
		"  1. reportez ces lignes dans guichet-central.yaml ;\n" +
		"  2. rechargez le centre : systemctl reload guichet-central (SIGHUP) ; une\n" +
		"     configuration en erreur est refusée et journalisée, et les clés en service restent ;\n" +
		"  3. les nouveaux PIN reçoivent un vérificateur sous la nouvelle clé HMAC ; les PIN déjà\n" +
		"     émis restent vérifiables avec l'ancienne ; les postes récupèrent la nouvelle clé\n" +
		"     publique à leur prochaine synchronisation (sous 10 minutes), et les PIN qu'ils ont\n" +
		"     scellés avec l'ancienne s'ouvrent toujours ;\n" +
		"  4. ne retirez une ancienne clé que lorsque `guichet-central keys status` l'autorise.\n" +
		"Les clés actuelles doivent d'abord se charger. --kind ne renouvelle que l'une d'elles.",
	"keys.flag.rotate_dir":      "dossier où écrire les nouveaux fichiers de clés, à côté des anciens (créé en 0700 s'il n'existe pas)",
	"keys.flag.kind":            "clés à renouveler : hmac, box ou both",
	"keys.flag.new_hmac_key_id": "identifiant de la nouvelle clé HMAC (par défaut : l'identifiant actuel incrémenté, h1 -> h2)",
	"keys.flag.new_box_key_id":  "identifiant de la nouvelle clé de scellement (par défaut : l'identifiant actuel incrémenté, b1 -> b2)",
	"keys.rotate.wrote_hmac":    "%s écrit (nouvelle clé HMAC %s), mode 0600.",
	"keys.rotate.wrote_box":     "%s écrit (nouvelle clé de scellement %s), mode 0600.",
	"keys.rotate.saved_env": "La clé HMAC actuelle venait de pin.hmac_key : elle est enregistrée dans %s (mode 0600) " +
		"pour rester acceptée comme ancienne clé. Retirez pin.hmac_key (GUICHET_CENTRAL_PIN_HMAC_KEY) de la configuration.",
	"keys.rotate.public": "Nouvelle clé publique %s (les postes la récupèrent à leur prochaine synchronisation) :",
	"keys.rotate.next": "Rechargez ensuite le centre sans l'arrêter : systemctl reload guichet-central (ou kill -HUP). " +
		"Gardez chaque ancienne clé jusqu'à ce que `guichet-central keys status` indique qu'elle peut être retirée.",

	"keys.status.short": "Quelles clés PIN sont configurées et ce qui utilise encore chacune (quand retirer une ancienne clé)",
	"keys.status.long": "keys status liste les clés PIN que nomme la configuration, en service et anciennes, et ce\n" +
		"qui a encore besoin de chacune : pour une clé HMAC, les vérificateurs de PIN vivants créés\n" +
		"avec elle (actifs, non expirés) ; pour une clé de scellement, les postes actifs dont c'est\n" +
		"la dernière clé récupérée (ils peuvent encore y sceller des PIN hors ligne). Une ancienne\n" +
		"clé peut être retirée quand plus rien n'en a besoin. Une clé encore utilisée mais absente\n" +
		"de la configuration est aussi listée, et la commande échoue alors (code 1).",
	"keys.status.header":      "TYPE\tID\tRÔLE\tUTILISÉE PAR\tRETRAIT",
	"keys.kind.hmac":          "HMAC (vérificateurs)",
	"keys.kind.box":           "scellement",
	"keys.role.current":       "en service",
	"keys.role.previous":      "ancienne",
	"keys.role.missing":       "MANQUANTE",
	"keys.use.verifiers":      "vérificateurs vivants : %d",
	"keys.use.devices":        "postes : %d",
	"keys.drop.yes":           "peut être retirée",
	"keys.drop.keep":          "à garder",
	"keys.status.unconfirmed": "%d postes actifs n'ont pas récupéré de clé depuis que le centre l'enregistre : gardez les anciennes clés de scellement jusqu'à leur synchronisation.",
}
