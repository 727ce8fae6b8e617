package i18n

// paletteEN is the English of the command palette, the first-run hint,
// the empty states and the sync progress bars.
var paletteEN = map[string]string{
	"tui.key.palette": "all actions",

	"tui.palette.title":       "Actions: %s",
	"tui.palette.placeholder": "type to filter",
	"tui.palette.none":        "No action matches “%s”.",
	"tui.palette.keys":        "enter: run · ↑↓: choose · esc: close",

	// The title bar until the palette or the help was opened once here.
	"tui.hint.first_run": "%s: all actions · %s: help",

	// Empty states.
	"tui.lookup.idle":          "Homonyms? Add a birth year, a city or a society code (alaoui mohamed 1961 rabat), or open the filters (%s).",
	"tui.lookup.none_name":     "Check the spelling or drop a word; a CIN (AB123456) or a registration number finds the member at once.",
	"tui.lookup.none_id":       "Check the number; a name, a CIN (AB123456) or a registration number finds the member too.",
	"tui.lookup.never_synced":  "This console has not synced yet: its members arrive with the first sync (%s: the Sync screen).",
	"tui.queue.empty_hint":     "Changes recorded by the branch's agents arrive here; your own go to another supervisor.",
	"tui.mine.empty_hint":      "Find a member in the lookup, then record a change from their file (%s).",
	"tui.sync.standalone_hint": "To sync with the centre: guichet provision --central URL --token-file FILE, with the device token from the centre's operator.",
	"tui.sync.never_hint":      "Never synced: the first sync starts by itself once the centre answers, and brings the branch's members.",

	// Progress of a sync pass.
	"tui.sync.progress.push":      "sending",
	"tui.sync.progress.pull":      "receiving",
	"tui.sync.progress.push_line": "Sending the queue: %d of %d entries",
	"tui.sync.progress.pull_line": "Receiving the centre's updates: %d of %d",
}
