package chaos

import "database/sql"

// readConsole reads the console's requests, the PIN reissues it queued
// and the tip of its audit chain.
func readConsole(db *sql.DB) (sideState, error) {
	return readSide(db,
		`SELECT r.id, r.ref, m.regno, r.state, r.decided_by FROM address_requests r JOIN members m ON m.id = r.member_id`,
		`SELECT id, regno, channel, state FROM pin_issues WHERE outbox_id <> ''`,
		`SELECT count(*), coalesce(max(seq), 0), coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), '') FROM audit`)
}

// readCentre reads every request at the centre (only the harness's
// console makes any), the device's PIN reissues and the tip of its audit
// chain as the centre received it.
func readCentre(db *sql.DB, device string) (sideState, error) {
	return readSide(db,
		`SELECT r.id, r.reference, m.regno, r.state, r.decided_by FROM address_requests r JOIN members m ON m.id = r.member_id`,
		`SELECT id, regno, channel, state FROM pin_issues WHERE device_id = ?1`,
		`SELECT count(*), coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_records WHERE device_id = ?1
			ORDER BY seq DESC LIMIT 1), '') FROM audit_records WHERE device_id = ?1`, device)
}

func readSide(db *sql.DB, requests, pins, audit string, args ...any) (sideState, error) {
	s := sideState{requests: map[string]requestRow{}, pins: map[string]pinRow{}}
	rows, err := db.Query(requests)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r requestRow
		if err := rows.Scan(&id, &r.ref, &r.regno, &r.state, &r.decidedBy); err != nil {
			return s, err
		}
		s.requests[id] = r
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	prows, err := db.Query(pins, args...)
	if err != nil {
		return s, err
	}
	defer prows.Close()
	for prows.Next() {
		var id string
		var p pinRow
		if err := prows.Scan(&id, &p.regno, &p.channel, &p.state); err != nil {
			return s, err
		}
		s.pins[id] = p
	}
	if err := prows.Err(); err != nil {
		return s, err
	}
	err = db.QueryRow(audit, args...).Scan(&s.audit.count, &s.audit.maxSeq, &s.audit.hash)
	return s, err
}
