package i18n

// accountsEN holds the strings of account management: the change-password
// screen of the console and the hints of `guichet passwd` and `guichet users`.
var accountsEN = map[string]string{
	// Headless commands.
	"cli.passwd.required": "Your password was reset: run `guichet passwd --user %s` to choose a new one first.",

	// Keys.
	"tui.key.change_password": "change my password",
	"tui.key.save_password":   "next / save",

	// The change-password screen, chosen freely or forced after a reset.
	"tui.password.title":          "Change password",
	"tui.password.title_forced":   "Choose a new password",
	"tui.password.heading":        "Change your password",
	"tui.password.heading_forced": "Your password was reset: choose a new one before going on",
	"tui.password.current":        "Current password",
	"tui.password.new":            "New password",
	"tui.password.repeat":         "New password again",
	"tui.password.prompt":         "At least %d characters, different from the current one. Enter moves on; enter on the last field saves.",
	"tui.password.forced_hint":    "Nothing else opens until this is done; %s signs out.",
	"tui.password.pending":        "Saving the new password…",
	"tui.password.mismatch":       "The two new passwords differ: type them again.",
	"tui.password.wrong_current":  "The current password is wrong.",
	"tui.notice.password_changed": "Password changed.",

	// Accounts screen of a provisioned console.
	"tui.accounts.hint_centre": "Managed by the centre: read only here, but `guichet users unlock` works.",
	"tui.accounts.reset":       "reset",
}
