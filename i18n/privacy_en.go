package i18n

// privacyEN is the English of the data-protection duties: a member's
// access log on the console and at the centre, and the long-term illness
// status of the member file.
var privacyEN = map[string]string{
	"privacy.access.header":           "WHEN\tDEVICE\tUSER\tACCESS\tREQUEST",
	"privacy.access.count":            "Accesses: %d.",
	"privacy.access.kind.searched":    "search or list showed the member",
	"privacy.access.kind.viewed":      "viewed",
	"privacy.access.kind.fetched":     "fetched from the centre",
	"privacy.access.kind.changed":     "address change",
	"privacy.access.kind.pin":         "PIN reissue",
	"privacy.access.kind.pin_checked": "PIN checked by the portal",
	"privacy.access.kind.letter":      "PIN letter returned",
	"privacy.access.kind.access_log":  "access log consulted",
	"privacy.access.kind.other":       "other",
	"privacy.ald.label":               "Long-term illness",
	"privacy.ald.yes":                 "yes (ALD)",
	"privacy.ald.line":                "Long-term illness: yes (ALD)",

	"privacy.help":            "Data-protection duties (Law 09-08)",
	"privacy.help.access_log": "Who searched for, viewed, fetched or changed a member's data on this device (supervisors and admins)",
	"privacy.help.access_log.long": "access-log answers a member's right of access from this device's audit chain: every search or\n" +
		"listing that showed the member, every view of their file, requests or PIN history, every fetch from\n" +
		"the centre, every address change and PIN reissue, with when, the device and the user. The lookup\n" +
		"is itself audited. Times are in the members' time zone, in UTC with --json. At the centre,\n" +
		"`guichet-central privacy access-log` answers for every device.",
	"privacy.help.centre":            "Data-protection duties (Law 09-08), for every device",
	"privacy.help.centre.access_log": "Who searched for, viewed, fetched or changed a member's data, on every device and at the centre",
	"privacy.help.centre.access_log.long": "access-log answers a member's right of access for the whole network: the audit entries the\n" +
		"devices delivered that concern the member (searches that showed them, views, changes, PIN\n" +
		"reissues) and the centre's own access log (fetches on demand, the portal's PIN checks, returned\n" +
		"letters), merged by time, each with its device and user. The lookup goes to the access log.\n" +
		"Times are UTC.",
	"privacy.help.centre.by":     "who consults the log, for the access log (default: your login name)",
	"privacy.centre.by_required": "--by NAME is required (who consults the access log)",

	"field.regno": "Registration number",
}
