package i18n

// keysEN holds the messages of the centre's PIN keys: `guichet-central
// keys generate`, `keys rotate` and `keys status`.
var keysEN = map[string]string{
	"keys.cmd.short":      "The centre's PIN keys: generate, rotate, status",
	"keys.generate.short": "Write a new HMAC key and sealed-box key pair for PINs (mode 0600) and print how to use them",
	"keys.generate.long": "keys generate writes DIR/%s (the HMAC-SHA-256 key of the PIN verifiers, 32 random\n" +
		"bytes) and DIR/%s (the private key that opens counter PINs), both base64 and mode\n" +
		"0600, refusing to overwrite either. It prints the public key the devices receive at\n" +
		"provisioning and the configuration lines to use. Keep both files out of the database's\n" +
		"backups: a verifier tells nothing without its key. To replace keys in use, see `keys rotate`.",
	"keys.flag.dir":         "folder to write the key files into (created 0700 if absent)",
	"keys.flag.hmac_key_id": "id of the HMAC key (stored with each verifier)",
	"keys.flag.box_key_id":  "id of the sealed-box key (sent with the public key)",
	"keys.generate.wrote":   "Wrote %s (HMAC key %s) and %s (sealed-box key %s), mode 0600.",
	"keys.generate.public":  "Public key %s (every device receives it at provisioning):",
	"keys.config_lines":     "Configuration lines (guichet-central.yaml):",
	"keys.err.dir_required": "--dir is required",
	"keys.err.exists":       "%s already exists: keys are never overwritten (move it away to make new ones)",
	"keys.err.kind":         "--kind must be hmac, box or both (got %q)",
	"keys.err.id_taken":     "key id %s is already configured: give another",
	"keys.err.no_fresh_id":  "no free key id after %s: give one with --hmac-key-id or --box-key-id",
	"keys.err.in_use_missing": "a PIN key still in use is missing from the configuration (%s): " +
		"put it back in pin.previous_hmac_keys or pin.previous_box_keys",

	"keys.rotate.short": "Write new PIN keys with fresh ids beside the old ones and print the configuration that keeps the old ones accepted",
	"keys.rotate.long": "keys rotate replaces the centre's PIN keys without downtime. It writes a new HMAC key\n" +
		"(DIR/hmac-ID.key) and a new sealed-box key pair (DIR/box-ID.key), mode 0600, under fresh\n" +
		"ids (h1 -> h2), never over an existing file, and prints the configuration to use: the\n" +
		"new keys current, the old ones in pin.previous_hmac_keys and pin.previous_box_keys.\n" +
		"Then:\n" +
		"  1. put those lines in guichet-central.yaml;\n" +
		"  2. reload the centre: systemctl reload guichet-central (SIGHUP); a configuration\n" +
		"     that fails is refused and logged, and the keys in use stay;\n" +
		"  3. new PINs get verifiers under the new HMAC key; PINs already issued keep\n" +
		"     verifying with the old one; devices fetch the new public key at their next sync\n" +
		"     (within 10 minutes), and PINs they sealed to the old key still open;\n" +
		"  4. drop a previous key only once `guichet-central keys status` says it can be.\n" +
		"The current keys must load first. --kind renews only one of them.",
	"keys.flag.rotate_dir":      "folder to write the new key files into, beside the old ones (created 0700 if absent)",
	"keys.flag.kind":            "which keys to renew: hmac, box or both",
	"keys.flag.new_hmac_key_id": "id of the new HMAC key (default: the current id counted up, h1 -> h2)",
	"keys.flag.new_box_key_id":  "id of the new sealed-box key (default: the current id counted up, b1 -> b2)",
	"keys.rotate.wrote_hmac":    "Wrote %s (new HMAC key %s), mode 0600.",
	"keys.rotate.wrote_box":     "Wrote %s (new sealed-box key %s), mode 0600.",
	"keys.rotate.saved_env": "The current HMAC key came from pin.hmac_key: it is saved to %s (mode 0600) to stay " +
		"accepted as a previous key. Remove pin.hmac_key (GUICHET_CENTRAL_PIN_HMAC_KEY) from the configuration.",
	"keys.rotate.public": "New public key %s (devices fetch it at their next sync):",
	"keys.rotate.next": "Then reload the centre without stopping it: systemctl reload guichet-central (or kill -HUP). " +
		"Keep each previous key until `guichet-central keys status` says it can be dropped.",

	"keys.status.short": "Which PIN keys are configured and what still uses each (when a previous key can be dropped)",
	"keys.status.long": "keys status lists the PIN keys the configuration names, current and previous, and what\n" +
		"still needs each: for an HMAC key, the live PIN verifiers made with it (active, not\n" +
		"expired); for a sealed-box key, the active devices whose last fetched key it is (they\n" +
		"may still seal PINs to it offline). A previous key can be dropped when nothing needs it.\n" +
		"A key still in use but missing from the configuration is listed too, and the command\n" +
		"then fails (exit 1).",
	"keys.status.header":      "KIND\tID\tROLE\tIN USE BY\tDROP",
	"keys.kind.hmac":          "HMAC (verifiers)",
	"keys.kind.box":           "sealed box",
	"keys.role.current":       "current",
	"keys.role.previous":      "previous",
	"keys.role.missing":       "MISSING",
	"keys.use.verifiers":      "live verifiers: %d",
	"keys.use.devices":        "devices: %d",
	"keys.drop.yes":           "can be dropped",
	"keys.drop.keep":          "keep",
	"keys.status.unconfirmed": "%d active devices have not fetched the key since the centre began recording it: keep the previous sealed-box keys until they sync.",
}
