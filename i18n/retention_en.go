package i18n

// retentionEN is the English of the retention purge (`guichet privacy
// purge`, the automatic purge after a sync pass) and of the checkpoint
// `guichet audit verify` starts from.
var retentionEN = map[string]string{
	"err.retention.chain_broken": "The audit chain is broken at entry %d: nothing was purged, so that the break stays in evidence. Run `guichet audit verify`.",

	"cli.audit.reason.checkpoint": "the purge checkpoint does not match the audit entry that recorded the purge",
	"cli.audit.checkpoint":        "Verified from the checkpoint: entries up to %d were purged (last purge %s, by %s); the centre keeps them.",

	"cli.retention.dry_run":         "Dry run: nothing was purged. Due now:",
	"cli.retention.purged":          "Purged:",
	"cli.retention.nothing":         "Nothing is due: nothing was purged.",
	"cli.retention.audit.due":       "  audit entries: %d (acknowledged by the centre, recorded before %s)",
	"cli.retention.audit.kept":      "  audit entries: kept for good (retention.audit_days is 0)",
	"cli.retention.documents.due":   "  document copies: %d, %d kB (held by the centre, stored before %s)",
	"cli.retention.documents.kept":  "  document copies: kept for good (retention.documents_days is 0)",
	"cli.retention.oldest_audit":    "Oldest audit entry kept: %s.",
	"cli.retention.oldest_document": "Oldest document copy kept: %s.",
	"cli.retention.no_document":     "No document copy is left.",
	"cli.retention.checkpoint":      "Checkpoint: the chain starts after entry %d (hash %s), purged %s by %s.",
	"cli.retention.no_checkpoint":   "No checkpoint: nothing was ever purged, the chain starts at its first entry.",
	"cli.retention.recorded":        "This purge is audit entry %d; it goes to the centre with the next sync.",

	"doctor.audit.purged": "intact: %d entries verified from the checkpoint after entry %d (the entries before it were purged; the centre keeps them); the centre holds the chain through entry %d",

	"retention.help.purge": "Purge the audit entries and document copies the centre holds, past their retention (admins)",
	"retention.help.purge.long": "purge removes what Law 09-08 no longer lets the console keep: audit entries the centre\n" +
		"acknowledged, recorded before retention.audit_days whole days ago, and copies of scanned documents\n" +
		"whose requests the centre received in full, stored before retention.documents_days days ago.\n" +
		"Nothing waiting to be synced ever goes. A checkpoint (the last purged entry's number and hash)\n" +
		"keeps the chain verifiable: `guichet audit verify` checks from it, and the centre keeps every entry.\n" +
		"The purge is itself an audit entry. With retention.automatic the console purges after each\n" +
		"successful sync pass on its own.",
	"retention.help.dry_run": "only say what is due; purge nothing",
}
