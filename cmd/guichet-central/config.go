package main

import (
	"log/slog"
	"net"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/pflag"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
)

// centralConfig is the centre's validated configuration.
type centralConfig struct {
	// DatabasePath may be a postgres:// URL instead of the SQLite file
	// (see openStorage): the pool's size and statement timeout apply to
	// PostgreSQL only.
	DatabaseMaxConns         int
	DatabaseStatementTimeout time.Duration

	DatabasePath string
	Listen       string
	TLSCert      string
	TLSKey       string
	MaxInFlight  int
	// MetricsListen is where `serve` answers GET /metrics, apart from the
	// API; "" serves no metrics.
	MetricsListen string
	// DocumentsPath is where scans are kept; "" means a folder "documents"
	// beside the database (see DocumentsDir).
	DocumentsPath       string
	DocumentMaxMB       int
	RegistrationPattern string
	// Language is ui.language: "fr", "en", or "" for the locale's (the
	// operator's messages and help; logs stay English).
	Language  string
	LogLevel  slog.Level
	LogFormat string
	LogFile   config.LogFile
	Location  *time.Location
	// PIN is the reissue policy (as the consoles'). The HMAC key of PIN
	// verifiers comes from pin.hmac_key (best set by the environment,
	// GUICHET_CENTRAL_PIN_HMAC_KEY) or pin.hmac_key_file, never from the
	// database; BoxKeyFile holds the sealed-box private key of counter PINs.
	PIN         domain.PINPolicy
	HMACKey     string
	HMACKeyFile string
	HMACKeyID   string
	BoxKeyFile  string
	BoxKeyID    string
	// PreviousHMACKeys and PreviousBoxKeys are retired keys still
	// accepted (see loadPINKeys and `keys rotate`).
	PreviousHMACKeys []keyFile
	PreviousBoxKeys  []keyFile
	// LettersDir receives the post letter batches ("" = "letters" beside
	// the database); PortalURL is printed on letters and e-mails.
	LettersDir string
	PortalURL  string
	// Mail: SMTP when SMTPHost is set, otherwise a maildir spool
	// (MailSpool, "" = "mail-spool" beside the database).
	SMTPHost     string
	SMTPPort     int
	SMTPUsername string
	SMTPPassword string
	MailFrom     string
	MailSpool    string
	MailInterval time.Duration
	// File is the configuration file read, or "" when none.
	File string
}

// DocumentsDir is the scans' folder: documents.path, or "documents" beside
// the database file.
func (c centralConfig) DocumentsDir() string { return c.besideDatabase(c.DocumentsPath, "documents") }

// LettersFolder is where post letter batches are written.
func (c centralConfig) LettersFolder() string { return c.besideDatabase(c.LettersDir, "letters") }

// MailSpoolDir is the maildir that receives e-mails when no SMTP host is set.
func (c centralConfig) MailSpoolDir() string { return c.besideDatabase(c.MailSpool, "mail-spool") }

// centralSpec is where the centre's configuration is found
// (--config, $GUICHET_CENTRAL_CONFIG, ./guichet-central.yaml,
// $XDG_CONFIG_HOME/guichet/central.yaml, /etc/guichet/central.yaml) and
// what it holds; GUICHET_CENTRAL_<SECTION>_<KEY> overrides a key.
var centralSpec = config.Spec[centralConfig]{EnvPrefix: "GUICHET_CENTRAL", LocalFile: "guichet-central.yaml",
	FileName: "central.yaml", Example: "guichet-central.example.yaml", Settings: append(settings, pinAndLetterSettings...)}

// settings lists every key; guichet-central.example.yaml documents each
// one (a test keeps them in step).
var settings = append([]config.Setting[centralConfig]{
	{Key: "database.path", Def: "guichet-central.db", Apply: func(c *centralConfig, raw string) error {
		if raw == "" {
			return domain.Explain("config.err.centre_db", "must name a file or a postgres:// URL")
		}
		c.DatabasePath = raw
		return config.PlainText(raw)
	}},
	{Key: "database.max_conns", Def: strconv.Itoa(postgres.DefaultMaxConns), Apply: config.IntIn(func(c *centralConfig) *int { return &c.DatabaseMaxConns }, 1, 1000)},
	{Key: "database.statement_timeout", Def: postgres.DefaultStatementTimeout.String(), Apply: config.DurationIn(func(c *centralConfig) *time.Duration { return &c.DatabaseStatementTimeout }, time.Second, time.Hour)},
	{Key: "server.listen", Def: "127.0.0.1:8443", Apply: func(c *centralConfig, raw string) error {
		c.Listen = raw
		return hostPort(raw, "127.0.0.1:8443 or :8443")
	}},
	{Key: "server.metrics_listen", Def: "127.0.0.1:9464", Apply: func(c *centralConfig, raw string) error {
		// "off" says none where an empty value cannot be given (the
		// environment's empty variables count as unset).
		if raw == "" || raw == "off" {
			c.MetricsListen = ""
			return nil
		}
		c.MetricsListen = raw
		return hostPort(raw, "127.0.0.1:9464, or empty or off for none")
	}},
	{Key: "server.tls_cert", Def: "", Apply: func(c *centralConfig, raw string) error { c.TLSCert = raw; return config.PlainText(raw) }},
	{Key: "server.tls_key", Def: "", Apply: func(c *centralConfig, raw string) error { c.TLSKey = raw; return config.PlainText(raw) }},
	{Key: "server.max_in_flight", Def: "64", Apply: config.IntIn(func(c *centralConfig) *int { return &c.MaxInFlight }, 1, 10000)},
	{Key: "documents.path", Def: "", Apply: func(c *centralConfig, raw string) error { c.DocumentsPath = raw; return config.PlainText(raw) }},
	{Key: "documents.max_mb", Def: "10", Apply: config.IntIn(func(c *centralConfig) *int { return &c.DocumentMaxMB }, 1, 100)},
	{Key: "members.registration_pattern", Def: central.DefaultRegNoPattern, Apply: config.RegNoPattern(func(c *centralConfig) *string { return &c.RegistrationPattern })},
	{Key: "ui.language", Def: "", Apply: func(c *centralConfig, raw string) error {
		if raw != "" && raw != "fr" && raw != "en" {
			return domain.Explain("config.err.language", "must be fr, en, or empty for the locale's language (got %q)", raw)
		}
		c.Language = raw
		return nil
	}},
	{Key: "log.format", Def: "json", Apply: func(c *centralConfig, raw string) error {
		if raw != "json" && raw != "text" {
			return domain.Explain("config.err.log_format", "must be json or text (got %q)", raw)
		}
		c.LogFormat = raw
		return nil
	}},
	// log.file: "" is standard error (journald under systemd); only serve
	// writes there (see logDestination).
}, config.LogSettings(func(c *centralConfig) *config.LogFile { return &c.LogFile },
	func(c *centralConfig) *slog.Level { return &c.LogLevel }, "")...)

// pinAndLetterSettings are the keys of temporary PINs, letters and mail.
var pinAndLetterSettings = append([]config.Setting[centralConfig]{
	{Key: "time.zone", Def: "Africa/Casablanca", Apply: config.TimeZone(func(c *centralConfig) **time.Location { return &c.Location })},
	{Key: "pin.hmac_key", Def: "", Apply: func(c *centralConfig, raw string) error { c.HMACKey = raw; return nil }},
	{Key: "pin.hmac_key_file", Def: "", Apply: func(c *centralConfig, raw string) error { c.HMACKeyFile = raw; return config.PlainText(raw) }},
	{Key: "pin.hmac_key_id", Def: "h1", Apply: keyID(func(c *centralConfig) *string { return &c.HMACKeyID })},
	{Key: "pin.box_key_file", Def: "", Apply: func(c *centralConfig, raw string) error { c.BoxKeyFile = raw; return config.PlainText(raw) }},
	{Key: "pin.box_key_id", Def: "b1", Apply: keyID(func(c *centralConfig) *string { return &c.BoxKeyID })},
	{Key: "pin.previous_hmac_keys", Def: "", Apply: keyFiles(func(c *centralConfig) *[]keyFile { return &c.PreviousHMACKeys })},
	{Key: "pin.previous_box_keys", Def: "", Apply: keyFiles(func(c *centralConfig) *[]keyFile { return &c.PreviousBoxKeys })},
	{Key: "letters.dir", Def: "", Apply: func(c *centralConfig, raw string) error { c.LettersDir = raw; return config.PlainText(raw) }},
	{Key: "letters.portal_url", Def: config.DefaultPortalURL, Apply: config.PortalURL(func(c *centralConfig) *string { return &c.PortalURL })},
	{Key: "mail.smtp_host", Def: "", Apply: func(c *centralConfig, raw string) error { c.SMTPHost = raw; return config.PlainText(raw) }},
	{Key: "mail.smtp_port", Def: "587", Apply: config.IntIn(func(c *centralConfig) *int { return &c.SMTPPort }, 1, 65535)},
	{Key: "mail.smtp_username", Def: "", Apply: func(c *centralConfig, raw string) error { c.SMTPUsername = raw; return config.PlainText(raw) }},
	{Key: "mail.smtp_password", Def: "", Apply: func(c *centralConfig, raw string) error { c.SMTPPassword = raw; return nil }},
	{Key: "mail.from", Def: "ne-pas-repondre@cnops.ma", Apply: func(c *centralConfig, raw string) error {
		if a, err := mail.ParseAddress(raw); err != nil || a.Address != raw {
			return domain.Explain("config.err.email", "must be an e-mail address (got %q)", raw)
		}
		c.MailFrom = raw
		return nil
	}},
	{Key: "mail.spool", Def: "", Apply: func(c *centralConfig, raw string) error { c.MailSpool = raw; return config.PlainText(raw) }},
	{Key: "mail.interval", Def: "1m", Apply: config.DurationIn(func(c *centralConfig) *time.Duration { return &c.MailInterval }, 5*time.Second, 24*time.Hour)},
}, config.PINSettings(func(c *centralConfig) *domain.PINPolicy { return &c.PIN })...)

// hostPort checks a listening address, HOST:PORT.
func hostPort(raw, example string) error {
	host, port, err := net.SplitHostPort(raw)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 ||
		strings.ContainsFunc(host, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return domain.Explain("config.err.host_port", "must be HOST:PORT, such as %s (got %q)", example, raw)
	}
	return nil
}

// keyID reads a key's id: letters, digits, dots, dashes and underscores.
func keyID(field func(*centralConfig) *string) func(*centralConfig, string) error {
	return func(c *centralConfig, raw string) error {
		if err := checkKeyID(raw); err != nil {
			return err
		}
		*field(c) = raw
		return nil
	}
}

// checkKeyID says whether raw can name a key: 1 to 32 letters, digits,
// dots, dashes or underscores.
func checkKeyID(raw string) error {
	if raw == "" || len(raw) > 32 || strings.Trim(raw, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
		return domain.Explain("config.err.key_id", "must be 1 to 32 letters, digits, dots, dashes or underscores (got %q)", raw)
	}
	return nil
}

// besideDatabase is dir, or name in the database's folder when dir is ""
// (in the working directory for a PostgreSQL database).
func (c centralConfig) besideDatabase(dir, name string) string {
	switch {
	case dir != "":
		return dir
	case postgres.IsDSN(c.DatabasePath):
		return name
	}
	return filepath.Join(filepath.Dir(c.DatabasePath), name)
}

// DatabaseLabel is the database as logs and messages name it: the file,
// or the URL without its password.
func (c centralConfig) DatabaseLabel() string {
	if postgres.IsDSN(c.DatabasePath) {
		return postgres.Redact(c.DatabasePath)
	}
	return c.DatabasePath
}

// loadConfig reads the centre's configuration (see centralSpec), the
// flags that were set last, and validates every key.
func loadConfig(file string, flags map[string]*pflag.Flag) (centralConfig, error) {
	c, found, err := config.Read(centralSpec, config.Options{File: file, Flags: flags})
	if err != nil {
		return centralConfig{}, err
	}
	c.File = found
	c.PIN.Location = c.Location
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return centralConfig{}, domain.Explain("config.err.tls_pair", "configuration keys server.tls_cert and server.tls_key: give both (HTTPS) or neither (plain HTTP)")
	}
	return c, nil
}
