package letter

import (
	"fmt"
	"time"
)

// DefaultZone is the time zone of the dates members read when a document
// names none. The binary must embed the zone database (time/tzdata):
// Morocco's offset changes around Ramadan.
const DefaultZone = "Africa/Casablanca"

var frenchMonths = [...]string{
	"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre",
}

// zone returns loc, or DefaultZone when loc is nil.
func zone(loc *time.Location) (*time.Location, error) {
	if loc != nil {
		return loc, nil
	}
	l, err := time.LoadLocation(DefaultZone)
	if err != nil {
		return nil, fmt.Errorf("letter: time zone %s: %w", DefaultZone, err)
	}
	return l, nil
}

// frenchDate formats t as "25 novembre 2026" (1er for the first day).
func frenchDate(t time.Time) string {
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, frenchMonths[t.Month()-1], t.Year())
}

// frenchDateTime formats t as "25 novembre 2026 à 14:05".
func frenchDateTime(t time.Time) string {
	return fmt.Sprintf("%s à %02d:%02d", frenchDate(t), t.Hour(), t.Minute())
}
