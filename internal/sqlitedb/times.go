package sqlitedb

import "time"

// TimeLayout stores instants as UTC text with a fixed number of digits, so
// that text order is time order (and indexes sort by time).
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// FormatTime is an instant as stored.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads an instant as stored; "" is the zero time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(TimeLayout, s)
}
