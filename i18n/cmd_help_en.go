package i18n

// cmdHelpEN holds the console's command-line help (package cmd/guichet):
// each command's summary, description and examples, and its flags.
var cmdHelpEN = map[string]string{
	"cli.help.root": "Counter console of the CNOPS mutual societies",
	"cli.help.root.long": "Guichet looks members up, shows their file and records counter work, offline first.\n" +
		"Without a subcommand it starts the console on the configured database.",
	"cli.help.init": "Create the database, give this device its id and create the first admin",
	"cli.help.init.long": "init creates the database file (mode 0600) if needed, gives the device its id and creates\n" +
		"the first admin account. The password comes from --password-stdin or a no-echo prompt.\n" +
		"It refuses a database that already has accounts.",
	"cli.help.passwd": "Change your own password",
	"cli.help.passwd.long": "passwd changes the password of --user (any role). The new password comes from\n" +
		"--password-stdin (or a no-echo prompt, typed twice); the current one then comes from\n" +
		"GUICHET_PASSWORD (or a no-echo prompt). The new password must differ from the current one.\n" +
		"After a reset it is the one command that works until the password is changed. On a\n" +
		"provisioned console the new password works here at once and reaches the centre at the next sync.",
	"cli.help.users": "Manage this console's accounts (admins; supervisors may unlock)",
	"cli.help.users.long": "users manages the accounts of a standalone console (admins only). Once the console is\n" +
		"provisioned, the centre owns its accounts: add, disable and reset-password then say so, while\n" +
		"list and unlock (lockout counters live on each device) still work.",
	"cli.help.users.add": "Create an account; its password comes from --password-stdin or a prompt",
	"cli.help.users.add.long": "users add creates an account. The new account's password comes from --password-stdin\n" +
		"(or a no-echo prompt); the acting admin's password then comes from GUICHET_PASSWORD.",
	"cli.help.users.list":           "List the accounts",
	"cli.help.users.disable":        "Disable an account (admin; not your own)",
	"cli.help.users.unlock":         "Clear an account's failed sign-ins on this device (supervisor or admin)",
	"cli.help.users.reset_password": "Give an account a new password that its owner must change at the next sign-in",
	"cli.help.users.reset_password.long": "users reset-password sets a new password for USERNAME, read from --password-stdin (or a\n" +
		"no-echo prompt); the acting admin's password then comes from GUICHET_PASSWORD. The owner\n" +
		"must choose another one at the next sign-in (guichet passwd, or the console asks).",
	"cli.help.branches":       "The branch offices this console knows",
	"cli.help.branches.add":   "Record a branch office (admin; standalone consoles only)",
	"cli.help.branches.list":  "List the branches",
	"cli.help.audit":          "The device's audit hash chain",
	"cli.help.audit.verify":   "Check the whole chain; name the first broken entry and exit 3 if there is one",
	"cli.help.members":        "Look members up (agents and supervisors)",
	"cli.help.members.show":   "Show a member's file, found by registration number, CIN, PPR or phone",
	"cli.help.members.search": "Search members by name (Latin or Arabic), with filters, or by any identifier",
	"cli.help.members.search.long": "search runs the console's query box: a registration number, CIN, PPR or phone number, or\n" +
		"name words in either script in any order, with filters for homonyms typed alongside:\n" +
		"a birth year or date, a city, a society code.",
	"cli.help.members.search.example": "  # a name, narrowed by a birth year and a city\n" +
		"  guichet members search \"alaoui mohamed 1961 rabat\" --user agent\n" +
		"  # a CIN, as JSON\n" +
		"  guichet members search A123456 --user agent --json",
	"cli.help.address":         "Address changes: record with evidence, approve or reject (four eyes), list, export",
	"cli.help.address.request": "Record an address change with its evidence (agents and supervisors) and print its receipt",
	"cli.help.address.request.long": `request records an address change for the member REGNO (a registration number, or
another identifier that finds exactly one member), with the evidence seen at the counter.
A supervisor other than the requester must then approve it: only an approved address is verified.

The new address and the evidence come from flags, or as the same fields in one JSON object
with --from-json FILE ("-" reads standard input; with --password-stdin, the password line
comes first). The object is read strictly: unknown or repeated fields and anything after the
object are refused, and it may not exceed 64 KiB:

  {
    "line1": "12 rue Oued Fès",          required
    "line2": "Appartement 3",
    "quarter": "Agdal",
    "city": "Rabat",                     required
    "postal_code": "10090",              required, 5 digits
    "province": "Rabat",
    "line_ar": "١٢ زنقة واد فاس",
    "cin_copy": "A123456",               the CIN read off the copy (must be the member's)
    "registration_card_copy": true,
    "form_number": "F-2024-118",         the signed form's number
    "scans": ["scans/cin.pdf"]           PDF, JPEG or PNG; paths relative to the working folder
  }

A postal code that does not fit a listed city is a warning: the command prints it and stores
nothing unless --confirm-warnings is given. Missing evidence needs a supervisor's exception:
--override-by USER with that user's password in GUICHET_OVERRIDE_PASSWORD, and --override-reason.

On success it prints the request's reference and produces the member's receipt (PDF): sent to
printing.command when it is set, otherwise saved in printing.save_dir as <reference>.pdf.`,
	"cli.help.address.request.example": "  guichet address request 100234567 --user agent --line1 \"12 rue Oued Fès\" \\\n" +
		"    --city Rabat --postal-code 10090 --cin-copy A123456 --registration-card-copy --form-number F-2024-118\n" +
		"  # the same fields as one JSON object\n" +
		"  guichet address request 100234567 --user agent --from-json request.json",
	"cli.help.address.approve": "Approve a pending request (supervisors; never your own): the new address becomes current and verified",
	"cli.help.address.reject":  "Reject a pending request with a reason (supervisors; never your own)",
	"cli.help.address.cancel":  "Withdraw a pending request you recorded",
	"cli.help.address.list":    "List address-change requests, oldest first (by state, member, or your own)",
	"cli.help.address.show":    "Show a request: the current and the requested address side by side, the evidence and the history",
	"cli.help.address.export":  "Export the requests decided between two days, inclusive, as CSV (supervisors)",
	"cli.help.address.export.long": "export writes the approved and rejected requests decided from 00:00 on --from to the end of\n" +
		"--to (days in the members' time zone, time.zone) as CSV on standard output, with a header row:\n" +
		"  %s\n" +
		"Times are RFC 3339 in the members' time zone. The CIN is never exported; a cell starting\n" +
		"with = + - @ gets a leading ' so that a spreadsheet shows it as text, never runs it.",
	"cli.help.pin":         "Temporary PINs for the members' portal: reissue (post, e-mail or counter letter), history",
	"cli.help.pin.reissue": "Reissue a member's temporary PIN (agents and supervisors); the PIN is never shown",
	"cli.help.pin.reissue.long": `reissue reissues the temporary PIN of the member REGNO (a registration number, or another
identifier that finds exactly one member) on one channel:

  post     the centre prints the letter in its next batch, to the member's verified address
  email    the centre e-mails it; students with a declared e-mail only
  counter  the letter is printed here (printing.command) or saved with --save FILE (a new file,
           mode 0600, in an existing folder), to hand over after checking the member's CIN;
           the PIN is sent to the centre only once the letter is out, sealed to the centre's key

The PIN is never shown. Within pin.cooling_off after an address change, a supervisor other than
you must consent: --override-by USER with that user's password in GUICHET_OVERRIDE_PASSWORD,
and --override-reason TEXT.`,
	"cli.help.pin.history": "Show a member's PIN reissues, which channels are open now, and the limit (never a PIN)",
	"cli.help.demo":        "Run a demo centre on loopback and the console provisioned from it, under ./var/demo",
	"cli.help.demo.long": "demo seeds a demo centre (var/demo/central.db) the first time, serves it on a loopback port\n" +
		"for as long as the console runs, provisions the demo console (var/demo/guichet.db) from it\n" +
		"as a device of the first demo branch, and starts the console with sync running.",
	"cli.help.demo.seed": "Seed a new (or demo) database with a realistic synthetic population and the demo accounts",
	"cli.help.sync":      "Run one sync pass with the centre: deliver the outbox, ship the audit chain, pull the feed",
	"cli.help.sync.long": "sync runs one pass on the configured database and prints what it did. It needs no account:\n" +
		"the device token recorded by `guichet provision` is the credential. It exits with 1 when\n" +
		"anything failed or the centre set an entry aside in this pass (see the Sync screen).",
	"cli.help.provision": "Link a new database to the centre with a device token and pull its branch's data",
	"cli.help.provision.long": "provision creates the database (mode 0600) and links it to the centre: it records the\n" +
		"centre's address, the device token (made by `guichet-central devices add`, read from a file\n" +
		"that only its owner may read), the device's id, branch and number, and the centre's key for\n" +
		"sealed PINs; then it pulls the whole scope (branches, accounts, members, requests). It needs\n" +
		"no account. An interrupted provisioning is resumed by running the same command again; any\n" +
		"other database in use is refused.",
	"cli.help.provision.example": "  guichet provision --central https://centre.example:8443 --token-file device.token",
	"cli.help.doctor":            "Check this console: configuration, database, disk, encryption, centre, token, outbox, audit chain",
	"cli.help.doctor.long": "doctor checks the configuration, the database (PRAGMA integrity_check, or quick_check above\n" +
		"1 GiB unless --full; the schema version against this program's), the free disk space and\n" +
		"whether the disk is encrypted (Linux: dm-crypt/LUKS; elsewhere \"unknown\"), then the centre:\n" +
		"reachability, TLS certificate, clock skew and the device token, and the outbox and the audit\n" +
		"chain. It writes nothing and needs no account; offline, the centre's checks warn.\n" +
		"Exit code: 0 all ok, 1 any check failed, 4 warnings only (\"unknown\" changes nothing).",
	"cli.help.backup": "Copy the console's database into a new file, while the console runs, and print its SHA-256",
	"cli.help.backup.long": "backup writes one consistent copy of the database (database.path) into FILE, a new file of\n" +
		"mode 0600 (it never overwrites one), while the console goes on working: SQLite's VACUUM INTO\n" +
		"reads one snapshot and does not hold up the writer. The copy is synced to disk and checked\n" +
		"(PRAGMA integrity_check, schema version) before the command prints its SHA-256. It holds the\n" +
		"outbox: entries not yet delivered to the centre travel with it. Scans are files in the\n" +
		"document store (documents.path): copy that folder too.",
	"cli.help.restore": "Put a backup in place as the console's database; --force first moves the current one aside",
	"cli.help.restore.long": "restore checks FILE (a copy made by `guichet backup`: a console database whose schema this\n" +
		"program knows, PRAGMA integrity_check) and puts it in place as database.path. When a database\n" +
		"is already there it refuses, unless --force: the current database (and its -wal and -shm) is\n" +
		"then renamed to PATH.before-restore-TIMESTAMP and kept; the console must not be running.\n" +
		"The backup's outbox comes back with it: its undelivered entries are sent at the next sync, and\n" +
		"an entry the centre already applied (delivered after the backup) is answered as a duplicate\n" +
		"by its idempotency key, never applied twice. restore says what the database moved aside\n" +
		"holds that the backup lacks.",

	"cli.flag.config":                      "configuration file (default: see config.example.yaml)",
	"cli.flag.db":                          "database file (overrides database.path)",
	"cli.flag.user":                        "act as this user (password from --password-stdin or GUICHET_PASSWORD)",
	"cli.flag.password_stdin":              "read the password from standard input",
	"cli.flag.admin_user":                  "act as this admin (password from GUICHET_PASSWORD)",
	"cli.flag.passwd_user":                 "the account whose password changes (current password from GUICHET_PASSWORD)",
	"cli.flag.init_username":               "the first admin's username",
	"cli.flag.init_name":                   "the first admin's display name",
	"cli.flag.user_name":                   "display name (required)",
	"cli.flag.user_branch":                 "branch code (agents and supervisors)",
	"cli.flag.search_limit":                "most rows to show (default and ceiling: ui.result_rows)",
	"cli.flag.line1":                       "address line 1 (required)",
	"cli.flag.line2":                       "address line 2",
	"cli.flag.quarter":                     "quarter (quartier)",
	"cli.flag.city":                        "city (required)",
	"cli.flag.postal_code":                 "5-digit postal code (required)",
	"cli.flag.province":                    "province or prefecture",
	"cli.flag.line_ar":                     "the address in Arabic script, one line",
	"cli.flag.cin_copy":                    "a copy of the CIN was seen: the CIN number read off the copy",
	"cli.flag.registration_card_copy":      "a copy of the registration card was seen",
	"cli.flag.form_number":                 "the signed address-change form was seen: its number",
	"cli.flag.scan":                        "a scanned document to keep (PDF, JPEG or PNG; repeatable)",
	"cli.flag.from_json":                   "read the address and evidence from this JSON file (- for standard input)",
	"cli.flag.confirm_warnings":            "confirm the address warnings (a postal code that does not fit the city)",
	"cli.flag.no_receipt":                  "do not print or save the member's receipt",
	"cli.flag.override_by.exception":       "a supervisor granting an exception for missing evidence (password in GUICHET_OVERRIDE_PASSWORD)",
	"cli.flag.override_reason.exception":   "why the missing evidence is accepted",
	"cli.flag.override_by.cooling_off":     "a supervisor consenting during the cooling-off (password in GUICHET_OVERRIDE_PASSWORD)",
	"cli.flag.override_reason.cooling_off": "why the reissue cannot wait for the end of the cooling-off",
	"cli.flag.reject_reason":               "why the request is rejected (required)",
	"cli.flag.state":                       "pending, approved, rejected or cancelled",
	"cli.flag.member":                      "only this member's requests (registration number)",
	"cli.flag.mine":                        "only the requests you recorded",
	"cli.flag.list_limit":                  "most requests to list, oldest first (default 1000, at most %d)",
	"cli.flag.export_from":                 "first day, YYYY-MM-DD (required)",
	"cli.flag.export_to":                   "last day, inclusive, YYYY-MM-DD (required)",
	"cli.flag.export_format":               "output format: csv",
	"cli.flag.channel":                     "post, counter or email (required)",
	"cli.flag.save":                        "counter: save the letter's PDF to this new file instead of printing it",
	"cli.flag.central":                     "the centre's address, e.g. https://centre.example:8443",
	"cli.flag.token_file":                  "file holding the device token (mode 0600)",
	"cli.flag.doctor_full":                 "run integrity_check however large the database (slower)",
	"cli.flag.doctor_timeout":              "bound on each request to the centre",
	"cli.flag.doctor_min_free":             "warn below this much free disk space (MiB)",
	"cli.flag.restore_force":               "move the current database aside (kept, renamed) instead of refusing",
}
