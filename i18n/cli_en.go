package i18n

// cliEN holds the command line's strings (package cmd/guichet).
var cliEN = map[string]string{
	"cli.none":                       "none",
	"cli.member.match":               "%-20s %s  %s  born %s  CIN %s  %s",
	"cli.member.ids":                 "Registration no. %s   CIN %s   PPR %s",
	"cli.member.society":             "Society %s (%s)   Home branch %s",
	"cli.member.person":              "Born %s (%d)   Sex %s   Category %s   Status %s   Version %d",
	"cli.member.contact":             "Phone %s   E-mail %s",
	"cli.member.beneficiaries":       "Beneficiaries:",
	"cli.member.beneficiary":         "%-6s %s  born %s (%d)  %s",
	"cli.member.current_address":     "Current address:",
	"cli.member.former_addresses":    "Former addresses:",
	"cli.address.verified":           "verified",
	"cli.address.unverified":         "not verified",
	"cli.audit.intact":               "Audit chain intact: %d entries verified.",
	"cli.audit.broken":               "Audit chain BROKEN at entry %d: %s. The %d entries before it verify.",
	"cli.audit.reason.sequence":      "an entry is missing or out of order",
	"cli.audit.reason.previous_hash": "it does not link to the entry before",
	"cli.audit.reason.hash":          "its content was changed after it was written",
	"kind.registration_number":       "registration no.",
	"kind.cin":                       "CIN",
	"kind.ppr":                       "PPR",
	"kind.phone":                     "phone",
	"relation.spouse":                "spouse",
	"relation.child":                 "child",
}
