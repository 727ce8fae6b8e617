package service

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// fixture is a console database with an admin, an agent, a supervisor and
// one member with a family, driven through a controllable clock.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	svc   *Service
	now   time.Time
	raw   *sql.DB // direct access, to plant data and tamper with it
	admin Session
}

const (
	adminPW      = "admin-password-1"
	agentPW      = "agent-password-1"
	supervisorPW = "super-password-1"
)

func testPolicy() Policy {
	rule, _ := domain.NewRegNoRule("[0-9]{6,12}")
	return Policy{RegNo: rule, Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: 15 * time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(), now: time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "g.db")
	var err error
	if f.db, err = store.Open(f.ctx, path, store.MayCreate); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	if err := Initialise(f.ctx, f.db, NewUser{Username: "admin", DisplayName: "Admin", Password: adminPW}, f.now); err != nil {
		t.Fatal(err)
	}
	policy := testPolicy()
	policy.DocumentsDir, policy.ScanMaxBytes = filepath.Join(filepath.Dir(path), "documents"), 1<<20
	if f.svc, err = New(f.ctx, f.db, policy, WithClock(func() time.Time { return f.now })); err != nil {
		t.Fatal(err)
	}
	if f.admin, err = f.svc.SignIn(f.ctx, "admin", adminPW); err != nil {
		t.Fatal(err)
	}
	must(t, f.svc.AddBranch(f.ctx, f.admin, store.Branch{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"}))
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "agent", DisplayName: "Agent", Role: "agent", Branch: "RAB01", Password: agentPW}))
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "super", DisplayName: "Super", Role: "supervisor", Branch: "RAB01", Password: supervisorPW}))
	must(t, f.svc.AddUser(f.ctx, f.admin, NewUser{Username: "super2", DisplayName: "Super Two", Role: "supervisor", Branch: "RAB01", Password: supervisorPW}))
	if f.raw, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.raw.Close() })
	f.exec(t, `INSERT INTO members (id, regno, society_code, home_branch, cin, ppr, family_name, given_name,
		family_name_ar, given_name_ar, birth_date, sex, category, phone)
		VALUES (1, '123456789', 'MGPAP', 'RAB01', 'AB123456', '12345678', 'Alaoui', 'Mohamed', 'العلوي', 'محمد',
		'1961-03-10', 'M', 'retired', '+212612345678')`)
	f.exec(t, `INSERT INTO beneficiaries (member_id, relation, family_name, given_name, birth_date, sex, student, disabled) VALUES
		(1, 'spouse', 'Bennani', 'Fatima', '1965-01-01', 'F', 0, 0),
		(1, 'child', 'Alaoui', 'Youssef', '2004-06-15', 'M', 1, 0),
		(1, 'child', 'Alaoui', 'Salma', '2005-06-16', 'F', 0, 0)`)
	f.exec(t, `INSERT INTO addresses (member_id, line1, city, postal_code, verified, valid_from, valid_to) VALUES
		(1, '12 Rue Ibn Sina', 'Rabat', '10000', 1, '2015-01-01T00:00:00.000000000Z', '2024-01-01T00:00:00.000000000Z'),
		(1, '4 Avenue Hassan II', 'Fès', '30000', 1, '2024-01-01T00:00:00.000000000Z', NULL)`)
	return f
}

func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.raw.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) signIn(t *testing.T, user, pw string) Session {
	t.Helper()
	s, err := f.svc.SignIn(f.ctx, user, pw)
	if err != nil {
		t.Fatalf("sign-in %s: %v", user, err)
	}
	return s
}

// auditActions lists the actions in the chain, in order.
func (f *fixture) auditActions(t *testing.T) []string {
	t.Helper()
	var out []string
	err := f.db.EachAudit(f.ctx, func(e domain.AuditEntry) error { out = append(out, e.Action); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *fixture) lastAudit(t *testing.T) domain.AuditEntry {
	t.Helper()
	var last domain.AuditEntry
	f.db.EachAudit(f.ctx, func(e domain.AuditEntry) error { last = e; return nil })
	return last
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
