package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the validated configuration.
type Config struct {
	DatabasePath        string
	IdleLock            time.Duration
	ResultRows          int
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

// EnvPrefix starts every environment override: GUICHET_UI_IDLE_LOCK.
const EnvPrefix = "GUICHET"

// EnvName returns the environment variable that overrides a key.
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Options say where to look and which flags override the file.
type Options struct {
	// File is the --config flag value ("" when not given).
	File string
	// Flags maps a key to the flag that overrides it (e.g. database.path
	// to --db); a flag counts only when it was set.
	Flags map[string]*pflag.Flag
}

// Load reads the first configuration file found (--config, $GUICHET_CONFIG,
// ./guichet.yaml, $XDG_CONFIG_HOME/guichet/config.yaml,
// /etc/guichet/config.yaml), then environment overrides, then flags, and
// validates every key.
func Load(opts Options) (Config, error) {
	v := viper.New()
	file, err := findFile(opts.File)
	if err != nil {
		return Config{}, err
	}
	if file != "" {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
		if err := rejectUnknownKeys(v.AllKeys(), file); err != nil {
			return Config{}, err
		}
	}
	for _, s := range settings {
		// Bound one by one: viper ignores environment keys it was not told of.
		if err := v.BindEnv(s.key, EnvName(s.key)); err != nil {
			return Config{}, err
		}
		if f := opts.Flags[s.key]; f != nil {
			if err := v.BindPFlag(s.key, f); err != nil {
				return Config{}, err
			}
		}
	}
	c := Config{File: file}
	for _, s := range settings {
		raw := s.def
		if v.IsSet(s.key) {
			raw = strings.TrimSpace(v.GetString(s.key))
		}
		if err := s.apply(&c, raw); err != nil {
			return Config{}, fmt.Errorf("configuration key %s (%s): %w", s.key, source(v, s.key, file), err)
		}
	}
	return c, crossCheck(c)
}

func findFile(flag string) (string, error) {
	for _, explicit := range []string{flag, os.Getenv("GUICHET_CONFIG")} {
		if explicit == "" {
			continue
		}
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("config file %s: %w", explicit, err)
		}
		return explicit, nil
	}
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		if home, err := os.UserHomeDir(); err == nil {
			xdg = filepath.Join(home, ".config")
		}
	}
	candidates := []string{"guichet.yaml", "/etc/guichet/config.yaml"}
	if xdg != "" {
		candidates = []string{"guichet.yaml", filepath.Join(xdg, "guichet", "config.yaml"), "/etc/guichet/config.yaml"}
	}
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c, nil
		}
	}
	return "", nil
}

func rejectUnknownKeys(keys []string, file string) error {
	known := map[string]bool{}
	for _, s := range settings {
		known[s.key] = true
	}
	var unknown []string
	for _, k := range keys {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("config file %s: unknown key %s (config.example.yaml lists every key)", file, strings.Join(unknown, ", "))
}

// source says where a key's value came from, for error messages.
func source(v *viper.Viper, key, file string) string {
	if _, ok := os.LookupEnv(EnvName(key)); ok {
		return "from " + EnvName(key)
	}
	if v.InConfig(key) {
		return "in " + file
	}
	if v.IsSet(key) {
		return "from a flag"
	}
	return "default"
}

func crossCheck(c Config) error {
	if c.StudentMaxAge < c.ChildMaxAge {
		return errors.New("configuration key beneficiaries.student_max_age: must not be below beneficiaries.child_max_age")
	}
	return nil
}
