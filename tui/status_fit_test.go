package tui

import "testing"

// The name gives way before the role and the branch.
func TestFitWhoKeepsRoleAndBranch(t *testing.T) {
	for _, tc := range []struct {
		name, tail string
		room       int
		want       string
	}{
		{"Supervisor One", " · Supervisor · RAB01", 40, "Supervisor One · Supervisor · RAB01"},
		{"Supervisor One", " · Supervisor · RAB01", 28, "Superv… · Supervisor · RAB01"},
		{"Supervisor One", " · Supervisor · RAB01", 12, "Supervisor …"},
	} {
		if got := fitWho(tc.name, tc.tail, tc.room); got != tc.want {
			t.Errorf("fitWho(%q, %q, %d) = %q, want %q", tc.name, tc.tail, tc.room, got, tc.want)
		}
	}
}
