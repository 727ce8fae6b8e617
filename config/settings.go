package config

import (
	"log/slog"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"net/url"
	"time"
)

// settings lists every key; config.example.yaml documents each one (a test
// keeps them in step).
var settings = append([]Setting[Config]{
	{"database.path", "guichet.db", func(c *Config, raw string) error {
		if raw == "" {
			return domain.Explain("config.err.need_file", "must name a file")
		}
		if err := PlainText(raw); err != nil {
			return err
		}
		c.DatabasePath = raw
		return nil
	}},
	{"ui.idle_lock", "5m", DurationIn(func(c *Config) *time.Duration { return &c.IdleLock }, 30*time.Second, 8*time.Hour)},
	{"ui.result_rows", "50", IntIn(func(c *Config) *int { return &c.ResultRows }, 1, 1000)},
	{"ui.language", "", func(c *Config, raw string) error {
		if raw != "" && raw != "fr" && raw != "en" {
			return domain.Explain("config.err.language", "must be fr, en, or empty for the locale's language (got %q)", raw)
		}
		c.Language = raw
		return nil
	}},
	uiTheme,
	{"auth.lockout_failures", "5", IntIn(func(c *Config) *int { return &c.LockoutFailures }, 1, 100)},
	{"auth.lockout_duration", "15m", DurationIn(func(c *Config) *time.Duration { return &c.LockoutDuration }, time.Minute, 24*time.Hour)},
	{"members.registration_pattern", "[0-9]{6,12}", RegNoPattern(func(c *Config) *string { return &c.RegistrationPattern })},
	{"beneficiaries.child_max_age", "21", IntIn(func(c *Config) *int { return &c.ChildMaxAge }, 1, 99)},
	{"beneficiaries.student_max_age", "26", IntIn(func(c *Config) *int { return &c.StudentMaxAge }, 1, 99)},
	{"documents.path", "", func(c *Config, raw string) error {
		if err := PlainText(raw); err != nil {
			return err
		}
		c.DocumentsPath = raw
		return nil
	}},
	{"documents.scan_max_mb", "10", IntIn(func(c *Config) *int { return &c.ScanMaxMB }, 1, 100)},
	{"printing.command", "", func(c *Config, raw string) error {
		if err := PlainText(raw); err != nil {
			return err
		}
		c.PrintCommand = raw
		return nil
	}},
	{"printing.save_dir", "receipts", func(c *Config, raw string) error {
		if raw == "" {
			return domain.Explain("config.err.need_folder", "must name a folder")
		}
		if err := PlainText(raw); err != nil {
			return err
		}
		c.ReceiptDir = raw
		return nil
	}},
	{"sync.interval", "30s", DurationIn(func(c *Config) *time.Duration { return &c.SyncInterval }, 5*time.Second, time.Hour)},
	{"sync.timeout", "20s", DurationIn(func(c *Config) *time.Duration { return &c.SyncTimeout }, time.Second, 5*time.Minute)},
	{"sync.central_url", "", func(c *Config, raw string) error {
		if raw == "" {
			return nil
		}
		if err := PlainText(raw); err != nil { // url.Parse lets C1 controls (CSI) through
			return err
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" {
			return domain.Explain("config.err.central_url", "must be empty or an http(s) address such as https://centre.example:8443 (got %q)", raw)
		}
		c.CentralURL = raw
		return nil
	}},
	{"time.zone", "Africa/Casablanca", TimeZone(func(c *Config) **time.Location { return &c.Location })},
	{"pin.key_id", "", func(c *Config, raw string) error { c.PINKeyID = raw; return PlainText(raw) }},
	{"pin.public_key", "", func(c *Config, raw string) error {
		if raw != "" {
			if _, err := pin.PublicKey(raw); err != nil {
				return domain.Explain("config.err.public_key", "must be the centre's sealed-box public key in base64 (%v)", err)
			}
		}
		c.PINPublicKey = raw
		return nil
	}},
	{"letters.portal_url", DefaultPortalURL, PortalURL(func(c *Config) *string { return &c.PortalURL })},
	retentionAuditDays, retentionDocumentsDays, retentionAutomatic,
}, append(PINSettings(func(c *Config) *domain.PINPolicy { return &c.PIN }),
	// A relative log file is beside the database (see Config.LogPath).
	LogSettings(func(c *Config) *LogFile { return &c.LogFile }, func(c *Config) *slog.Level { return &c.LogLevel }, "guichet.log")...)...)
