package service

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
	"github.com/cnops/guichet/pin"
)

// pinFixture is the console fixture with a 12-digit PIN policy in
// Casablanca time, the centre's key pair (the console knows only its
// public half) and a print command that writes the letter to a file.
type pinFixture struct {
	*fixture
	key    pin.BoxKey // the centre's pair: the tests open sealed PINs with it
	letter string     // where the print command puts the letter
}

func newPINFixture(t *testing.T, adjust ...func(*Policy)) *pinFixture {
	t.Helper()
	f := &pinFixture{fixture: newFixture(t)}
	var err error
	if f.key, err = pin.GenerateBoxKey("centre-2026"); err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	f.letter = filepath.Join(t.TempDir(), "printed.pdf")
	policy := testPolicy()
	policy.Location = loc
	policy.PIN = domain.PINPolicy{Length: 12, ValidityDays: 30, MaxReissues: 3, CoolingOff: 72 * time.Hour, Location: loc}
	policy.PINKey = pin.BoxKey{ID: f.key.ID, Public: f.key.Public}
	policy.PortalURL = "https://portail.cnops.ma"
	policy.PrintCommand = "sh -c 'cat > \"$0\"' " + f.letter
	for _, a := range adjust {
		a(&policy)
	}
	if f.svc, err = New(f.ctx, f.db, policy, WithClock(func() time.Time { return f.now })); err != nil {
		t.Fatal(err)
	}
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "agent2", DisplayName: "Agent Two", Role: "agent", Branch: "RAB01", Password: agentPW}))
	return f
}

// counts says how many reissues and PIN outbox entries are stored.
func (f *pinFixture) counts(t *testing.T) (issues, entries int) {
	t.Helper()
	if err := f.raw.QueryRow(`SELECT (SELECT count(*) FROM pin_issues),
		(SELECT count(*) FROM outbox WHERE kind = ?)`, domain.EventPINReissued).Scan(&issues, &entries); err != nil {
		t.Fatal(err)
	}
	return issues, entries
}

// events returns the PIN events queued, in order, with their raw payloads.
func (f *pinFixture) events(t *testing.T) ([]domain.PINEvent, []string) {
	t.Helper()
	rows, err := f.raw.Query(`SELECT payload FROM outbox WHERE kind = ? ORDER BY seq`, domain.EventPINReissued)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var evs []domain.PINEvent
	var raws []string
	for rows.Next() {
		var payload string
		var ev domain.PINEvent
		if err := rows.Scan(&payload); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(payload), &ev); err != nil {
			t.Fatal(err)
		}
		evs, raws = append(evs, ev), append(raws, payload)
	}
	return evs, raws
}

// addressChanged makes the member's current address approved at `at`.
func (f *pinFixture) addressChanged(t *testing.T, at time.Time) {
	t.Helper()
	f.exec(t, `UPDATE addresses SET valid_from = ? WHERE member_id = 1 AND valid_to IS NULL`, sqlitedb.FormatTime(at))
}

func (f *pinFixture) reissue(t *testing.T, sess Session, ch domain.PINChannel) PINReissueResult {
	t.Helper()
	res, err := f.svc.ReissuePIN(f.ctx, sess, PINReissueInput{MemberID: 1, Channel: ch})
	if err != nil {
		t.Fatalf("reissue %s: %v", ch, err)
	}
	return res
}
