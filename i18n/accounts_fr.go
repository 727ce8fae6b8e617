package i18n

// accountsFR is the French of account management: the change-password
// screen of the console and the hints of `guichet passwd` and `guichet users`.
var accountsFR = map[string]string{
	// Headless commands.
	"cli.passwd.required": "Votre mot de passe a été réinitialisé : lancez d'abord `guichet passwd --user %s` pour en choisir un nouveau.",

	// Keys.
	"tui.key.change_password": "nouveau mot de passe",
	"tui.key.save_password":   "suivant / enregistrer",

	// The change-password screen, chosen freely or forced after a reset.
	"tui.password.title":          "Changer le mot de passe",
	"tui.password.title_forced":   "Choisir un nouveau mot de passe",
	"tui.password.heading":        "Changer votre mot de passe",
	"tui.password.heading_forced": "Votre mot de passe a été réinitialisé : choisissez-en un nouveau avant de continuer",
	"tui.password.current":        "Mot de passe actuel",
	"tui.password.new":            "Nouveau mot de passe",
	"tui.password.repeat":         "Confirmer le nouveau mot de passe",
	"tui.password.prompt":         "Au moins %d caractères, différent de l'actuel. Entrée passe au champ suivant ; Entrée sur le dernier champ enregistre.",
	"tui.password.forced_hint":    "Rien d'autre ne s'ouvre tant que ce n'est pas fait ; %s vous déconnecte.",
	"tui.password.pending":        "Enregistrement du nouveau mot de passe…",
	"tui.password.mismatch":       "Les deux nouveaux mots de passe diffèrent : saisissez-les de nouveau.",
	"tui.password.wrong_current":  "Le mot de passe actuel est incorrect.",
	"tui.notice.password_changed": "Mot de passe changé.",

	// Accounts screen of a provisioned console.
	"tui.accounts.hint_centre": "Gérés par le centre : lecture seule, mais `guichet users unlock` fonctionne.",
	"tui.accounts.reset":       "réinit.",
}
