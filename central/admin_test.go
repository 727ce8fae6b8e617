package central_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func TestUsersAndBranches(t *testing.T) {
	f := newFixture(t)
	if err := f.app.AddUser(f.ctx, central.NewUser{Username: " Leila ", DisplayName: "Leila Bennani",
		Role: domain.RoleAgent, Branch: casa, Password: "long enough pass"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user central.NewUser
		err  func(error) bool
	}{
		{central.NewUser{Username: "leila", DisplayName: "Again", Role: domain.RoleAgent, Branch: casa, Password: "long enough pass"},
			func(err error) bool { return errors.Is(err, domain.ErrUserExists) }},
		{central.NewUser{Username: "omar", DisplayName: "Omar", Role: domain.RoleAgent, Branch: "TNG01", Password: "long enough pass"},
			func(err error) bool { return errors.Is(err, domain.ErrUnknownBranch) }},
		{central.NewUser{Username: "omar", DisplayName: "Omar", Role: domain.RoleAgent, Password: "long enough pass"},
			func(err error) bool { return isField(err, "branch") }},
		{central.NewUser{Username: "omar", DisplayName: "Omar", Role: "root", Branch: casa, Password: "long enough pass"},
			func(err error) bool { return isField(err, "role") }},
		{central.NewUser{Username: "omar", DisplayName: "Omar", Role: domain.RoleAgent, Branch: casa, Password: "short"},
			func(err error) bool { return isField(err, "password") }},
		{central.NewUser{Username: "1omar", DisplayName: "Omar", Role: domain.RoleAgent, Branch: casa, Password: "long enough pass"},
			func(err error) bool { return isField(err, "username") }},
	} {
		if err := f.app.AddUser(f.ctx, c.user); !c.err(err) {
			t.Errorf("AddUser(%+v): %v", c.user, err)
		}
	}
	users, err := f.app.Users(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var leila *central.UserInfo
	for i := range users {
		if users[i].Username == "leila" {
			leila = &users[i]
		}
	}
	if len(users) != 6 || leila == nil || leila.Branch != casa || leila.Role != domain.RoleAgent || leila.Disabled ||
		!leila.CreatedAt.Equal(f.clock) {
		t.Fatalf("users: %+v", users)
	}
	if err := f.app.DisableUser(f.ctx, "nobody"); !errors.Is(err, domain.ErrUserNotFound) {
		t.Fatalf("disabling an unknown user: %v", err)
	}
	if err := f.app.ResetPassword(f.ctx, "leila", "short"); !isField(err, "password") {
		t.Fatalf("short reset password: %v", err)
	}

	if err := f.app.AddBranch(f.ctx, wire.Branch{Code: rabat, Name: "x", City: "x", Region: "x"}); !isField(err, "branch") {
		t.Fatalf("existing branch: %v", err)
	}
	if err := f.app.AddBranch(f.ctx, wire.Branch{Code: "tng", Name: "Tanger", City: "Tanger", Region: "Tanger"}); !isField(err, "branch") {
		t.Fatalf("bad code: %v", err)
	}
	if err := f.app.AddBranch(f.ctx, wire.Branch{Code: "TNG01", Name: "Tanger Ville", City: "Tanger", Region: "Tanger-Tétouan-Al Hoceïma"}); err != nil {
		t.Fatal(err)
	}
	branches, err := f.app.Branches(f.ctx)
	if err != nil || len(branches) != 3 || branches[2].Code != "TNG01" {
		t.Fatalf("branches: %+v %v", branches, err)
	}
	if _, _, err := f.app.AddDevice(f.ctx, "counter", "NOPE1"); !errors.Is(err, domain.ErrUnknownBranch) {
		t.Fatalf("device of an unknown branch: %v", err)
	}
	// Every branch's feed gets the new branch.
	items, _, _ := f.pull(f.casA, 0, 1000)
	found := false
	for _, it := range items {
		found = found || it.Kind == wire.ItemBranch && it.Branch.Code == "TNG01"
	}
	if !found {
		t.Fatal("new branch missing from another branch's feed")
	}
}

func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir()+"/centre.db")
	if err != nil {
		t.Fatal(err)
	}
	app := central.New(st, central.Options{})
	defer app.Close()
	now := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	var calls, last int
	if err := app.SeedDemo(ctx, 2500, 7, now, func(done, total int) { calls, last = calls+1, done }); err != nil {
		t.Fatal(err)
	}
	if last != 2500 || calls < 3 {
		t.Fatalf("progress: %d calls, last %d", calls, last)
	}
	branches, _ := app.Branches(ctx)
	if len(branches) != len(demo.Branches()) {
		t.Fatalf("%d branches, want %d", len(branches), len(demo.Branches()))
	}
	home := demo.Branches()[0].Code
	users, _ := app.Users(ctx)
	if len(users) != len(demo.Accounts) {
		t.Fatalf("users %+v", users)
	}
	for _, u := range users {
		if u.Branch != home {
			t.Errorf("demo account %s in branch %q, want %s", u.Username, u.Branch, home)
		}
	}
	// The centre holds the console seeder's population: the first member
	// of the generator, whole.
	var first wire.Member
	demo.Population(demo.Options{Members: 1, Seed: 7, Now: now}, func(m wire.Member) error { first = m; return nil })
	var held wire.Member
	st.Read(ctx, func(r central.Reader) (err error) {
		held, _, err = r.Member(ctx, first.RegNo)
		return err
	})
	if held.RegNo != first.RegNo || held.CIN != first.CIN || len(held.Beneficiaries) != len(first.Beneficiaries) ||
		held.Address == nil || held.Address.AddressInput != first.Address.AddressInput || !held.Address.ValidFrom.Equal(first.Address.ValidFrom) {
		t.Fatalf("member held %+v, generated %+v", held, first)
	}
	// Each member is in its home branch's feed.
	tok, dev, err := app.AddDevice(ctx, "demo counter", first.HomeBranch)
	if err != nil || tok == "" {
		t.Fatal(err)
	}
	found := false
	for after, more := int64(0), true; more && !found; {
		page, err := app.Feed(ctx, dev, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			found = found || it.Kind == wire.ItemMember && it.Member.RegNo == first.RegNo
		}
		after, more = page.Next, page.More
	}
	if !found {
		t.Fatal("seeded member missing from its branch's feed")
	}
	if err := app.SeedDemo(ctx, 10, 7, now, nil); !errors.Is(err, central.ErrNotEmpty) {
		t.Fatalf("seeding a centre with members: %v", err)
	}
}
