package chaos

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
)

// checkOutbox: every outbox entry was delivered and applied once; each
// request was queued once, its decision once if it was decided (and
// never if not), each PIN reissue once; the centre applied exactly the
// console's entries.
func checkOutbox(f *findings, local, centreDB *sql.DB, device string) error {
	type entry struct{ kind, state, subject string }
	entries := map[string]entry{}
	rows, err := local.Query(`SELECT id, kind, state,
		coalesce(json_extract(payload, '$.request_id'), json_extract(payload, '$.issue_id'), '') FROM outbox`)
	if err != nil {
		return err
	}
	defer rows.Close()
	perSubject := map[string]int{}
	for rows.Next() {
		var id string
		var e entry
		if err := rows.Scan(&id, &e.kind, &e.state, &e.subject); err != nil {
			return err
		}
		entries[id] = e
		perSubject[e.kind+" "+e.subject]++
		if e.state != "delivered" {
			f.add("outbox entry %s (%s of %s) is %s after the final sync", id, e.kind, e.subject, e.state)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for key, n := range perSubject {
		if n != 1 {
			f.add("the outbox holds %d entries %s: one operation queued %d times", n, key, n)
		}
	}
	var missing int
	if err := local.QueryRow(`SELECT count(*) FROM address_requests r WHERE NOT EXISTS (SELECT 1 FROM outbox o
		WHERE o.kind = 'address.requested' AND json_extract(o.payload, '$.request_id') = r.id)`).Scan(&missing); err != nil {
		return err
	}
	if missing > 0 {
		f.add("%d requests have no outbox entry", missing)
	}
	if err := local.QueryRow(`SELECT count(*) FROM address_requests r WHERE
		(SELECT count(*) FROM outbox o WHERE o.kind IN ('address.approved', 'address.rejected', 'address.cancelled')
			AND json_extract(o.payload, '$.request_id') = r.id) <> (r.state <> 'pending')
		OR (r.state <> 'pending' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'address.' || r.state
			AND json_extract(o.payload, '$.request_id') = r.id))`).Scan(&missing); err != nil {
		return err
	}
	if missing > 0 {
		f.add("%d requests' state and decision entries disagree", missing)
	}
	if err := local.QueryRow(`SELECT count(*) FROM pin_issues p WHERE p.outbox_id <> '' AND NOT EXISTS (SELECT 1 FROM outbox o
		WHERE o.id = p.outbox_id AND o.kind = 'pin.reissued' AND json_extract(o.payload, '$.issue_id') = p.id)`).Scan(&missing); err != nil {
		return err
	}
	if missing > 0 {
		f.add("%d PIN reissues have no outbox entry", missing)
	}
	applied := map[string]bool{}
	crows, err := centreDB.Query(`SELECT id, kind, status FROM entries WHERE device_id = ?`, device)
	if err != nil {
		return err
	}
	defer crows.Close()
	for crows.Next() {
		var id, kind, status string
		if err := crows.Scan(&id, &kind, &status); err != nil {
			return err
		}
		applied[id] = true
		if e, ok := entries[id]; !ok || e.kind != kind || status != "applied" {
			f.add("the centre's entry %s (%s, %s) is not the console's %+v", id, kind, status, e)
		}
	}
	if err := crows.Err(); err != nil {
		return err
	}
	for id, e := range entries {
		if !applied[id] {
			f.add("outbox entry %s (%s of %s) never reached the centre", id, e.kind, e.subject)
		}
	}
	return nil
}

// checkVersions: each member's record version moved at the centre by the
// number of approvals applied there (once each), its address history grew
// by as much, and the console holds the centre's version.
func (w *world) checkVersions(f *findings, local *sql.DB) error {
	after, err := centreMembers(w.centre.db)
	if err != nil {
		return err
	}
	for regno, b := range w.before {
		a := after[regno]
		approvals := a.approved - b.approved
		if a.version-b.version != int64(approvals) || a.addresses-b.addresses != approvals {
			f.add("member %s at the centre: %d approvals applied, version %d -> %d, addresses %d -> %d",
				regno, approvals, b.version, a.version, b.addresses, a.addresses)
		}
	}
	rows, err := local.Query(`SELECT regno, version FROM members`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var regno string
		var v int64
		if err := rows.Scan(&regno, &v); err != nil {
			return err
		}
		if c, ok := after[regno]; !ok || c.version != v {
			f.add("member %s: version %d on the console, %d at the centre", regno, v, c.version)
		}
	}
	return rows.Err()
}

// checkPINOrder: at the centre only a member's newest reissue may be live
// (requested, active or locked), and a live counter PIN has its verifier.
func checkPINOrder(f *findings, centreDB *sql.DB) error {
	rows, err := centreDB.Query(`SELECT p.id, p.regno, p.channel, p.state, p.verifier <> '',
		p.seq = (SELECT max(q.seq) FROM pin_issues q WHERE q.regno = p.regno) FROM pin_issues p`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, regno, channel, state string
		var verifier, newest bool
		if err := rows.Scan(&id, &regno, &channel, &state, &verifier, &newest); err != nil {
			return err
		}
		live := state == "requested" || state == "active" || state == "locked"
		if live && !newest {
			f.add("PIN reissue %s of %s is %s though a newer one was applied", id, regno, state)
		}
		if newest && channel == "counter" && (state != "active" || !verifier) {
			f.add("newest counter PIN %s of %s is %s (verifier %v)", id, regno, state, verifier)
		}
	}
	return rows.Err()
}

// checkScans: every scan a request of the console cites is held, intact,
// in both document stores, and recorded as held in both databases.
func (w *world) checkScans(f *findings, local, centreDB *sql.DB) error {
	rows, err := local.Query(`SELECT DISTINCT r.ref, json_extract(s.value, '$.sha256')
		FROM address_requests r, json_each(r.evidence, '$.scans') s`)
	if err != nil {
		return err
	}
	defer rows.Close()
	stores := []struct {
		name, dir string
		db        *sql.DB
	}{{"console", filepath.Join(filepath.Dir(w.consoleDB), "documents"), local},
		{"centre", filepath.Join(filepath.Dir(w.centre.db), "documents"), centreDB}}
	for rows.Next() {
		var ref, sum string
		if err := rows.Scan(&ref, &sum); err != nil {
			return err
		}
		for _, s := range stores {
			var held int
			if err := s.db.QueryRow(`SELECT count(*) FROM documents WHERE sha256 = ?`, sum).Scan(&held); err != nil {
				return err
			}
			data, err := os.ReadFile(filepath.Join(s.dir, sum))
			got := sha256.Sum256(data)
			if held != 1 || err != nil || hex.EncodeToString(got[:]) != sum {
				f.add("scan %s of request %s at the %s: recorded %d times, file %v", sum, ref, s.name, held, err)
			}
		}
	}
	return rows.Err()
}

// voidLetters counts the counter letters saved by commands killed before
// their reissue was recorded: the letter exists, its PIN never works (the
// console prints first and queues after, by design). A figure for the
// report, not an invariant.
func (w *world) voidLetters() (int, error) {
	letters, err := filepath.Glob(filepath.Join(w.scanDir(), "letter-*.pdf"))
	if err != nil {
		return 0, err
	}
	db, err := openReadOnly(w.consoleDB)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var recorded int
	err = db.QueryRow(`SELECT count(*) FROM pin_issues WHERE channel = 'counter' AND outbox_id <> ''`).Scan(&recorded)
	return len(letters) - recorded, err
}
