package sqlitedb

import (
	"strings"
	"testing"
	"time"
)

// Stored instants sort as text in time order (indexes rely on it): every
// instant is written in one fixed-width spelling that reads back to it,
// and two instants compare as their texts do. ParseTime is lenient
// (one-digit hours, a comma before the fraction) but only ever reads what
// FormatTime wrote; whatever it accepts is an instant whose own spelling
// reads back alike.
func FuzzFormatTimeSorts(f *testing.F) {
	f.Add(int64(1772355600123456789), int64(1772355600123456790), "2026-03-01T09:30:00.123456789Z")
	f.Add(int64(-1), int64(0), "0000-01-01T0:00:00,000000000Z")
	f.Add(int64(-9223372036854775808), int64(9223372036854775807), "")
	f.Fuzz(func(t *testing.T, a, b int64, s string) {
		ta, tb := time.Unix(0, a), time.Unix(0, b)
		fa, fb := FormatTime(ta), FormatTime(tb)
		if len(fa) != len(TimeLayout) || len(fb) != len(TimeLayout) {
			t.Fatalf("%q or %q is not fixed-width", fa, fb)
		}
		if got, want := strings.Compare(fa, fb), ta.Compare(tb); got != want {
			t.Fatalf("%q vs %q compare %d, the instants %d", fa, fb, got, want)
		}
		if back, err := ParseTime(fa); err != nil || !back.Equal(ta) {
			t.Fatalf("%q reads back as %v (%v)", fa, back, err)
		}
		if got, err := ParseTime(s); err == nil && s != "" {
			if again, err := ParseTime(FormatTime(got)); err != nil || !again.Equal(got) {
				t.Fatalf("%q read as %v does not survive being written", s, got)
			}
		}
	})
}
