package central

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// NewUser is an account to create at the centre.
type NewUser struct {
	Username, DisplayName string
	Role                  domain.Role
	// Branch is required for agents and supervisors. An admin may have
	// one (the devices of that branch then keep the account) or none (a
	// centre-only admin no device keeps).
	Branch, Password string
}

// UserInfo is an account as the administration lists it (never the hash).
type UserInfo struct {
	Username, DisplayName        string
	Role                         domain.Role
	Branch                       string
	Disabled, MustChangePassword bool
	CreatedAt                    time.Time
}

// validated checks every field of a new account (domain.CheckNewAccount)
// and returns it to store, with the password hashed (the slow part,
// outside any transaction).
func (n NewUser) validated(now time.Time) (AccountRecord, error) {
	a, err := domain.CheckNewAccount(domain.NewAccount{Username: n.Username, DisplayName: n.DisplayName,
		Role: n.Role, Branch: n.Branch, Password: n.Password})
	if err != nil {
		return AccountRecord{}, err
	}
	acc := AccountRecord{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Branch: a.Branch,
		CreatedAt: now, UpdatedAt: now}
	acc.PasswordHash, err = domain.HashPassword(a.Password)
	return acc, err
}

// AddUser creates an account; usernames are unique across the centre. The
// devices of its branch receive it through the feed.
func (a *App) AddUser(ctx context.Context, u NewUser) error {
	acc, err := u.validated(a.now())
	if err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx Tx) error { return a.insertAccount(ctx, tx, acc) })
}

func (a *App) insertAccount(ctx context.Context, tx Tx, acc AccountRecord) error {
	if _, exists, err := tx.Account(ctx, acc.Username); err != nil {
		return err
	} else if exists {
		return domain.ErrUserExists
	}
	if acc.Branch != "" {
		if _, ok, err := tx.Branch(ctx, acc.Branch); err != nil {
			return err
		} else if !ok {
			return domain.ErrUnknownBranch
		}
	}
	if err := tx.InsertAccount(ctx, acc); err != nil {
		return err
	}
	return accountChanged(ctx, tx, acc)
}

// accountChanged puts the account in its branch's feed (a centre admin
// with no branch is in none).
func accountChanged(ctx context.Context, tx Tx, acc AccountRecord) error {
	if acc.Branch == "" {
		return nil
	}
	return tx.AppendFeed(ctx, wire.ItemAccount, acc.Username, acc.Branch)
}

// Users lists the accounts by username.
func (a *App) Users(ctx context.Context) ([]UserInfo, error) {
	list, err := read(ctx, a.st, func(r Reader) ([]AccountRecord, error) { return r.Accounts(ctx) })
	out := make([]UserInfo, len(list))
	for i, u := range list {
		out[i] = UserInfo{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Branch: u.Branch,
			Disabled: u.Disabled, MustChangePassword: u.MustChangePassword, CreatedAt: u.CreatedAt}
	}
	return out, err
}

// DisableUser disables an account; its devices stop it on their next pull.
func (a *App) DisableUser(ctx context.Context, username string) error {
	return a.updateAccount(ctx, username, func(acc *AccountRecord) { acc.Disabled = true })
}

// ResetPassword sets a new password that the user must change at the next
// sign-in.
func (a *App) ResetPassword(ctx context.Context, username, newPassword string) error {
	if err := domain.CheckNewPassword(newPassword); err != nil {
		return err
	}
	hash, err := domain.HashPassword(newPassword)
	if err != nil {
		return err
	}
	return a.updateAccount(ctx, username, func(acc *AccountRecord) {
		acc.PasswordHash, acc.MustChangePassword = hash, true
	})
}

// updateAccount changes an existing account and feeds it to its branch.
func (a *App) updateAccount(ctx context.Context, username string, change func(*AccountRecord)) error {
	name, err := domain.ParseUsername(username)
	if err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx Tx) error {
		acc, ok, err := tx.Account(ctx, name)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrUserNotFound
		}
		change(&acc)
		acc.UpdatedAt = a.now()
		if err := tx.UpdateAccount(ctx, acc); err != nil {
			return err
		}
		return accountChanged(ctx, tx, acc)
	})
}

// validBranch checks a branch's fields and returns it cleaned.
func validBranch(b wire.Branch) (wire.Branch, error) {
	var err error
	if b.Code, err = domain.ParseBranchCode(b.Code); err != nil {
		return b, err
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"name", &b.Name}, {"city", &b.City}, {"region", &b.Region}} {
		if *f.v, err = domain.RequireText(f.name, *f.v, 80); err != nil {
			return b, err
		}
	}
	return b, nil
}

// AddBranch adds a branch office; every device receives it.
func (a *App) AddBranch(ctx context.Context, b wire.Branch) error {
	b, err := validBranch(b)
	if err != nil {
		return err
	}
	return a.st.Write(ctx, func(tx Tx) error {
		if _, exists, err := tx.Branch(ctx, b.Code); err != nil {
			return err
		} else if exists {
			return domain.NewFieldError("branch", domain.KeyBranchExists)
		}
		return insertBranch(ctx, tx, b)
	})
}

func insertBranch(ctx context.Context, tx Tx, b wire.Branch) error {
	if err := tx.InsertBranch(ctx, b); err != nil {
		return err
	}
	return tx.AppendFeed(ctx, wire.ItemBranch, b.Code, AllBranches)
}

// Branches lists the branches by code.
func (a *App) Branches(ctx context.Context) ([]wire.Branch, error) {
	return read(ctx, a.st, func(r Reader) ([]wire.Branch, error) { return r.Branches(ctx) })
}
