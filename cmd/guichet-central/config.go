package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/config"
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

// centralSpec is where the centre's configuration is found
// (--config, $GUICHET_CENTRAL_CONFIG, ./guichet-central.yaml,
// $XDG_CONFIG_HOME/guichet/central.yaml, /etc/guichet/central.yaml) and
// what it holds; GUICHET_CENTRAL_<SECTION>_<KEY> overrides a key.
var centralSpec = config.Spec[centralConfig]{EnvPrefix: "GUICHET_CENTRAL", LocalFile: "guichet-central.yaml",
	FileName: "central.yaml", Example: "guichet-central.example.yaml", Settings: settings}

// settings lists every key; guichet-central.example.yaml documents each
// one (a test keeps them in step).
var settings = []config.Setting[centralConfig]{
	{Key: "database.path", Def: "guichet-central.db", Apply: func(c *centralConfig, raw string) error {
		if raw == "" {
			return errors.New("must name a file")
		}
		c.DatabasePath = raw
		return config.PlainText(raw)
	}},
	{Key: "server.listen", Def: "127.0.0.1:8443", Apply: func(c *centralConfig, raw string) error {
		host, port, err := net.SplitHostPort(raw)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 || strings.ContainsAny(host, " \t") {
			return fmt.Errorf("must be HOST:PORT, such as 127.0.0.1:8443 or :8443 (got %q)", raw)
		}
		c.Listen = raw
		return nil
	}},
	{Key: "server.tls_cert", Def: "", Apply: func(c *centralConfig, raw string) error { c.TLSCert = raw; return config.PlainText(raw) }},
	{Key: "server.tls_key", Def: "", Apply: func(c *centralConfig, raw string) error { c.TLSKey = raw; return config.PlainText(raw) }},
	{Key: "server.max_in_flight", Def: "64", Apply: config.IntIn(func(c *centralConfig) *int { return &c.MaxInFlight }, 1, 10000)},
	{Key: "documents.path", Def: "", Apply: func(c *centralConfig, raw string) error { c.DocumentsPath = raw; return config.PlainText(raw) }},
	{Key: "documents.max_mb", Def: "10", Apply: config.IntIn(func(c *centralConfig) *int { return &c.DocumentMaxMB }, 1, 100)},
	{Key: "members.registration_pattern", Def: central.DefaultRegNoPattern, Apply: config.RegNoPattern(func(c *centralConfig) *string { return &c.RegistrationPattern })},
	{Key: "log.level", Def: "info", Apply: func(c *centralConfig, raw string) error {
		level, ok := logLevels[strings.ToLower(raw)]
		if !ok {
			return fmt.Errorf("must be debug, info, warn or error (got %q)", raw)
		}
		c.LogLevel = level
		return nil
	}},
	{Key: "log.format", Def: "json", Apply: func(c *centralConfig, raw string) error {
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

// loadConfig reads the centre's configuration (see centralSpec), the
// flags that were set last, and validates every key.
func loadConfig(file string, flags map[string]*pflag.Flag) (centralConfig, error) {
	c, found, err := config.Read(centralSpec, config.Options{File: file, Flags: flags})
	if err != nil {
		return centralConfig{}, err
	}
	c.File = found
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return centralConfig{}, errors.New("configuration keys server.tls_cert and server.tls_key: give both (HTTPS) or neither (plain HTTP)")
	}
	return c, nil
}
