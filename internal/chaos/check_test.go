package chaos

import (
	"database/sql"
	"fmt"
	"sort"
)

// findings collects every broken invariant, so that one run reports them
// all.
type findings []string

func (f *findings) add(format string, args ...any) { *f = append(*f, fmt.Sprintf(format, args...)) }

// A request as either side records it.
type requestRow struct{ ref, regno, state, decidedBy string }

// A PIN reissue as either side records it (the console learns its state
// from the feed).
type pinRow struct{ regno, channel, state string }

// sideState is what one database (console or centre) holds, read-only.
type sideState struct {
	requests map[string]requestRow // by id
	pins     map[string]pinRow     // by issue id (the console: those it queued)
	audit    auditTip
}

type auditTip struct {
	count, maxSeq int64
	hash          string
}

// check verifies the invariants on the databases of a settled world,
// against the ledger of acknowledged operations.
func (w *world) check(l *ledger) (findings, error) {
	var f findings
	local, err := openReadOnly(w.consoleDB)
	if err != nil {
		return nil, err
	}
	defer local.Close()
	centreDB, err := openReadOnly(w.centre.db)
	if err != nil {
		return nil, err
	}
	defer centreDB.Close()
	for _, db := range []struct {
		name string
		db   *sql.DB
	}{{"console", local}, {"centre", centreDB}} {
		if err := checkIntegrity(db.db); err != nil {
			f.add("%s database: %v", db.name, err)
		}
	}
	mine, err := readConsole(local)
	if err != nil {
		return nil, err
	}
	theirs, err := readCentre(centreDB, w.deviceID)
	if err != nil {
		return nil, err
	}
	checkLedger(&f, l, mine, theirs)
	checkSame(&f, mine, theirs)
	if err := checkOutbox(&f, local, centreDB, w.deviceID); err != nil {
		return nil, err
	}
	if err := w.checkScans(&f, local, centreDB); err != nil {
		return nil, err
	}
	if err := w.checkVersions(&f, local); err != nil {
		return nil, err
	}
	if err := checkPINOrder(&f, centreDB); err != nil {
		return nil, err
	}
	if mine.audit != theirs.audit {
		f.add("audit chain: the console holds %+v, the centre %+v", mine.audit, theirs.audit)
	}
	return f, nil
}

// checkIntegrity runs SQLite's integrity and foreign-key checks.
func checkIntegrity(db *sql.DB) error {
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity_check: %s", res)
	}
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("foreign_key_check reports a dangling reference")
	}
	return rows.Err()
}

// checkLedger: every acknowledged operation is on both sides, as it was
// acknowledged.
func checkLedger(f *findings, l *ledger, mine, theirs sideState) {
	for _, side := range []struct {
		name string
		s    sideState
	}{{"console", mine}, {"centre", theirs}} {
		for id, ack := range l.requests {
			r, ok := side.s.requests[id]
			if !ok {
				f.add("acknowledged request %s (%s) is missing at the %s", ack.ref, id, side.name)
			} else if r.ref != ack.ref || r.regno != ack.regno {
				f.add("acknowledged request %s of %s is %s of %s at the %s", ack.ref, ack.regno, r.ref, r.regno, side.name)
			}
		}
		for ref, d := range l.decisions {
			if r := side.s.requests[d.id]; r.state != d.state || r.decidedBy != supervisorUser || r.ref != ref {
				f.add("acknowledged decision (%s) of %s is %+v at the %s", d.state, ref, r, side.name)
			}
		}
		for id, ack := range l.pins {
			if p, ok := side.s.pins[id]; !ok {
				f.add("acknowledged PIN reissue %s (%s) is missing at the %s", id, ack.regno, side.name)
			} else if p.regno != ack.regno || p.channel != ack.channel {
				f.add("acknowledged PIN reissue %s %+v is %+v at the %s", id, ack, p, side.name)
			}
		}
	}
}

// checkSame: whatever exists (acknowledged or not) exists on both sides,
// once, alike: requests with their state and decider, PIN reissues with
// their state.
func checkSame(f *findings, mine, theirs sideState) {
	for _, id := range unionKeys(mine.requests, theirs.requests) {
		a, inMine := mine.requests[id]
		b, inTheirs := theirs.requests[id]
		if a != b || !inMine || !inTheirs {
			f.add("request %s: console %+v (%v), centre %+v (%v)", id, a, inMine, b, inTheirs)
		}
	}
	for _, id := range unionKeys(mine.pins, theirs.pins) {
		a, inMine := mine.pins[id]
		b, inTheirs := theirs.pins[id]
		if a != b || !inMine || !inTheirs {
			f.add("PIN reissue %s: console %+v (%v), centre %+v (%v)", id, a, inMine, b, inTheirs)
		}
	}
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
