package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// Account is a demo sign-in; a demo database's sign-in screen lists them.
type Account struct {
	Username, DisplayName, Role, Password string
}

// Accounts are created on every demo database. Their passwords are public
// by design: a demo database refuses to be anything else.
var Accounts = []Account{
	{"agent", "Amina Berrada", "agent", "demo-agent-pass"},
	{"supervisor", "Karim Tazi", "supervisor", "demo-super-pass"},
	{"admin", "Demo Admin", "admin", "demo-admin-pass"},
}

// ErrNotDemo refuses to seed a database that is in real use.
var ErrNotDemo = errors.New("this database is not a demo database: the demo only seeds a new one or its own")

// Prepare makes db a complete demo database: it marks it as one, seeds the
// population if it has none, and creates the demo accounts if it has none.
// Each step is skipped when already done, so an interrupted run resumes.
// It refuses any database that was not new or a demo already.
func Prepare(ctx context.Context, db *store.DB, opts Options, policy service.Policy, progress Progress) error {
	isDemo, err := db.IsDemo(ctx)
	if err != nil {
		return err
	}
	members, users, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	if !isDemo {
		if _, err := db.DeviceID(ctx); members > 0 || users > 0 || err == nil {
			return fmt.Errorf("%s: %w", db.Path, ErrNotDemo)
		}
		if err := db.MarkDemo(ctx); err != nil {
			return err
		}
	}
	if members == 0 {
		if _, err := Seed(ctx, db, opts, progress); err != nil {
			return err
		}
	}
	if users == 0 {
		return createAccounts(ctx, db, policy)
	}
	return nil
}

func createAccounts(ctx context.Context, db *store.DB, policy service.Policy) error {
	admin := Accounts[len(Accounts)-1]
	err := service.Initialise(ctx, db, service.NewUser{
		Username: admin.Username, DisplayName: admin.DisplayName, Password: admin.Password,
	}, time.Now())
	if err != nil {
		return err
	}
	svc, err := service.New(ctx, db, policy)
	if err != nil {
		return err
	}
	sess, err := svc.SignIn(ctx, admin.Username, admin.Password)
	if err != nil {
		return err
	}
	home := Branches()[0].Code
	for _, a := range Accounts[:len(Accounts)-1] {
		err := svc.AddUser(ctx, sess, service.NewUser{
			Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Branch: home, Password: a.Password,
		})
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.Username, err)
		}
	}
	return nil
}

// Hint lists the demo accounts for the sign-in screen of a demo database.
func Hint() []string {
	var lines []string
	for _, a := range Accounts {
		lines = append(lines, fmt.Sprintf("%-10s %-16s (%s)", a.Username, a.Password, a.Role))
	}
	return lines
}
