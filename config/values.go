package config

import (
	"strconv"
	"time"
	"unicode"

	"github.com/cnops/guichet/domain"
)

// The readers below check one kind of value for a Setting of any program's
// configuration C, and say what was expected when it is wrong.

// IntIn reads a whole number from lo to hi into field.
func IntIn[C any](field func(*C) *int, lo, hi int) func(*C, string) error {
	return func(c *C, raw string) error {
		n, err := strconv.Atoi(raw)
		if err != nil || n < lo || n > hi {
			return domain.Explain("config.err.int_range", "must be a whole number from %d to %d (got %q)", lo, hi, raw)
		}
		*field(c) = n
		return nil
	}
}

// DurationIn reads a duration from lo to hi into field.
func DurationIn[C any](field func(*C) *time.Duration, lo, hi time.Duration) func(*C, string) error {
	return func(c *C, raw string) error {
		d, err := time.ParseDuration(raw)
		if err != nil || d < lo || d > hi {
			return domain.Explain("config.err.duration_range", "must be a duration from %s to %s, such as 5m or 90s (got %q)", lo, hi, raw)
		}
		*field(c) = d
		return nil
	}
}

// RegNoPattern reads the pattern of registration numbers into field,
// checked as the rules will use it (domain.NewRegNoRule).
func RegNoPattern[C any](field func(*C) *string) func(*C, string) error {
	return func(c *C, raw string) error {
		if _, err := domain.NewRegNoRule(raw); err != nil || raw == "" {
			return domain.Explain("config.err.digits_pattern", "must be a regular expression of digits, such as [0-9]{6,12} (got %q)", raw)
		}
		*field(c) = raw
		return nil
	}
}

// PlainText refuses control characters: a path or a command line holds
// none, and they would only hide what is really run or written.
func PlainText(raw string) error {
	for _, r := range raw {
		if unicode.IsControl(r) {
			return domain.Explain("config.err.control", "must not contain control characters (got %q)", raw)
		}
	}
	return nil
}
