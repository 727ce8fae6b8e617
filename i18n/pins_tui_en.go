package i18n

// pinsTUIEN is the English of the console's Reissue PIN screen. The PIN
// itself is never in any of these: it is only in the letter or the e-mail.
var pinsTUIEN = map[string]string{
	"tui.pin.title":      "Reissue PIN",
	"tui.pin.heading":    "Temporary PIN · %s · %s",
	"tui.pin.loading":    "Reading the member's PIN state…",
	"tui.pin.back_hint":  "Press esc to go back to the member file.",
	"tui.pin.scroll":     "Lines %d–%d of %d: PgUp PgDn to scroll",
	"tui.pin.never_seen": "The PIN never shows on screen: only the letter or the e-mail holds it.",

	// Keys.
	"tui.key.reissue_pin":  "reissue the PIN",
	"tui.key.pin_reissue":  "reissue",
	"tui.key.pin_choose":   "channel",
	"tui.key.pin_prev":     "previous channel",
	"tui.key.pin_next":     "next channel",
	"tui.key.pin_yes":      "reissue",
	"tui.key.pin_override": "override and reissue",
	"tui.key.pin_save":     "save and reissue",

	// Eligibility.
	"tui.pin.channels":         "Channels",
	"tui.pin.channel.counter":  "Counter",
	"tui.pin.channel.post":     "Post",
	"tui.pin.channel.email":    "E-mail",
	"tui.pin.available":        "available",
	"tui.pin.unavailable":      "not available",
	"tui.pin.dest.counter":     "printed here, handed over after checking the CIN",
	"tui.pin.dest.post":        "posted by the centre to the verified address",
	"tui.pin.dest.email":       "e-mailed by the centre to the declared address",
	"tui.pin.none_available":   "No channel is available for this member: see why above.",
	"tui.pin.limit":            "Reissues in the last 30 days: %d of %d.",
	"tui.pin.cooling":          "Cooling-off after the address change until %s: a second supervisor must sign in to override.",
	"tui.pin.no_cooling":       "No cooling-off after an address change is running.",
	"tui.pin.expiry":           "A PIN issued now works until %s.",
	"tui.pin.reissuing":        "Reissuing the PIN…",
	"tui.pin.history":          "PIN history",
	"tui.pin.history_empty":    "No PIN reissued yet.",
	"tui.pin.col.date":         "Date",
	"tui.pin.col.channel":      "Channel",
	"tui.pin.col.state":        "State",
	"tui.pin.col.expires":      "Expires",
	"tui.pin.col.by":           "By",
	"tui.pin.col.override":     "Override",
	"tui.pin.refused_because":  "refused by the centre: %s",
	"tui.pin.override_note":    "override by %s: %s",
	"tui.pin.state.queued":     "queued",
	"tui.pin.state.refused":    "refused",
	"tui.pin.state.requested":  "requested",
	"tui.pin.state.active":     "active",
	"tui.pin.state.expired":    "expired",
	"tui.pin.state.superseded": "superseded",
	"tui.pin.state.locked":     "locked",
	"tui.pin.state.returned":   "returned",

	// The confirmation.
	"tui.pin.confirm_title":   "Reissue the PIN by %s?",
	"tui.pin.confirm_who":     "For %s · %s.",
	"tui.pin.confirm.counter": "The letter prints on this counter's printer (without one, you are asked where to save it). Hand it over only after checking the member's CIN.",
	"tui.pin.confirm.post":    "The centre prints the letter and posts it to the verified address: %s.",
	"tui.pin.confirm.email":   "The centre e-mails the PIN to %s.",
	"tui.pin.confirm_final":   "The previous PIN stops working once the centre applies this one.",

	// The override of the cooling-off: a second supervisor signs in.
	"tui.pin.override_title":       "Cooling-off: a second supervisor signs in",
	"tui.pin.override_body":        "The address changed recently: until %s, a reissue needs a supervisor other than you to sign in here and give the reason for the override.",
	"tui.pin.override_for":         "Reissue by %s for %s · %s.",
	"tui.pin.override_placeholder": "why the reissue cannot wait",
	"tui.pin.not_supervisor":       "That account cannot give overrides: a supervisor must sign in.",

	// Saving the counter letter to a file.
	"tui.pin.save_title":        "Save the letter to a file",
	"tui.pin.save_no_printer":   "This console has no printer. Name a new file to save the letter in (only you can read it); print it and hand it over after checking the CIN.",
	"tui.pin.save_print_failed": "%s You may save the letter to a new file instead, or press esc.",
	"tui.pin.save_path":         "File",
	"tui.pin.save_placeholder":  "the full path of a new .pdf file",

	// The outcome.
	"tui.pin.done_printed": "PIN reissued at the counter; the letter printed: hand it over after checking the CIN.",
	"tui.pin.done_saved":   "PIN reissued at the counter; the letter was saved to %s: print it, hand it over after checking the CIN, then delete the file.",
	"tui.pin.done_queued":  "PIN reissue by %s queued: the centre will send it.",
}
