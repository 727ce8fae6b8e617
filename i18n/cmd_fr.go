package i18n

// cmdFR: see cmdEN.
var cmdFR = map[string]string{
	"cli.usage.heading":             "Utilisation :",
	"cli.usage.command_placeholder": "[commande]",
	"cli.usage.flags_placeholder":   "[options]",
	"cli.usage.aliases":             "Alias :",
	"cli.usage.examples":            "Exemples :",
	"cli.usage.commands":            "Commandes disponibles :",
	"cli.usage.flags":               "Options :",
	"cli.usage.global_flags":        "Options globales :",
	"cli.usage.more":                `Tapez "%s [commande] --help" pour en savoir plus sur une commande.`,
	"cli.usage.default":             "par défaut :",
	"cli.usage.args":                "%d argument(s) attendu(s), %d reçu(s) (utilisation : %s)",
	"cli.usage.arg_count":           "%d argument(s) attendu(s), %d reçu(s)",
	"cli.usage.no_args":             "%s ne prend pas d'argument (reçu : %q)",
	"cli.usage.unknown_command":     "commande inconnue %q pour %q",
	"cli.usage.unknown_flag":        "option inconnue : %s",
	"cli.usage.flag_needs_value":    "l'option %s attend une valeur",
	"cli.usage.flag_invalid":        "valeur %q invalide pour %s : %s attendu",
	"cli.usage.flag_syntax":         "option mal formée : %s",
	"cli.usage.kind.integer":        "un nombre entier",
	"cli.usage.kind.duration":       "une durée telle que 30s, 5m ou 1h",
	"cli.usage.kind.bool":           "true ou false",
	"cli.usage.required":            "%s est obligatoire",
	"cli.usage.members":             "--members doit valoir au moins 1",
	"cli.usage.no_password_stdin":   "aucun mot de passe sur l'entrée standard",
	"cli.usage.new_password_source": "le nouveau mot de passe doit venir de --password-stdin ou d'un terminal",
	"cli.usage.passwords_differ":    "les deux mots de passe diffèrent",
	"cli.prompt.new_password":       "Nouveau mot de passe :",
	"cli.prompt.new_password_again": "Confirmez le nouveau mot de passe :",

	"cli.flag.help":               "aide de %s",
	"cli.flag.version":            "version de %s",
	"cli.flag.json":               "afficher les données en JSON",
	"cli.flag.man_dir":            "dossier où écrire les pages (créé s'il n'existe pas)",
	"cli.flag.no_descriptions":    "désactiver les descriptions dans la complétion",
	"cli.flag.new_password_stdin": "lire le nouveau mot de passe sur l'entrée standard",
	"cli.flag.user_role":          "agent, supervisor ou admin",
	"cli.flag.branch_name":        "nom de l'agence (obligatoire)",
	"cli.flag.branch_city":        "ville (obligatoire)",
	"cli.flag.branch_region":      "région (obligatoire)",
	"cli.flag.demo_members":       "nombre d'adhérents assurés",
	"cli.flag.demo_seed":          "graine aléatoire : même graine et même taille, mêmes données",
	"cli.flag.backup_to":          "le nouveau fichier à écrire (refusé s'il existe)",
	"cli.flag.restore_from":       "la sauvegarde à restaurer",

	"cli.help.help":       "Aide sur n'importe quelle commande",
	"cli.help.help.long":  "help affiche l'aide de n'importe quelle commande : %s help [chemin de la commande].",
	"cli.help.man":        "Écrire dans un dossier les pages de manuel (section 1) de toutes les commandes",
	"cli.help.completion": "Générer le script d'autocomplétion pour l'interpréteur indiqué",
	"cli.help.completion.long": "Génère le script d'autocomplétion de %s pour l'interpréteur indiqué.\n" +
		"L'aide de chaque sous-commande explique comment utiliser le script produit.",
	"cli.help.completion.shell": "Générer le script d'autocomplétion pour %s",
	"cli.help.completion.bash": "Génère le script d'autocomplétion pour bash.\n\n" +
		"Ce script nécessite le paquet 'bash-completion'.\n\n" +
		"Pour charger la complétion dans la session en cours :\n\n\tsource <(%[1]s completion bash)\n\n" +
		"Pour la charger dans chaque nouvelle session, exécutez une fois :\n\n" +
		"\t%[1]s completion bash > /etc/bash_completion.d/%[1]s\n\n" +
		"Ouvrez ensuite un nouvel interpréteur pour que ce réglage prenne effet.",
	"cli.help.completion.zsh": "Génère le script d'autocomplétion pour zsh.\n\n" +
		"Si la complétion n'est pas encore activée dans votre environnement, activez-la\n" +
		"en exécutant une fois :\n\n\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n\n" +
		"Pour charger la complétion dans la session en cours :\n\n\tsource <(%[1]s completion zsh)\n\n" +
		"Pour la charger dans chaque nouvelle session, exécutez une fois :\n\n" +
		"\t%[1]s completion zsh > \"${fpath[1]}/_%[1]s\"\n\n" +
		"Ouvrez ensuite un nouvel interpréteur pour que ce réglage prenne effet.",
	"cli.help.completion.fish": "Génère le script d'autocomplétion pour fish.\n\n" +
		"Pour charger la complétion dans la session en cours :\n\n\t%[1]s completion fish | source\n\n" +
		"Pour la charger dans chaque nouvelle session, exécutez une fois :\n\n" +
		"\t%[1]s completion fish > ~/.config/fish/completions/%[1]s.fish\n\n" +
		"Ouvrez ensuite un nouvel interpréteur pour que ce réglage prenne effet.",
	"cli.help.completion.powershell": "Génère le script d'autocomplétion pour PowerShell.\n\n" +
		"Pour charger la complétion dans la session en cours :\n\n" +
		"\t%[1]s completion powershell | Out-String | Invoke-Expression\n\n" +
		"Pour la charger dans chaque nouvelle session, ajoutez la sortie de cette commande\n" +
		"à votre profil PowerShell.",

	"cli.usage.user_required":         "--user NOM est obligatoire",
	"cli.usage.no_password":           "aucun mot de passe pour --user : utilisez --password-stdin ou GUICHET_PASSWORD",
	"cli.usage.no_password_env":       "aucun mot de passe pour --user : définissez GUICHET_PASSWORD (l'entrée standard porte le nouveau mot de passe)",
	"cli.usage.from_json_replaces":    "--from-json remplace %s : donnez l'adresse et les justificatifs d'une seule façon",
	"cli.usage.reject_reason":         "reject exige --reason TEXTE",
	"cli.usage.list_limit":            "--limit doit aller de 1 à %d",
	"cli.usage.state":                 "--state doit valoir pending, approved, rejected ou cancelled",
	"cli.usage.override_reason_alone": "--override-reason va avec --override-by UTILISATEUR",
	"cli.usage.override_password":     "--override-by exige le mot de passe de cet utilisateur dans %s",
	"cli.usage.format_csv":            "--format doit valoir csv",
	"cli.usage.export_days":           "export exige --from AAAA-MM-JJ et --to AAAA-MM-JJ",
	"cli.usage.day":                   "%s doit être une date AAAA-MM-JJ",
	"cli.usage.to_before_from":        "--to ne peut pas précéder --from",
	"cli.usage.channel":               "reissue exige --channel post, counter ou email",
	"cli.usage.provision":             "--central URL et --token-file FICHIER sont obligatoires",
	"cli.prompt.password_for":         "Mot de passe de %s :",

	"cli.audit.exit_broken":       "la chaîne d'audit est rompue",
	"cli.backup.exists":           "%s existe déjà : une sauvegarde n'écrase jamais un fichier",
	"cli.restore.exists":          "%s existe déjà : une restauration n'écrase jamais une base (--force la met d'abord de côté)",
	"cli.branches.added":          "Agence %s ajoutée.",
	"cli.branches.header":         "CODE\tNOM\tVILLE\tRÉGION",
	"cli.init.done":               "%s initialisée avec l'administrateur %s.",
	"cli.passwd.done":             "Mot de passe de %s modifié.",
	"cli.users.added":             "Compte %s ajouté (%s).",
	"cli.users.disabled":          "Compte %s désactivé.",
	"cli.users.unlocked":          "Compte %s déverrouillé sur ce poste.",
	"cli.users.reset":             "Mot de passe de %s réinitialisé : il devra être changé à la prochaine connexion.",
	"cli.users.header":            "IDENTIFIANT\tNOM\tRÔLE\tAGENCE\tÉTAT",
	"cli.users.state.active":      "actif",
	"cli.users.state.disabled":    "désactivé",
	"cli.users.state.locked":      "verrouillé",
	"cli.users.state.must_change": "mot de passe à changer",
	"cli.members.ambiguous":       "plusieurs adhérents correspondent : utilisez le matricule",
	"cli.demo.kept_aside":         "La base de la console de démonstration ne correspond plus au centre de démonstration : conservée sous %s, une nouvelle est créée.",
	"cli.demo.provisioning":       "enrôlement de la console de démonstration",
	"cli.demo.ready":              "Base de démonstration %s prête en %s.",
	"cli.demo.seeding":            "Création des adhérents de démonstration %s %d/%d",
	"cli.provision.done":          "%s enrôlée comme poste n° %d (%s) de l'agence %s auprès de %s : %d éléments reçus.",
	"cli.provision.pulling":       "Réception des données de l'agence depuis le centre %s %d éléments",
	"cli.provision.pulled":        "%d éléments reçus du centre (%d %%).",
	"cli.token.not_regular":       "%s : pas un fichier ordinaire",
	"cli.token.readable":          "%[1]s : lisible par tous, or le jeton donne accès aux données de l'agence (chmod 600 %[1]s)",
	"cli.token.too_large":         "%s : trop volumineux pour un jeton de poste",
	"cli.sync.set_aside":          "le centre a mis des écritures de côté lors de ce passage : un superviseur les voit sur l'écran Synchronisation",
	"cli.sync.failed":             "échec de la synchronisation : %s",
	"cli.sync.pushed":             "%d écritures envoyées : %d appliquées, %d en double, %d mises de côté, %d reportées ; %d documents numérisés transférés.",
	"cli.sync.audit":              "Chaîne d'audit détenue par le centre jusqu'à l'entrée %d.",
	"cli.sync.audit_broken":       "Le centre a trouvé la chaîne d'audit de ce poste ROMPUE à l'entrée %d (%s).",
	"cli.sync.pulled":             "%d éléments reçus (%d en attente derrière des modifications locales, %d adoptés).",
	"cli.sync.forgotten":          "%d adhérents d'autres agences oubliés : plus aucune modification ne les concerne.",
	"cli.sync.queue":              "File : %d en attente, %d mises de côté.",
}
