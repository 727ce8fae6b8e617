package main

import "time"

// when shows a time in UTC to the minute, or a dash.
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04Z")
}
