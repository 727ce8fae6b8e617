package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"time"
	"unicode"
)

// settings lists every key; config.example.yaml documents each one (a test
// keeps them in step).
var settings = []Setting[Config]{
	{"database.path", "guichet.db", func(c *Config, raw string) error {
		if raw == "" {
			return fmt.Errorf("must name a file")
		}
		c.DatabasePath = raw
		return nil
	}},
	{"ui.idle_lock", "5m", durationIn(func(c *Config) *time.Duration { return &c.IdleLock }, 30*time.Second, 8*time.Hour)},
	{"ui.result_rows", "50", intIn(func(c *Config) *int { return &c.ResultRows }, 1, 1000)},
	{"auth.lockout_failures", "5", intIn(func(c *Config) *int { return &c.LockoutFailures }, 1, 100)},
	{"auth.lockout_duration", "15m", durationIn(func(c *Config) *time.Duration { return &c.LockoutDuration }, time.Minute, 24*time.Hour)},
	{"members.registration_pattern", "[0-9]{6,12}", func(c *Config, raw string) error {
		if _, err := regexp.Compile(raw); err != nil || raw == "" {
			return fmt.Errorf("must be a regular expression of digits, such as [0-9]{6,12} (got %q)", raw)
		}
		c.RegistrationPattern = raw
		return nil
	}},
	{"beneficiaries.child_max_age", "21", intIn(func(c *Config) *int { return &c.ChildMaxAge }, 1, 99)},
	{"beneficiaries.student_max_age", "26", intIn(func(c *Config) *int { return &c.StudentMaxAge }, 1, 99)},
	{"documents.path", "", func(c *Config, raw string) error {
		if err := plainText(raw); err != nil {
			return err
		}
		c.DocumentsPath = raw
		return nil
	}},
	{"documents.scan_max_mb", "10", intIn(func(c *Config) *int { return &c.ScanMaxMB }, 1, 100)},
	{"printing.command", "", func(c *Config, raw string) error {
		if err := plainText(raw); err != nil {
			return err
		}
		c.PrintCommand = raw
		return nil
	}},
	{"printing.save_dir", "receipts", func(c *Config, raw string) error {
		if raw == "" {
			return fmt.Errorf("must name a folder")
		}
		if err := plainText(raw); err != nil {
			return err
		}
		c.ReceiptDir = raw
		return nil
	}},
	{"sync.interval", "30s", durationIn(func(c *Config) *time.Duration { return &c.SyncInterval }, 5*time.Second, time.Hour)},
	{"sync.timeout", "20s", durationIn(func(c *Config) *time.Duration { return &c.SyncTimeout }, time.Second, 5*time.Minute)},
	{"sync.central_url", "", func(c *Config, raw string) error {
		if raw == "" {
			return nil
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("must be empty or an http(s) address such as https://centre.example:8443 (got %q)", raw)
		}
		c.CentralURL = raw
		return nil
	}},
	{"time.zone", "Africa/Casablanca", func(c *Config, raw string) error {
		loc, err := time.LoadLocation(raw)
		if err != nil || raw == "" {
			return fmt.Errorf("must be an IANA time zone such as Africa/Casablanca (got %q)", raw)
		}
		c.Location = loc
		return nil
	}},
}

// plainText refuses control characters (a path or a command line holds
// none; they would only hide what is really run or written).
func plainText(raw string) error {
	for _, r := range raw {
		if unicode.IsControl(r) {
			return fmt.Errorf("must not contain control characters (got %q)", raw)
		}
	}
	return nil
}

func intIn(field func(*Config) *int, min, max int) func(*Config, string) error {
	return func(c *Config, raw string) error {
		n, err := strconv.Atoi(raw)
		if err != nil || n < min || n > max {
			return fmt.Errorf("must be a whole number from %d to %d (got %q)", min, max, raw)
		}
		*field(c) = n
		return nil
	}
}

func durationIn(field func(*Config) *time.Duration, min, max time.Duration) func(*Config, string) error {
	return func(c *Config, raw string) error {
		d, err := time.ParseDuration(raw)
		if err != nil || d < min || d > max {
			return fmt.Errorf("must be a duration from %s to %s, such as 5m or 90s (got %q)", min, max, raw)
		}
		*field(c) = d
		return nil
	}
}
