package i18n

// centralEN holds the centre's command line (package cmd/guichet-central):
// its help, reports and refusals. Its structured logs stay in English.
var centralEN = map[string]string{
	"cli.central.help.root": "Reference centre that Guichet consoles sync with",
	"cli.central.help.root.long": "guichet-central serves the sync protocol to the consoles of the mutual societies'\n" +
		"branches and manages their devices, accounts and branches. `guichet-central serve`\n" +
		"works with no set-up: it creates its SQLite database on first start.",
	"cli.central.help.serve": "Serve the sync protocol (creates the database on first start)",
	"cli.central.help.serve.long": "serve answers the consoles over HTTP, or HTTPS with --tls-cert and --tls-key (both or\n" +
		"neither), and the fund's portal (POST /v1/pin/verify). It needs the PIN keys\n" +
		"(pin.hmac_key or pin.hmac_key_file, and pin.box_key_file: see `keys generate`).\n" +
		"It sends the PIN e-mails waiting every mail.interval (SMTP, or the mail spool).\n" +
		"It stops gracefully on SIGINT or SIGTERM, finishing the requests in flight. On SIGHUP\n" +
		"(systemctl reload guichet-central) it reads the configuration again and takes its PIN\n" +
		"keys (a key rotation, see `keys rotate`) without stopping: a configuration that fails,\n" +
		"or that drops an HMAC key live PINs still use, is refused and logged, and the keys in\n" +
		"use stay. Nothing else of the configuration changes before a restart. Its log is in\n" +
		"English, with stable keys, whatever ui.language says.",
	"cli.central.help.devices":     "Manage the consoles allowed to sync",
	"cli.central.help.devices.add": "Register a console for a branch and print its token (shown only this once)",
	"cli.central.help.devices.add.long": "devices add registers a console for a branch and prints its token: 256 random bits,\n" +
		"shown only this once (the centre keeps only its SHA-256). Hand it to the console over a\n" +
		"safe channel (`guichet provision --token-file FILE`), then delete your copy.",
	"cli.central.help.devices.add.example":  "  guichet-central devices add --name \"Rabat Agdal counter 2\" --branch RBA01",
	"cli.central.help.devices.list":         "List the devices (never their tokens)",
	"cli.central.help.devices.revoke":       "Stop a device's token for good",
	"cli.central.help.users":                "Manage the accounts (the devices of each account's branch receive them)",
	"cli.central.help.users.add":            "Create an account; its password comes from --password-stdin or a no-echo prompt",
	"cli.central.help.users.list":           "List the accounts (never their password hashes)",
	"cli.central.help.users.disable":        "Disable an account; its devices stop it on their next pull",
	"cli.central.help.users.reset_password": "Set a new password (from --password-stdin or a prompt) that must be changed at the next sign-in",
	"cli.central.help.branches":             "The branch offices (the reference table the consoles receive)",
	"cli.central.help.branches.add":         "Record a branch office",
	"cli.central.help.audit":                "The devices' audit chains as the centre verified them",
	"cli.central.help.audit.breaks":         "List where a device's audit chain failed to verify (exit code 3 when any did)",
	"cli.central.help.demo":                 "Demonstration data",
	"cli.central.help.demo.seed":            "Fill an empty centre with branches, accounts and a synthetic population",
	"cli.central.help.portal_clients":       "Manage the callers of POST /v1/pin/verify (the fund's portal)",
	"cli.central.help.portal_clients.add":   "Allow a portal client and print its token (shown only this once), or write it with --token-file",
	"cli.central.help.portal_clients.add.long": "portal-clients add allows a caller of POST /v1/pin/verify and gives it a token: 256\n" +
		"random bits, shown only this once (the centre keeps only its SHA-256). With --token-file\n" +
		"the token goes to that new file (mode 0600) instead of the screen. A device's token does\n" +
		"not open the verification, nor a portal client's token the devices' operations.",
	"cli.central.help.portal_clients.list":   "List the portal clients (never their tokens)",
	"cli.central.help.portal_clients.revoke": "Stop a portal client's token for good",
	"cli.central.help.letters":               "Temporary-PIN letters and e-mails: the centre makes the PINs as they go out",
	"cli.central.help.letters.export":        "Make the PINs of the day's post reissues and write their letters as one PDF for the print shop",
	"cli.central.help.letters.export.long": "letters export generates the PIN of every post reissue still waiting and applied by the end of\n" +
		"the given day (members' time zone), and writes their letters as one PDF (mode 0600) in --dir\n" +
		"(default letters.dir, or \"letters\" beside the database). The PINs exist only in that PDF:\n" +
		"hand it to the print shop, then delete it. A member no longer active or whose address is no\n" +
		"longer verified gets no letter: the reissue is refused.",
	"cli.central.help.letters.email": "Make and e-mail the PINs of the e-mail reissues waiting (SMTP, or the maildir spool)",
	"cli.central.help.letters.email.long": "letters email sends each waiting e-mail reissue its PIN now: by SMTP when mail.smtp_host is set,\n" +
		"otherwise into the maildir at mail.spool (default \"mail-spool\" beside the database). `serve`\n" +
		"does the same every mail.interval. It stops at the first failed send; nothing activates\n" +
		"that did not go out.",
	"cli.central.help.letters.returned": "Record a letter that came back undelivered: the member's address becomes unverified",
	"cli.central.help.letters.returned.long": "letters returned marks the member's current address unverified (the consoles show it after\n" +
		"their next pull, and no post or counter PIN goes there until an address change is approved)\n" +
		"and stops the PIN of the member's active post letter.",
	"cli.central.help.backup": "Copy the centre's SQLite database into a new file, while serve runs, and print its SHA-256",
	"cli.central.help.backup.long": "backup writes one consistent copy of the SQLite database (database.path) into FILE, a new\n" +
		"file of mode 0600 (it never overwrites one), while `serve` goes on answering: SQLite's\n" +
		"VACUUM INTO reads one snapshot and does not hold up the writer. The copy is synced to\n" +
		"disk and checked (PRAGMA integrity_check, schema version) before the command prints its\n" +
		"SHA-256 and size. The scans, the letters and the PIN keys are files: back them up apart\n" +
		"(docs/OPERATIONS.md). On PostgreSQL it prints the pg_dump command to use instead.",
	"cli.central.help.restore": "Put a backup in place as the centre's SQLite database, at a database.path that does not exist yet",
	"cli.central.help.restore.long": "restore checks FILE (a copy made by `backup`: PRAGMA integrity_check, a centre's schema\n" +
		"that this program knows) and puts it in place as database.path, which must not exist yet\n" +
		"(nor a -wal, -shm or -journal beside it): move the damaged database away first, or give\n" +
		"--db a new path. The copy is written beside the path, synced, compared by SHA-256 and\n" +
		"linked into place, so the path holds all of it or nothing. `serve` migrates an older\n" +
		"schema when it starts. On PostgreSQL it prints the pg_restore command to use instead.",

	"cli.central.flag.config":            "configuration file (default: see guichet-central.example.yaml)",
	"cli.central.flag.db":                "database file or postgres:// URL (overrides database.path)",
	"cli.central.flag.listen":            "address to listen on, HOST:PORT (overrides server.listen)",
	"cli.central.flag.tls_cert":          "TLS certificate file, PEM (overrides server.tls_cert)",
	"cli.central.flag.tls_key":           "TLS private key file, PEM (overrides server.tls_key)",
	"cli.central.flag.device_name":       "what the console is called, e.g. \"Rabat Agdal counter 2\" (required)",
	"cli.central.flag.device_branch":     "branch code the console serves (required)",
	"cli.central.flag.display_name":      "the person's name as screens show it (required)",
	"cli.central.flag.user_branch":       "branch code (required for agents and supervisors)",
	"cli.central.flag.portal_token_file": "write the token to this new file (mode 0600) instead of printing it",
	"cli.central.flag.letters_date":      "the day whose reissues go out, YYYY-MM-DD (required)",
	"cli.central.flag.letters_dir":       "folder of the PDF (overrides letters.dir)",
	"cli.central.flag.returned_by":       "who recorded it, for the access log (default: your login name)",

	"cli.central.usage.returned_by":   "--by NAME is required (who recorded the returned letter)",
	"cli.central.state.active":        "active",
	"cli.central.state.revoked":       "revoked %s",
	"cli.central.devices.added":       "Added device %s (%s), number %d of branch %s.",
	"cli.central.devices.token":       "Its token, shown only this once (keep it safe; whoever holds it syncs as this device):",
	"cli.central.devices.revoked":     "Revoked device %s: its token no longer works.",
	"cli.central.devices.not_found":   "no device %s",
	"cli.central.devices.header":      "ID\tNAME\tBRANCH\tNUMBER\tADDED\tLAST SEEN\tSTATE",
	"cli.central.users.added":         "Added %s (%s, branch %s).",
	"cli.central.users.reset":         "Reset the password of %s; it must be changed at the next sign-in.",
	"cli.central.users.not_found":     "no account %s",
	"cli.central.audit.intact":        "Every device's audit chain verifies.",
	"cli.central.audit.broken":        "some device's audit chain is broken",
	"cli.central.audit.header":        "DEVICE\tSEQ\tREASON\tFOUND",
	"cli.central.demo.seeded":         "Demo centre %s seeded with %d members in %s.",
	"cli.central.demo.seeding":        "Seeding the demo centre… %3d%%",
	"cli.central.portal.added":        "Added portal client %s.",
	"cli.central.portal.added_file":   "Added portal client %s; its token is in %s (mode 0600).",
	"cli.central.portal.token":        "Its token, shown only this once (keep it safe; whoever holds it can check PINs):",
	"cli.central.portal.token_file":   "token file",
	"cli.central.portal.revoked":      "Revoked portal client %s: its token no longer works.",
	"cli.central.portal.not_found":    "no active portal client %s",
	"cli.central.portal.header":       "NAME\tADDED\tSTATE",
	"cli.central.letters.none":        "No letter due for %s.",
	"cli.central.letters.wrote":       "Wrote %d letter(s) for %s, batch %s, to:",
	"cli.central.letters.refused":     "Refused %d reissue(s), logged above: member no longer active, address no longer verified, or a record the letter cannot carry (the consoles show it after their next pull).",
	"cli.central.letters.sent":        "Sent %d e-mail(s) %s.",
	"cli.central.letters.via_smtp":    "by SMTP through %s",
	"cli.central.letters.via_maildir": "into the maildir %s",
	"cli.central.letters.returned":    "Recorded the returned letter of member %s: the address is now unverified.",
	"cli.central.backup.done":         "Backed up %s into %s (mode 0600).",
	"cli.central.restore.done":        "Restored %s as the centre's database %s.",
	"cli.central.restore.migrate":     "`guichet-central serve` will migrate it from schema version %d to %d when it starts.",
	"cli.central.pg.run":              "The centre's database is PostgreSQL: use its own tool. Run:",
	"cli.central.pg.note": "Note: the password is not printed: pg_dump and pg_restore read it from PGPASSWORD or ~/.pgpass. " +
		"See docs/OPERATIONS.md (restore into a new database, then point database.path at it; point-in-time recovery).",
	"cli.central.pg.refused": "%s copies SQLite databases only: nothing was done (run the command printed above)",
}
