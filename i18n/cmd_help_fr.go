package i18n

// cmdHelpFR: see cmdHelpEN.
var cmdHelpFR = map[string]string{
	"cli.help.root": "Console de guichet des mutuelles de la CNOPS",
	"cli.help.root.long": "Guichet recherche les adhérents, affiche leur dossier et enregistre le travail du guichet,\n" +
		"même hors ligne. Sans sous-commande, il ouvre la console sur la base configurée.",
	"cli.help.init": "Créer la base, donner son identifiant à ce poste et créer le premier administrateur",
	"cli.help.init.long": "init crée le fichier de la base (mode 0600) au besoin, donne son identifiant au poste et crée\n" +
		"le premier compte administrateur. Le mot de passe vient de --password-stdin ou d'une saisie\n" +
		"masquée. Une base qui a déjà des comptes est refusée.",
	"cli.help.passwd": "Changer votre propre mot de passe",
	"cli.help.passwd.long": "passwd change le mot de passe de --user (tout rôle). Le nouveau mot de passe vient de\n" +
		"--password-stdin (ou d'une saisie masquée, tapée deux fois) ; le mot de passe actuel vient alors\n" +
		"de GUICHET_PASSWORD (ou d'une saisie masquée). Le nouveau doit différer de l'actuel.\n" +
		"Après une réinitialisation, c'est la seule commande possible tant que le mot de passe n'est\n" +
		"pas changé. Sur une console enrôlée, le nouveau mot de passe vaut ici aussitôt et parvient au\n" +
		"centre à la synchronisation suivante.",
	"cli.help.users": "Gérer les comptes de cette console (administrateurs ; les superviseurs peuvent déverrouiller)",
	"cli.help.users.long": "users gère les comptes d'une console autonome (administrateurs seulement). Une fois la\n" +
		"console enrôlée, ses comptes appartiennent au centre : add, disable et reset-password le\n" +
		"signalent alors, tandis que list et unlock (les compteurs de blocage sont propres à chaque\n" +
		"poste) fonctionnent toujours.",
	"cli.help.users.add": "Créer un compte ; son mot de passe vient de --password-stdin ou d'une saisie",
	"cli.help.users.add.long": "users add crée un compte. Le mot de passe du nouveau compte vient de --password-stdin\n" +
		"(ou d'une saisie masquée) ; celui de l'administrateur qui agit vient alors de GUICHET_PASSWORD.",
	"cli.help.users.list":           "Lister les comptes",
	"cli.help.users.disable":        "Désactiver un compte (administrateur ; pas le vôtre)",
	"cli.help.users.unlock":         "Effacer les échecs de connexion d'un compte sur ce poste (superviseur ou administrateur)",
	"cli.help.users.reset_password": "Donner à un compte un nouveau mot de passe, à changer à la prochaine connexion",
	"cli.help.users.reset_password.long": "users reset-password définit un nouveau mot de passe pour UTILISATEUR, lu sur\n" +
		"--password-stdin (ou par une saisie masquée) ; celui de l'administrateur qui agit vient alors\n" +
		"de GUICHET_PASSWORD. Le titulaire devra en choisir un autre à sa prochaine connexion\n" +
		"(guichet passwd, ou la console le lui demande).",
	"cli.help.branches":       "Les agences connues de cette console",
	"cli.help.branches.add":   "Enregistrer une agence (administrateur ; consoles autonomes seulement)",
	"cli.help.branches.list":  "Lister les agences",
	"cli.help.audit":          "La chaîne de hachage d'audit du poste",
	"cli.help.audit.verify":   "Vérifier toute la chaîne ; signaler la première entrée rompue et sortir avec le code 3 s'il y en a une",
	"cli.help.members":        "Rechercher des adhérents (agents et superviseurs)",
	"cli.help.members.show":   "Afficher le dossier d'un adhérent, trouvé par matricule, CIN, PPR ou téléphone",
	"cli.help.members.search": "Rechercher des adhérents par nom (latin ou arabe), avec filtres, ou par tout identifiant",
	"cli.help.members.search.long": "search reprend la zone de recherche de la console : un matricule, une CIN, un PPR ou un\n" +
		"numéro de téléphone, ou des mots du nom dans l'une ou l'autre écriture, dans n'importe quel\n" +
		"ordre, avec des filtres contre les homonymes tapés à la suite : une année ou une date de\n" +
		"naissance, une ville, un code de mutuelle.",
	"cli.help.members.search.example": "  # un nom, précisé par une année de naissance et une ville\n" +
		"  guichet members search \"alaoui mohamed 1961 rabat\" --user agent\n" +
		"  # une CIN, en JSON\n" +
		"  guichet members search A123456 --user agent --json",
	"cli.help.address":         "Changements d'adresse : enregistrer avec justificatifs, approuver ou rejeter (double contrôle), lister, exporter",
	"cli.help.address.request": "Enregistrer un changement d'adresse et ses justificatifs (agents et superviseurs) et imprimer le récépissé",
	"cli.help.address.request.long": `request enregistre un changement d'adresse pour l'adhérent REGNO (un matricule, ou un autre
identifiant qui désigne un seul adhérent), avec les justificatifs vus au guichet. Un superviseur
autre que le demandeur doit ensuite l'approuver : seule une adresse approuvée est vérifiée.

La nouvelle adresse et les justificatifs viennent des options, ou des mêmes champs dans un objet
JSON avec --from-json FICHIER ("-" lit l'entrée standard ; avec --password-stdin, la ligne du mot
de passe vient d'abord). L'objet est lu strictement : champs inconnus ou répétés et tout ce qui
suit l'objet sont refusés, et il ne peut dépasser 64 Kio :

  {
    "line1": "12 rue Oued Fès",          obligatoire
    "line2": "Appartement 3",
    "quarter": "Agdal",
    "city": "Rabat",                     obligatoire
    "postal_code": "10090",              obligatoire, 5 chiffres
    "province": "Rabat",
    "line_ar": "١٢ زنقة واد فاس",
    "cin_copy": "A123456",               la CIN lue sur la copie (celle de l'adhérent)
    "registration_card_copy": true,
    "form_number": "F-2024-118",         le numéro du formulaire signé
    "scans": ["scans/cin.pdf"]           PDF, JPEG ou PNG ; chemins relatifs au dossier courant
  }

Un code postal qui ne correspond pas à une ville de la liste est un avertissement : la commande
l'affiche et n'enregistre rien sans --confirm-warnings. Un justificatif manquant exige une
dérogation d'un superviseur : --override-by UTILISATEUR avec son mot de passe dans
GUICHET_OVERRIDE_PASSWORD, et --override-reason.

En cas de succès, elle affiche la référence de la demande et produit le récépissé de l'adhérent
(PDF) : envoyé à printing.command s'il est défini, sinon enregistré dans printing.save_dir sous
<référence>.pdf.`,
	"cli.help.address.request.example": "  guichet address request 100234567 --user agent --line1 \"12 rue Oued Fès\" \\\n" +
		"    --city Rabat --postal-code 10090 --cin-copy A123456 --registration-card-copy --form-number F-2024-118\n" +
		"  # les mêmes champs dans un objet JSON\n" +
		"  guichet address request 100234567 --user agent --from-json demande.json",
	"cli.help.address.approve": "Approuver une demande en attente (superviseurs ; jamais la vôtre) : la nouvelle adresse devient l'adresse actuelle, vérifiée",
	"cli.help.address.reject":  "Rejeter une demande en attente, motif à l'appui (superviseurs ; jamais la vôtre)",
	"cli.help.address.cancel":  "Retirer une demande en attente que vous avez enregistrée",
	"cli.help.address.list":    "Lister les demandes de changement d'adresse, les plus anciennes d'abord (par état, par adhérent, ou les vôtres)",
	"cli.help.address.show":    "Afficher une demande : l'adresse actuelle et la nouvelle côte à côte, les justificatifs et l'historique",
	"cli.help.address.export":  "Exporter en CSV les demandes tranchées entre deux jours inclus (superviseurs)",
	"cli.help.address.export.long": "export écrit en CSV sur la sortie standard les demandes approuvées et rejetées entre 00:00\n" +
		"le jour --from et la fin du jour --to (jours dans le fuseau des adhérents, time.zone), avec une\n" +
		"ligne d'en-tête :\n" +
		"  %s\n" +
		"Les heures sont au format RFC 3339 dans le fuseau des adhérents. La CIN n'est jamais exportée ;\n" +
		"une cellule qui commence par = + - @ reçoit une ' en tête pour qu'un tableur l'affiche comme du\n" +
		"texte, sans jamais l'exécuter.",
	"cli.help.pin":         "Codes provisoires du portail des adhérents : réémission (courrier, e-mail ou lettre au guichet), historique",
	"cli.help.pin.reissue": "Réémettre le code provisoire d'un adhérent (agents et superviseurs) ; le code n'est jamais affiché",
	"cli.help.pin.reissue.long": `reissue réémet le code provisoire de l'adhérent REGNO (un matricule, ou un autre identifiant
qui désigne un seul adhérent) par un canal :

  post     le centre imprime la lettre dans son prochain lot, à l'adresse vérifiée de l'adhérent
  email    le centre l'envoie par e-mail ; étudiants ayant déclaré un e-mail seulement
  counter  la lettre est imprimée ici (printing.command) ou enregistrée avec --save FICHIER (un
           nouveau fichier, mode 0600, dans un dossier existant), à remettre après contrôle de la
           CIN de l'adhérent ; le code ne part au centre qu'une fois la lettre sortie, scellé avec
           la clé du centre

Le code n'est jamais affiché. Pendant pin.cooling_off après un changement d'adresse, un
superviseur autre que vous doit consentir : --override-by UTILISATEUR avec son mot de passe dans
GUICHET_OVERRIDE_PASSWORD, et --override-reason TEXTE.`,
	"cli.help.pin.history": "Afficher les réémissions de code d'un adhérent, les canaux ouverts et la limite (jamais un code)",
	"cli.help.demo":        "Lancer un centre de démonstration en local et la console enrôlée auprès de lui, sous ./var/demo",
	"cli.help.demo.long": "demo crée un centre de démonstration (var/demo/central.db) la première fois, le sert sur un\n" +
		"port local tant que la console tourne, y enrôle la console de démonstration (var/demo/guichet.db)\n" +
		"comme poste de la première agence de démonstration, puis ouvre la console, synchronisation en marche.",
	"cli.help.demo.seed": "Remplir une base neuve (ou de démonstration) d'une population fictive réaliste et des comptes de démonstration",
	"cli.help.sync":      "Faire un passage de synchronisation avec le centre : envoyer la file, transmettre la chaîne d'audit, recevoir les mises à jour",
	"cli.help.sync.long": "sync fait un passage sur la base configurée et affiche ce qu'il a fait. Aucun compte n'est\n" +
		"nécessaire : le jeton du poste enregistré par `guichet provision` sert d'identifiant. Le code de\n" +
		"sortie est 1 si quelque chose a échoué ou si le centre a mis une écriture de côté lors de ce\n" +
		"passage (voir l'écran Synchronisation).",
	"cli.help.provision": "Relier une nouvelle base au centre avec un jeton de poste et recevoir les données de son agence",
	"cli.help.provision.long": "provision crée la base (mode 0600) et la relie au centre : elle enregistre l'adresse du centre,\n" +
		"le jeton du poste (créé par `guichet-central devices add`, lu dans un fichier que seul son\n" +
		"propriétaire peut lire), l'identifiant, l'agence et le numéro du poste, et la clé du centre pour\n" +
		"les codes scellés ; puis elle reçoit tout le périmètre (agences, comptes, adhérents, demandes).\n" +
		"Aucun compte n'est nécessaire. Un enrôlement interrompu reprend en relançant la même commande ;\n" +
		"toute autre base déjà utilisée est refusée.",
	"cli.help.provision.example": "  guichet provision --central https://centre.exemple:8443 --token-file poste.jeton",
	"cli.help.doctor":            "Vérifier cette console : configuration, base, disque, chiffrement, centre, jeton, file d'envoi, chaîne d'audit",
	"cli.help.doctor.long": "doctor vérifie la configuration, la base (PRAGMA integrity_check, ou quick_check au-delà de\n" +
		"1 Gio sauf avec --full ; la version du schéma face à celle du programme), l'espace disque libre et\n" +
		"le chiffrement du disque (Linux : dm-crypt/LUKS ; ailleurs « inconnu »), puis le centre :\n" +
		"joignabilité, certificat TLS, décalage d'horloge et jeton du poste, et enfin la file d'envoi et la\n" +
		"chaîne d'audit. Il n'écrit rien et ne demande aucun compte ; hors ligne, les vérifications du\n" +
		"centre donnent un avertissement.\n" +
		"Code de sortie : 0 tout va bien, 1 une vérification a échoué, 4 avertissements seulement\n" +
		"(« inconnu » ne change rien).",
	"cli.help.backup": "Copier la base de la console dans un nouveau fichier, console en marche, et afficher son SHA-256",
	"cli.help.backup.long": "backup écrit une copie cohérente de la base (database.path) dans FICHIER, un nouveau fichier\n" +
		"en mode 0600 (jamais un fichier existant), sans interrompre la console : VACUUM INTO de SQLite lit\n" +
		"un instantané et ne bloque pas l'écriture. La copie est synchronisée sur le disque et vérifiée\n" +
		"(PRAGMA integrity_check, version du schéma) avant que la commande affiche son SHA-256. Elle\n" +
		"contient la file d'envoi : les écritures pas encore remises au centre voyagent avec elle. Les\n" +
		"documents numérisés sont des fichiers du dossier documents.path : copiez-le aussi.",
	"cli.help.restore": "Mettre une sauvegarde en place comme base de la console ; --force met d'abord l'actuelle de côté",
	"cli.help.restore.long": "restore vérifie FICHIER (une copie faite par `guichet backup` : une base de console dont ce\n" +
		"programme connaît le schéma, PRAGMA integrity_check) et la met en place comme database.path. Si une\n" +
		"base s'y trouve déjà, elle refuse, sauf avec --force : la base actuelle (et ses -wal et -shm) est\n" +
		"alors renommée CHEMIN.before-restore-HORODATAGE et conservée ; la console ne doit pas tourner.\n" +
		"La file d'envoi de la sauvegarde revient avec elle : ses écritures non remises partent à la\n" +
		"prochaine synchronisation, et une écriture déjà appliquée par le centre (remise après la\n" +
		"sauvegarde) reçoit la réponse « en double » grâce à sa clé d'idempotence, sans jamais être\n" +
		"appliquée deux fois. restore indique ce que la base mise de côté contient et que la sauvegarde\n" +
		"n'a pas.",

	"cli.flag.config":                      "fichier de configuration (par défaut : voir config.example.yaml)",
	"cli.flag.db":                          "fichier de la base (remplace database.path)",
	"cli.flag.user":                        "agir en tant que cet utilisateur (mot de passe par --password-stdin ou GUICHET_PASSWORD)",
	"cli.flag.password_stdin":              "lire le mot de passe sur l'entrée standard",
	"cli.flag.admin_user":                  "agir en tant que cet administrateur (mot de passe dans GUICHET_PASSWORD)",
	"cli.flag.passwd_user":                 "le compte dont le mot de passe change (mot de passe actuel dans GUICHET_PASSWORD)",
	"cli.flag.init_username":               "l'identifiant du premier administrateur",
	"cli.flag.init_name":                   "le nom affiché du premier administrateur",
	"cli.flag.user_name":                   "nom affiché (obligatoire)",
	"cli.flag.user_branch":                 "code de l'agence (agents et superviseurs)",
	"cli.flag.search_limit":                "nombre maximal de lignes affichées (par défaut et au plus : ui.result_rows)",
	"cli.flag.line1":                       "ligne 1 de l'adresse (obligatoire)",
	"cli.flag.line2":                       "ligne 2 de l'adresse",
	"cli.flag.quarter":                     "quartier",
	"cli.flag.city":                        "ville (obligatoire)",
	"cli.flag.postal_code":                 "code postal à 5 chiffres (obligatoire)",
	"cli.flag.province":                    "province ou préfecture",
	"cli.flag.line_ar":                     "l'adresse en écriture arabe, sur une ligne",
	"cli.flag.cin_copy":                    "une copie de la CIN a été vue : le numéro de CIN lu sur la copie",
	"cli.flag.registration_card_copy":      "une copie de la carte d'immatriculation a été vue",
	"cli.flag.form_number":                 "le formulaire de changement d'adresse signé a été vu : son numéro",
	"cli.flag.scan":                        "un document numérisé à conserver (PDF, JPEG ou PNG ; répétable)",
	"cli.flag.from_json":                   "lire l'adresse et les justificatifs dans ce fichier JSON (- pour l'entrée standard)",
	"cli.flag.confirm_warnings":            "confirmer les avertissements sur l'adresse (un code postal qui ne correspond pas à la ville)",
	"cli.flag.no_receipt":                  "ne pas imprimer ni enregistrer le récépissé de l'adhérent",
	"cli.flag.override_by.exception":       "un superviseur qui accorde une dérogation pour un justificatif manquant (mot de passe dans GUICHET_OVERRIDE_PASSWORD)",
	"cli.flag.override_reason.exception":   "pourquoi le justificatif manquant est accepté",
	"cli.flag.override_by.cooling_off":     "un superviseur qui consent pendant le délai de carence (mot de passe dans GUICHET_OVERRIDE_PASSWORD)",
	"cli.flag.override_reason.cooling_off": "pourquoi la réémission ne peut attendre la fin du délai de carence",
	"cli.flag.reject_reason":               "le motif du rejet (obligatoire)",
	"cli.flag.state":                       "pending (en attente), approved (approuvée), rejected (rejetée) ou cancelled (annulée)",
	"cli.flag.member":                      "seulement les demandes de cet adhérent (matricule)",
	"cli.flag.mine":                        "seulement les demandes que vous avez enregistrées",
	"cli.flag.list_limit":                  "nombre maximal de demandes listées, les plus anciennes d'abord (1000 par défaut, au plus %d)",
	"cli.flag.export_from":                 "premier jour, AAAA-MM-JJ (obligatoire)",
	"cli.flag.export_to":                   "dernier jour, inclus, AAAA-MM-JJ (obligatoire)",
	"cli.flag.export_format":               "format de sortie : csv",
	"cli.flag.channel":                     "post (courrier), counter (guichet) ou email (obligatoire)",
	"cli.flag.save":                        "counter : enregistrer le PDF de la lettre dans ce nouveau fichier au lieu de l'imprimer",
	"cli.flag.central":                     "l'adresse du centre, par exemple https://centre.exemple:8443",
	"cli.flag.token_file":                  "fichier contenant le jeton du poste (mode 0600)",
	"cli.flag.doctor_full":                 "lancer integrity_check quelle que soit la taille de la base (plus lent)",
	"cli.flag.doctor_timeout":              "durée maximale de chaque requête au centre",
	"cli.flag.doctor_min_free":             "avertir sous ce seuil d'espace disque libre (Mio)",
	"cli.flag.restore_force":               "mettre la base actuelle de côté (conservée, renommée) au lieu de refuser",
}
