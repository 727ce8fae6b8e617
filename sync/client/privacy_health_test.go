package client_test

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// The long-term illness status (health data) comes down the feed with the
// member and lands in the console's store as the centre holds it, for the
// member file alone to show.
func TestLongTermIllnessComesDownTheFeed(t *testing.T) {
	w := newWorld(t, 300)
	c := w.console("counter ALD")
	centre, err := sql.Open("sqlite", "file:"+filepath.Join(w.dir, "centre.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer centre.Close()
	var atCentre, here string
	if err := centre.QueryRow(`SELECT coalesce(group_concat(regno), '') FROM (SELECT regno FROM members
		WHERE long_term_illness = 1 AND home_branch = ? ORDER BY regno)`, w.home).Scan(&atCentre); err != nil {
		t.Fatal(err)
	}
	if err := c.query(`SELECT coalesce(group_concat(regno), '') FROM (SELECT regno FROM members
		WHERE long_term_illness = 1 ORDER BY regno)`).Scan(&here); err != nil {
		t.Fatal(err)
	}
	if atCentre == "" || here != atCentre {
		t.Errorf("members with a long-term illness: %q here, %q at the centre", here, atCentre)
	}
}
