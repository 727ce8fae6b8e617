package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/cnops/guichet/central"
)

// centralConfig is the centre's validated configuration.
type centralConfig struct {
	DatabasePath string
	Listen       string
	TLSCert      string
	TLSKey       string
	MaxInFlight  int
	// DocumentsPath is where scans are kept; "" means a folder "documents"
	// beside the database (see DocumentsDir).
	DocumentsPath       string
	DocumentMaxMB       int
	RegistrationPattern string
	LogLevel            slog.Level
	LogFormat           string
	// File is the configuration file read, or "" when none.
	File string
}

// DocumentsDir is the scans' folder: documents.path, or "documents" beside
// the database file.
func (c centralConfig) DocumentsDir() string {
	if c.DocumentsPath != "" {
		return c.DocumentsPath
	}
	return filepath.Join(filepath.Dir(c.DatabasePath), "documents")
}

// envPrefix starts every environment override: GUICHET_CENTRAL_SERVER_LISTEN.
const envPrefix = "GUICHET_CENTRAL"

func envName(key string) string {
	return envPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// setting is one configuration key, its default and how to read it.
type setting struct {
	key   string
	def   string
	apply func(c *centralConfig, raw string) error
}

// settings lists every key; guichet-central.example.yaml documents each
// one (a test keeps them in step).
var settings = []setting{
	{"database.path", "guichet-central.db", func(c *centralConfig, raw string) error {
		c.DatabasePath = raw
		return pathLike(raw, true)
	}},
	{"server.listen", "127.0.0.1:8443", func(c *centralConfig, raw string) error {
		host, port, err := net.SplitHostPort(raw)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 || strings.ContainsAny(host, " \t") {
			return fmt.Errorf("must be HOST:PORT, such as 127.0.0.1:8443 or :8443 (got %q)", raw)
		}
		c.Listen = raw
		return nil
	}},
	{"server.tls_cert", "", func(c *centralConfig, raw string) error { c.TLSCert = raw; return pathLike(raw, false) }},
	{"server.tls_key", "", func(c *centralConfig, raw string) error { c.TLSKey = raw; return pathLike(raw, false) }},
	{"server.max_in_flight", "64", intIn(func(c *centralConfig) *int { return &c.MaxInFlight }, 1, 10000)},
	{"documents.path", "", func(c *centralConfig, raw string) error { c.DocumentsPath = raw; return pathLike(raw, false) }},
	{"documents.max_mb", "10", intIn(func(c *centralConfig) *int { return &c.DocumentMaxMB }, 1, 100)},
	{"members.registration_pattern", central.DefaultRegNoPattern, func(c *centralConfig, raw string) error {
		if _, err := regexp.Compile(raw); err != nil || raw == "" {
			return fmt.Errorf("must be a regular expression of digits, such as [0-9]{6,12} (got %q)", raw)
		}
		c.RegistrationPattern = raw
		return nil
	}},
	{"log.level", "info", func(c *centralConfig, raw string) error {
		level, ok := logLevels[strings.ToLower(raw)]
		if !ok {
			return fmt.Errorf("must be debug, info, warn or error (got %q)", raw)
		}
		c.LogLevel = level
		return nil
	}},
	{"log.format", "json", func(c *centralConfig, raw string) error {
		if raw != "json" && raw != "text" {
			return fmt.Errorf("must be json or text (got %q)", raw)
		}
		c.LogFormat = raw
		return nil
	}},
}

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError,
}

// pathLike refuses control characters in a file name (they only hide what
// is really opened) and, when required, an empty one.
func pathLike(raw string, required bool) error {
	if required && raw == "" {
		return errors.New("must name a file")
	}
	for _, r := range raw {
		if unicode.IsControl(r) {
			return fmt.Errorf("must not contain control characters (got %q)", raw)
		}
	}
	return nil
}

func intIn(field func(*centralConfig) *int, lo, hi int) func(*centralConfig, string) error {
	return func(c *centralConfig, raw string) error {
		n, err := strconv.Atoi(raw)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("must be a whole number from %d to %d (got %q)", lo, hi, raw)
		}
		*field(c) = n
		return nil
	}
}

// loadConfig reads the first configuration file found (--config,
// $GUICHET_CENTRAL_CONFIG, ./guichet-central.yaml,
// $XDG_CONFIG_HOME/guichet/central.yaml, /etc/guichet/central.yaml), then
// the GUICHET_CENTRAL_<SECTION>_<KEY> overrides, then the flags that were
// set, and validates every key.
func loadConfig(file string, flags map[string]*pflag.Flag) (centralConfig, error) {
	v := viper.New()
	found, err := findConfigFile(file)
	if err != nil {
		return centralConfig{}, err
	}
	if found != "" {
		v.SetConfigFile(found)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return centralConfig{}, fmt.Errorf("config file %s: %w", found, err)
		}
		if err := rejectUnknownKeys(v.AllKeys(), found); err != nil {
			return centralConfig{}, err
		}
	}
	for _, s := range settings {
		// Bound one by one: viper ignores environment keys it was not told of.
		if err := v.BindEnv(s.key, envName(s.key)); err != nil {
			return centralConfig{}, err
		}
		if f := flags[s.key]; f != nil {
			if err := v.BindPFlag(s.key, f); err != nil {
				return centralConfig{}, err
			}
		}
	}
	c := centralConfig{File: found}
	for _, s := range settings {
		raw := s.def
		if v.IsSet(s.key) {
			raw = strings.TrimSpace(v.GetString(s.key))
		}
		if err := s.apply(&c, raw); err != nil {
			return centralConfig{}, fmt.Errorf("configuration key %s (%s): %w", s.key, source(v, s.key, found), err)
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return centralConfig{}, errors.New("configuration keys server.tls_cert and server.tls_key: give both (HTTPS) or neither (plain HTTP)")
	}
	return c, nil
}

func findConfigFile(flag string) (string, error) {
	for _, explicit := range []string{flag, os.Getenv(envPrefix + "_CONFIG")} {
		if explicit == "" {
			continue
		}
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("config file %s: %w", explicit, err)
		}
		return explicit, nil
	}
	candidates := []string{"guichet-central.yaml"}
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		if home, err := os.UserHomeDir(); err == nil {
			xdg = filepath.Join(home, ".config")
		}
	}
	if xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "guichet", "central.yaml"))
	}
	candidates = append(candidates, "/etc/guichet/central.yaml")
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c, nil
		}
	}
	return "", nil
}

func rejectUnknownKeys(keys []string, file string) error {
	var unknown []string
	for _, k := range keys {
		if !knownKey(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("config file %s: unknown key %s (guichet-central.example.yaml lists every key)", file, strings.Join(unknown, ", "))
}

func knownKey(k string) bool {
	for _, s := range settings {
		if s.key == k {
			return true
		}
	}
	return false
}

// source says where a key's value came from, for error messages.
func source(v *viper.Viper, key, file string) string {
	if _, ok := os.LookupEnv(envName(key)); ok {
		return "from " + envName(key)
	}
	if v.InConfig(key) {
		return "in " + file
	}
	if v.IsSet(key) {
		return "from a flag"
	}
	return "default"
}
