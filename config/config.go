package config

import (
	"log/slog"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/cnops/guichet/domain"
)

// Config is the validated configuration.
type Config struct {
	DatabasePath        string
	IdleLock            time.Duration
	ResultRows          int
	Language            string              // ui.language: "fr", "en", or "" for the locale's (i18n.Resolve)
	Theme               string              // ui.theme: "auto" (the terminal's background), "light" or "dark"
	Keys                map[string][]string // ui.keys: the actions whose keys were changed (keys.go), canonical
	LockoutFailures     int
	LockoutDuration     time.Duration
	RegistrationPattern string
	ChildMaxAge         int
	StudentMaxAge       int
	Location            *time.Location
	// DocumentsPath is the document store of scans; "" means a folder
	// "documents" next to the database file (see DocumentsDir).
	DocumentsPath string
	ScanMaxMB     int
	// PrintCommand receives a receipt's PDF on its standard input ("" means
	// no printer: receipts are saved in ReceiptDir instead).
	PrintCommand string
	ReceiptDir   string
	// SyncInterval is the time between sync passes when all is well;
	// SyncTimeout bounds each request to the centre. CentralURL, when set,
	// replaces the centre's address recorded at provisioning.
	SyncInterval time.Duration
	SyncTimeout  time.Duration
	CentralURL   string
	// PIN is the reissue policy (Location is filled from time.zone).
	// PINKeyID and PINPublicKey, when set, replace the centre's sealed-box
	// key recorded at provisioning. PortalURL is printed on PIN letters.
	PIN          domain.PINPolicy
	PINKeyID     string
	PINPublicKey string
	PortalURL    string
	// LogFile is the console's structured log (never the terminal, which
	// the console owns); LogLevel the least important level written.
	LogFile  LogFile
	LogLevel slog.Level
	// Retention is how long delivered data stays here (retention.*).
	Retention Retention
	// File is the configuration file that was read, or "" when none.
	File string
}

// DocumentsDir is the document store for a database at dbPath: the
// documents.path key, or a folder "documents" next to the database.
func (c Config) DocumentsDir(dbPath string) string {
	if c.DocumentsPath != "" {
		return c.DocumentsPath
	}
	return filepath.Join(filepath.Dir(dbPath), "documents")
}

// LogPath is the log file for a database at dbPath: log.file, resolved
// beside the database when relative, so the log stays with the data
// whatever the working directory; "" when log.file is empty (no log).
func (c Config) LogPath(dbPath string) string {
	if c.LogFile.Path == "" || filepath.IsAbs(c.LogFile.Path) {
		return c.LogFile.Path
	}
	return filepath.Join(filepath.Dir(dbPath), c.LogFile.Path)
}

// EnvPrefix starts every environment override: GUICHET_UI_IDLE_LOCK.
const EnvPrefix = "GUICHET"

// console is where the console's configuration is found and what it holds.
var console = Spec[Config]{EnvPrefix: EnvPrefix, LocalFile: "guichet.yaml", FileName: "config.yaml",
	Example: "config.example.yaml", Settings: settings, ListMaps: []ListMap[Config]{uiKeys}}

// EnvName returns the environment variable that overrides a key.
func EnvName(key string) string { return console.EnvName(key) }

// Options say where to look and which flags override the file.
type Options struct {
	// File is the --config flag value ("" when not given).
	File string
	// Flags maps a key to the flag that overrides it (e.g. database.path
	// to --db); a flag counts only when it was set.
	Flags map[string]*pflag.Flag
}

// Load reads the console's configuration (see Read: --config,
// $GUICHET_CONFIG, ./guichet.yaml, $XDG_CONFIG_HOME/guichet/config.yaml,
// /etc/guichet/config.yaml, then environment overrides, then flags) and
// validates every key.
func Load(opts Options) (Config, error) {
	c, file, err := Read(console, opts)
	if err != nil {
		return Config{}, err
	}
	c.File = file
	c.PIN.Location = c.Location
	return c, crossCheck(c)
}

func crossCheck(c Config) error {
	if (c.PINKeyID == "") != (c.PINPublicKey == "") {
		return domain.Explain("config.err.pin_key_pair", "configuration keys pin.key_id and pin.public_key: give both or neither")
	}
	if c.StudentMaxAge < c.ChildMaxAge {
		return domain.Explain("config.err.student_age", "configuration key beneficiaries.student_max_age: must not be below beneficiaries.child_max_age")
	}
	return nil
}
