package i18n

// doctorEN is the English of `guichet doctor`, `guichet backup` and
// `guichet restore` (keys doctor.*, backup.*, restore.*).
var doctorEN = map[string]string{
	"doctor.header":         "CHECK\tSTATUS\tDETAIL",
	"doctor.status.ok":      "ok",
	"doctor.status.warn":    "WARN",
	"doctor.status.fail":    "FAIL",
	"doctor.status.unknown": "unknown",
	"doctor.summary.ok":     "All checks passed.",
	"doctor.summary.warn":   "Warnings: %d. The console works, but see above.",
	"doctor.summary.fail":   "Failures: %d, warnings: %d. Fix the failures before the next working day.",
	"doctor.exit.warn":      "doctor found warnings (exit code 2)",
	"doctor.exit.fail":      "doctor found failures (exit code 1)",

	"doctor.check.config":     "configuration",
	"doctor.check.database":   "database",
	"doctor.check.schema":     "schema",
	"doctor.check.disk":       "disk space",
	"doctor.check.encryption": "disk encryption",
	"doctor.check.centre":     "centre",
	"doctor.check.tls":        "TLS",
	"doctor.check.clock":      "clock",
	"doctor.check.token":      "device token",
	"doctor.check.queue":      "outbox",
	"doctor.check.audit":      "audit chain",

	"doctor.unreadable": "could not be read: %v",

	"doctor.config.file":     "loaded and valid: %s",
	"doctor.config.defaults": "no configuration file: built-in defaults and GUICHET_* variables, all valid",
	"doctor.config.invalid":  "not valid: %v",

	"doctor.database.no_path":    "no database path: fix the configuration or give --db",
	"doctor.database.missing":    "no database at %s: run `guichet init`, `guichet provision` or `guichet restore`",
	"doctor.database.damaged":    "damaged: %v. Restore the last backup: guichet restore --from FILE --force",
	"doctor.database.unreadable": "could not be checked: %v",
	"doctor.database.ok":         "%s, %d KiB, %s ok",

	"doctor.schema.ok":    "version %d, the one this program expects",
	"doctor.schema.older": "version %d, this program's is %d: the console migrates it when it next opens it (take a backup first)",
	"doctor.schema.newer": "version %d is newer than this program's %d: install the newer Guichet",

	"doctor.disk.ok":      "%d MiB free in %s",
	"doctor.disk.low":     "only %d MiB free in %s (want at least %d MiB: room for a backup and the database's growth)",
	"doctor.disk.full":    "%d MiB free in %s: writes will soon fail; free space now",
	"doctor.disk.unknown": "this system does not tell the free space",

	"doctor.encryption.dm_crypt": "encrypted: %s",
	"doctor.encryption.none":     "NOT encrypted (%s, no dm-crypt/LUKS layer): field laptops must use full-disk encryption (self-encrypting drives are not detected)",
	"doctor.encryption.memory":   "in memory (%s): never written to a disk",
	"doctor.encryption.ecryptfs": "encrypted folder (ecryptfs)",
	"doctor.encryption.opaque":   "%s file system on %s: the system does not tell whether its disk is encrypted",
	"doctor.encryption.windows":  "not known to Guichet: check BitLocker with `manage-bde -status` (as administrator)",
	"doctor.encryption.macos":    "not known to Guichet: check FileVault with `fdesetup status`",
	"doctor.encryption.other":    "not known to Guichet on %s: check the disk's encryption by hand",

	"doctor.centre.standalone":    "standalone console (not provisioned): no centre to reach",
	"doctor.centre.bad_url":       "the centre's address is not valid: %v",
	"doctor.centre.ok":            "%s answered in %d ms",
	"doctor.centre.unreachable":   "%s unreachable (%s): the console works offline and syncs when the link is back",
	"doctor.centre.tls_refused":   "%s reached, but its certificate was refused",
	"doctor.centre.update_needed": "%s no longer serves this console's protocol: update Guichet",
	"doctor.centre.not_guichet":   "%s answered, but not as a Guichet centre (a proxy's page?)",
	"doctor.centre.answered":      "%s answered HTTP %d",
	"doctor.centre.not_reached":   "not checked: the centre was not reached",

	"doctor.tls.ok":             "certificate valid until %s (%d days left), issued by %s",
	"doctor.tls.expiring":       "certificate expires on %s (%d days left), issued by %s: ask the central operator to renew it",
	"doctor.tls.refused":        "certificate refused: %s",
	"doctor.tls.loopback":       "plain http to this computer itself (loopback)",
	"doctor.tls.plain":          "plain http to %s: the device token and members' data cross the network unencrypted; use https",
	"doctor.tls.no_certificate": "no certificate seen",

	"doctor.clock.same":    "within a second of the centre's",
	"doctor.clock.ahead":   "this computer's clock is %s ahead of the centre's",
	"doctor.clock.behind":  "this computer's clock is %s behind the centre's",
	"doctor.clock.unknown": "the centre's answer gave no time",

	"doctor.token.ok":           "accepted: device %s of branch %s, number %d",
	"doctor.token.refused":      "REFUSED (revoked or unknown): nothing more reaches the centre from this console; ask the central operator",
	"doctor.token.forbidden":    "the centre forbids this device (HTTP 403); ask the central operator",
	"doctor.token.answered":     "the centre answered HTTP %d",
	"doctor.token.not_asked":    "not checked: %s",
	"doctor.token.other_device": "belongs to device %s, not to this console's %s: the database was copied from another console",
	"doctor.token.other_branch": "the centre says branch %s, this console serves %s",

	"doctor.queue.ok":            "%d pending, %d set aside; last good sync %s",
	"doctor.queue.standalone":    "%d entries recorded on this standalone console",
	"doctor.queue.set_aside":     "%d pending, %d SET ASIDE (a supervisor retries or discards them on the Sync screen); last good sync %s",
	"doctor.queue.stale":         "%d pending, the oldest since %s; last good sync %s: connect the laptop and sync",
	"doctor.queue.missing_scans": "%d pending, %d set aside; %d scans they name are missing from %s: the centre will refuse those entries",

	"doctor.audit.ok":      "intact: %d entries verified",
	"doctor.audit.shipped": "intact: %d entries verified; the centre holds them through entry %d",
	"doctor.audit.broken":  "BROKEN at entry %d: %s (the %d entries before it verify)",

	"backup.done":     "Backed up %s into %s (mode 0600).",
	"backup.sum":      "SHA-256 %s",
	"backup.detail":   "%d bytes, schema version %d, integrity ok.",
	"backup.queue":    "The copy holds %d entries not yet delivered to the centre (%d set aside).",
	"backup.scans":    "Scans are files beside the database, not in this copy: back up %s too.",
	"restore.done":    "Restored %s as the console's database %s.",
	"restore.aside":   "The database that was there is kept as %s.",
	"restore.migrate": "The console will migrate it from schema version %d to %d when it next opens it.",
	"restore.device":  "Device %s, branch %s; last good sync %s.",
	"restore.queue":   "%d entries wait for the centre (%d set aside).",
	"restore.resend": "The next sync sends them. An entry the centre already has (delivered after this backup was taken) " +
		"is answered as a duplicate by its idempotency key and applied only once; the sync report counts it as duplicate.",
	"restore.unreadable": "The database moved aside could not be read (%s): restore cannot tell what it held that this backup lacks.",
	"restore.lost": "WARNING: the database moved aside holds %d undelivered entries this backup lacks; " +
		"they will not be sent. Keep %s until they are recorded again.",
	"restore.audit": "The centre already holds this device's audit chain through entry %d, and this backup through %d: " +
		"the entries the console writes next will show at the centre as a break at entry %d. That is expected after a restore: " +
		"tell the central operator.",
	"restore.other_device": "WARNING: this backup is of device %s, the database it replaces was device %s. " +
		"Two consoles must never run with one device's database.",
	"restore.missing_scans": "WARNING: %d scans that waiting entries name are missing from %s: copy them back before syncing, " +
		"or the centre refuses those entries.",
}
