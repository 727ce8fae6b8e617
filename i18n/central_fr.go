package i18n

// centralFR: see centralEN.
var centralFR = map[string]string{
	"cli.central.help.root": "Centre de référence avec lequel les consoles Guichet se synchronisent",
	"cli.central.help.root.long": "guichet-central sert le protocole de synchronisation aux consoles des agences des mutuelles\n" +
		"et gère leurs postes, leurs comptes et leurs agences. `guichet-central serve` fonctionne sans\n" +
		"aucune préparation : il crée sa base SQLite au premier démarrage.",
	"cli.central.help.serve": "Servir le protocole de synchronisation (crée la base au premier démarrage)",
	"cli.central.help.serve.long": "serve répond aux consoles en HTTP, ou en HTTPS avec --tls-cert et --tls-key (les deux ou\n" +
		"aucun), ainsi qu'au portail de la caisse (POST /v1/pin/verify). Il a besoin des clés des codes\n" +
		"(pin.hmac_key ou pin.hmac_key_file, et pin.box_key_file : voir `keys generate`).\n" +
		"Il envoie les e-mails de code en attente toutes les mail.interval (SMTP, ou le spool de courrier).\n" +
		"Il s'arrête proprement sur SIGINT ou SIGTERM, en terminant les requêtes en cours. Sur SIGHUP\n" +
		"(systemctl reload guichet-central), il relit la configuration et reprend ses clés de codes (une\n" +
		"rotation de clés, voir `keys rotate`) sans s'arrêter : une configuration en échec, ou qui retire\n" +
		"une clé HMAC encore utilisée par des codes actifs, est refusée et journalisée, et les clés en\n" +
		"service restent. Le reste de la configuration ne change qu'au redémarrage. Son journal est en\n" +
		"anglais, avec des clés stables, quelle que soit la valeur de ui.language.",
	"cli.central.help.devices":     "Gérer les consoles autorisées à se synchroniser",
	"cli.central.help.devices.add": "Enregistrer une console pour une agence et afficher son jeton (montré une seule fois)",
	"cli.central.help.devices.add.long": "devices add enregistre une console pour une agence et affiche son jeton : 256 bits aléatoires,\n" +
		"montrés une seule fois (le centre n'en garde que le SHA-256). Remettez-le à la console par un\n" +
		"canal sûr (`guichet provision --token-file FICHIER`), puis supprimez votre copie.",
	"cli.central.help.devices.add.example":  "  guichet-central devices add --name \"Rabat Agdal guichet 2\" --branch RBA01",
	"cli.central.help.devices.list":         "Lister les postes (jamais leurs jetons)",
	"cli.central.help.devices.revoke":       "Révoquer définitivement le jeton d'un poste",
	"cli.central.help.users":                "Gérer les comptes (les postes de l'agence de chaque compte les reçoivent)",
	"cli.central.help.users.add":            "Créer un compte ; son mot de passe vient de --password-stdin ou d'une saisie masquée",
	"cli.central.help.users.list":           "Lister les comptes (jamais l'empreinte de leur mot de passe)",
	"cli.central.help.users.disable":        "Désactiver un compte ; ses postes l'arrêtent à leur prochaine réception",
	"cli.central.help.users.reset_password": "Définir un nouveau mot de passe (par --password-stdin ou une saisie), à changer à la prochaine connexion",
	"cli.central.help.branches":             "Les agences (la table de référence que reçoivent les consoles)",
	"cli.central.help.branches.add":         "Enregistrer une agence",
	"cli.central.help.audit":                "Les chaînes d'audit des postes, telles que le centre les a vérifiées",
	"cli.central.help.audit.breaks":         "Lister les ruptures de chaîne d'audit des postes (code de sortie 3 s'il y en a)",
	"cli.central.help.demo":                 "Données de démonstration",
	"cli.central.help.demo.seed":            "Remplir un centre vide d'agences, de comptes et d'une population fictive",
	"cli.central.help.portal_clients":       "Gérer les clients de POST /v1/pin/verify (le portail de la caisse)",
	"cli.central.help.portal_clients.add":   "Autoriser un client du portail et afficher son jeton (montré une seule fois), ou l'écrire avec --token-file",
	"cli.central.help.portal_clients.add.long": "portal-clients add autorise un client de POST /v1/pin/verify et lui donne un jeton : 256 bits\n" +
		"aléatoires, montrés une seule fois (le centre n'en garde que le SHA-256). Avec --token-file, le\n" +
		"jeton va dans ce nouveau fichier (mode 0600) au lieu de l'écran. Le jeton d'un poste n'ouvre pas\n" +
		"la vérification, ni celui d'un client du portail les opérations des postes.",
	"cli.central.help.portal_clients.list":   "Lister les clients du portail (jamais leurs jetons)",
	"cli.central.help.portal_clients.revoke": "Révoquer définitivement le jeton d'un client du portail",
	"cli.central.help.letters":               "Lettres et e-mails de codes provisoires : le centre crée les codes au moment de l'envoi",
	"cli.central.help.letters.export":        "Créer les codes des réémissions par courrier du jour et écrire leurs lettres en un PDF pour l'imprimeur",
	"cli.central.help.letters.export.long": "letters export génère le code de chaque réémission par courrier encore en attente et appliquée\n" +
		"avant la fin du jour donné (fuseau des adhérents), et écrit leurs lettres en un seul PDF (mode\n" +
		"0600) dans --dir (par défaut letters.dir, ou « letters » à côté de la base). Les codes n'existent\n" +
		"que dans ce PDF : remettez-le à l'imprimeur, puis supprimez-le. Un adhérent qui n'est plus actif\n" +
		"ou dont l'adresse n'est plus vérifiée ne reçoit pas de lettre : la réémission est refusée.",
	"cli.central.help.letters.email": "Créer et envoyer par e-mail les codes des réémissions par e-mail en attente (SMTP, ou le spool maildir)",
	"cli.central.help.letters.email.long": "letters email envoie tout de suite son code à chaque réémission par e-mail en attente : par SMTP\n" +
		"si mail.smtp_host est défini, sinon dans le maildir de mail.spool (par défaut « mail-spool » à\n" +
		"côté de la base). `serve` fait de même toutes les mail.interval. L'envoi s'arrête au premier\n" +
		"échec ; rien n'est activé qui ne soit parti.",
	"cli.central.help.letters.returned": "Enregistrer une lettre revenue non distribuée : l'adresse de l'adhérent devient non vérifiée",
	"cli.central.help.letters.returned.long": "letters returned marque l'adresse actuelle de l'adhérent comme non vérifiée (les consoles\n" +
		"l'affichent après leur prochaine réception, et aucun code par courrier ni au guichet n'y part\n" +
		"avant l'approbation d'un changement d'adresse) et arrête le code de la lettre active de l'adhérent.",
	"cli.central.help.backup": "Copier la base SQLite du centre dans un nouveau fichier, serve en marche, et afficher son SHA-256",
	"cli.central.help.backup.long": "backup écrit une copie cohérente de la base SQLite (database.path) dans FICHIER, un nouveau\n" +
		"fichier en mode 0600 (jamais un fichier existant), sans interrompre `serve` : VACUUM INTO de\n" +
		"SQLite lit un instantané et ne bloque pas l'écriture. La copie est synchronisée sur le disque et\n" +
		"vérifiée (PRAGMA integrity_check, version du schéma) avant que la commande affiche son SHA-256\n" +
		"et sa taille. Les documents numérisés, les lettres et les clés des codes sont des fichiers :\n" +
		"sauvegardez-les à part (docs/OPERATIONS.md). Sur PostgreSQL, elle affiche plutôt la commande\n" +
		"pg_dump à utiliser.",
	"cli.central.help.restore": "Mettre une sauvegarde en place comme base SQLite du centre, à un database.path qui n'existe pas encore",
	"cli.central.help.restore.long": "restore vérifie FICHIER (une copie faite par `backup` : PRAGMA integrity_check, un schéma de\n" +
		"centre connu de ce programme) et la met en place comme database.path, qui ne doit pas encore\n" +
		"exister (ni un -wal, -shm ou -journal à côté) : déplacez d'abord la base endommagée, ou donnez à\n" +
		"--db un nouveau chemin. La copie est écrite à côté du chemin, synchronisée, comparée par SHA-256\n" +
		"et liée en place : le chemin la contient en entier ou pas du tout. `serve` migre un schéma plus\n" +
		"ancien au démarrage. Sur PostgreSQL, elle affiche plutôt la commande pg_restore à utiliser.",

	"cli.central.flag.config":            "fichier de configuration (par défaut : voir guichet-central.example.yaml)",
	"cli.central.flag.db":                "fichier de la base ou URL postgres:// (remplace database.path)",
	"cli.central.flag.listen":            "adresse d'écoute, HÔTE:PORT (remplace server.listen)",
	"cli.central.flag.tls_cert":          "fichier du certificat TLS, PEM (remplace server.tls_cert)",
	"cli.central.flag.tls_key":           "fichier de la clé privée TLS, PEM (remplace server.tls_key)",
	"cli.central.flag.device_name":       "le nom de la console, par exemple « Rabat Agdal guichet 2 » (obligatoire)",
	"cli.central.flag.device_branch":     "code de l'agence que sert la console (obligatoire)",
	"cli.central.flag.display_name":      "le nom de la personne tel que les écrans l'affichent (obligatoire)",
	"cli.central.flag.user_branch":       "code de l'agence (obligatoire pour les agents et les superviseurs)",
	"cli.central.flag.portal_token_file": "écrire le jeton dans ce nouveau fichier (mode 0600) au lieu de l'afficher",
	"cli.central.flag.letters_date":      "le jour dont les réémissions partent, AAAA-MM-JJ (obligatoire)",
	"cli.central.flag.letters_dir":       "dossier du PDF (remplace letters.dir)",
	"cli.central.flag.returned_by":       "qui l'a enregistrée, pour le journal des accès (par défaut : votre identifiant de session)",

	"cli.central.usage.returned_by":   "--by NOM est obligatoire (qui a enregistré la lettre revenue)",
	"cli.central.state.active":        "actif",
	"cli.central.state.revoked":       "révoqué le %s",
	"cli.central.devices.added":       "Poste %s (%s) ajouté, numéro %d de l'agence %s.",
	"cli.central.devices.token":       "Son jeton, montré une seule fois (gardez-le en lieu sûr : qui le détient se synchronise comme ce poste) :",
	"cli.central.devices.revoked":     "Poste %s révoqué : son jeton ne fonctionne plus.",
	"cli.central.devices.not_found":   "aucun poste %s",
	"cli.central.devices.header":      "ID\tNOM\tAGENCE\tNUMÉRO\tAJOUTÉ\tVU EN DERNIER\tÉTAT",
	"cli.central.users.added":         "Compte %s ajouté (%s, agence %s).",
	"cli.central.users.reset":         "Mot de passe de %s réinitialisé ; il devra être changé à la prochaine connexion.",
	"cli.central.users.not_found":     "aucun compte %s",
	"cli.central.audit.intact":        "La chaîne d'audit de chaque poste est vérifiée.",
	"cli.central.audit.broken":        "la chaîne d'audit d'un poste est rompue",
	"cli.central.audit.header":        "POSTE\tN°\tMOTIF\tTROUVÉE",
	"cli.central.demo.seeded":         "Centre de démonstration %s rempli de %d adhérents en %s.",
	"cli.central.demo.seeding":        "Remplissage du centre de démonstration… %3d %%",
	"cli.central.portal.added":        "Client du portail %s ajouté.",
	"cli.central.portal.added_file":   "Client du portail %s ajouté ; son jeton est dans %s (mode 0600).",
	"cli.central.portal.token":        "Son jeton, montré une seule fois (gardez-le en lieu sûr : qui le détient peut vérifier des codes) :",
	"cli.central.portal.token_file":   "fichier du jeton",
	"cli.central.portal.revoked":      "Client du portail %s révoqué : son jeton ne fonctionne plus.",
	"cli.central.portal.not_found":    "aucun client du portail actif %s",
	"cli.central.portal.header":       "NOM\tAJOUTÉ\tÉTAT",
	"cli.central.letters.none":        "Aucune lettre à envoyer pour le %s.",
	"cli.central.letters.wrote":       "%d lettre(s) écrite(s) pour le %s, lot %s, dans :",
	"cli.central.letters.refused":     "%d réémission(s) refusée(s), journalisée(s) ci-dessus : adhérent plus actif, adresse plus vérifiée, ou dossier que la lettre ne peut porter (les consoles l'affichent après leur prochaine réception).",
	"cli.central.letters.sent":        "%d e-mail(s) envoyé(s) %s.",
	"cli.central.letters.via_smtp":    "par SMTP via %s",
	"cli.central.letters.via_maildir": "dans le maildir %s",
	"cli.central.letters.returned":    "Lettre revenue de l'adhérent %s enregistrée : l'adresse est désormais non vérifiée.",
	"cli.central.backup.done":         "%s sauvegardée dans %s (mode 0600).",
	"cli.central.restore.done":        "%s restaurée comme base du centre %s.",
	"cli.central.restore.migrate":     "`guichet-central serve` la migrera de la version de schéma %d à la %d au démarrage.",
	"cli.central.pg.run":              "La base du centre est PostgreSQL : utilisez son propre outil. Lancez :",
	"cli.central.pg.note": "Remarque : le mot de passe n'est pas affiché : pg_dump et pg_restore le lisent dans PGPASSWORD ou ~/.pgpass. " +
		"Voir docs/OPERATIONS.md (restaurer dans une nouvelle base, puis y faire pointer database.path ; restauration à un instant donné).",
	"cli.central.pg.refused": "%s ne copie que des bases SQLite : rien n'a été fait (lancez la commande affichée ci-dessus)",
}
