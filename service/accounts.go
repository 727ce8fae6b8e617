package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// NewUser is an account to create.
type NewUser struct {
	Username    string
	DisplayName string
	Role        string
	Branch      string // required for agents and supervisors; optional for admins
	Password    string
}

// Check validates every field without storing anything, so a command can
// refuse bad input before it creates a database file.
func (n NewUser) Check() error {
	_, err := n.normalised()
	return err
}

// validated checks every field and returns the account to store, with the
// password hashed.
func (n NewUser) validated() (store.User, error) {
	u, err := n.normalised()
	if err != nil {
		return u, err
	}
	u.PasswordHash, err = domain.HashPassword(n.Password)
	return u, err
}

// normalised checks the fields with the rule the centre applies too
// (domain.CheckNewAccount).
func (n NewUser) normalised() (store.User, error) {
	a, err := domain.CheckNewAccount(domain.NewAccount{Username: n.Username, DisplayName: n.DisplayName,
		Role: domain.Role(n.Role), Branch: n.Branch, Password: n.Password})
	return store.User{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Branch: a.Branch}, err
}

// Initialise makes a new database usable: it gives the device its id and
// creates the first admin. It refuses a database that already has accounts.
func Initialise(ctx context.Context, db *store.DB, admin NewUser, now time.Time) error {
	admin.Role = string(domain.RoleAdmin)
	u, err := admin.validated()
	if err != nil {
		return err
	}
	return db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return domain.ErrAccountsExist
		}
		device, err := tx.Meta(ctx, store.MetaDeviceID)
		if err != nil {
			return err
		}
		if device == "" {
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			device = id.String()
			if err := tx.SetMeta(ctx, store.MetaDeviceID, device); err != nil {
				return err
			}
			if err := appendAudit(ctx, tx, device, now, u.Username, domain.AuditDeviceCreated, device, nil); err != nil {
				return err
			}
		}
		u.CreatedAt = now
		if _, err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		return appendAudit(ctx, tx, device, now, u.Username, domain.AuditUserAdded, u.Username,
			map[string]any{"role": string(u.Role)})
	})
}

// AddUser creates an account (admins only, on a console that manages its
// own accounts).
func (s *Service) AddUser(ctx context.Context, sess Session, n NewUser) error {
	if err := authorize(sess, domain.ActionManageUsers); err != nil {
		return err
	}
	u, err := n.validated()
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.manageHere(ctx, tx, sess); err != nil {
			return err
		}
		if _, exists, err := tx.UserByName(ctx, u.Username); err != nil {
			return err
		} else if exists {
			return domain.ErrUserExists
		}
		if u.Branch != "" {
			if _, ok, err := tx.BranchByCode(ctx, u.Branch); err != nil {
				return err
			} else if !ok {
				return domain.ErrUnknownBranch
			}
		}
		u.CreatedAt = s.now()
		if _, err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditUserAdded, u.Username,
			map[string]any{"role": string(u.Role), "branch": u.Branch})
	})
}

// MayManageUsers says whether the session may add, disable and reset
// accounts here: domain.ErrForbidden for a role other than admin,
// domain.ErrManagedByCentre on a provisioned console. Commands ask it
// before prompting for a password; the accounts screen, to say who manages
// the accounts. The operations check again themselves.
func (s *Service) MayManageUsers(ctx context.Context, sess Session) error {
	if err := authorize(sess, domain.ActionManageUsers); err != nil {
		return err
	}
	provisioned, err := s.db.Provisioned(ctx)
	if err == nil && provisioned {
		err = domain.ErrManagedByCentre
	}
	return err
}

// manageHere checks, inside a write, that the session's account is still
// an admin's and that this console manages its own accounts: once
// provisioned, the centre owns them and they come down the feed.
func (s *Service) manageHere(ctx context.Context, tx *store.Tx, sess Session) error {
	if err := s.stillAllowed(ctx, tx, sess, domain.ActionManageUsers); err != nil {
		return err
	}
	return standaloneOnly(ctx, tx, domain.ErrManagedByCentre)
}

// standaloneOnly returns refusal on a provisioned console, for what only a
// standalone console manages itself: once provisioned, the centre owns it
// and sends it down the feed.
func standaloneOnly(ctx context.Context, tx *store.Tx, refusal error) error {
	provisioned, err := tx.Provisioned(ctx)
	if err == nil && provisioned {
		err = refusal
	}
	return err
}

// accountNamed reads the account a command names, or domain.ErrUserNotFound.
func accountNamed(ctx context.Context, tx *store.Tx, username string) (store.User, error) {
	u, ok, err := tx.UserByName(ctx, username)
	if err == nil && !ok {
		err = domain.ErrUserNotFound
	}
	return u, err
}

// changeAccount runs change on the account username names, in one write,
// once manageHere allows it. The caller has authorised the session.
func (s *Service) changeAccount(ctx context.Context, sess Session, username string, change func(*store.Tx, store.User) error) error {
	name, err := domain.ParseUsername(username)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.manageHere(ctx, tx, sess); err != nil {
			return err
		}
		u, err := accountNamed(ctx, tx, name)
		if err != nil {
			return err
		}
		return change(tx, u)
	})
}

// DisableUser disables an account (admins only, on a console that manages
// its own accounts): it can no longer sign in, and its open sessions stop
// at their next write. An admin cannot disable their own account, so the
// acting admin always remains: the last enabled admin is never disabled.
func (s *Service) DisableUser(ctx context.Context, sess Session, username string) error {
	if err := authorize(sess, domain.ActionManageUsers); err != nil {
		return err
	}
	return s.changeAccount(ctx, sess, username, func(tx *store.Tx, u store.User) error {
		switch {
		case u.Username == sess.Username:
			return domain.ErrDisableSelf
		case u.Disabled:
			return nil // already: nothing changes, nothing to audit
		}
		if err := tx.DisableUser(ctx, u.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditUserDisabled, u.Username,
			map[string]any{"role": string(u.Role)})
	})
}

// UnlockUser clears an account's failed sign-ins on this device
// (supervisors and admins). Lockout is per device, so this works on a
// provisioned console too.
func (s *Service) UnlockUser(ctx context.Context, sess Session, username string) error {
	if err := authorize(sess, domain.ActionUnlockAccount); err != nil {
		return err
	}
	name, err := domain.ParseUsername(username)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.stillAllowed(ctx, tx, sess, domain.ActionUnlockAccount); err != nil {
			return err
		}
		u, err := accountNamed(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := tx.SetLockState(ctx, u.ID, domain.LockState{}); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditUserUnlocked, u.Username,
			map[string]any{"was_locked": u.Lock.Locked(s.now()), "failures": u.Lock.Failures})
	})
}

// UserView is an account as listings show it (never the hash).
type UserView struct {
	Username, DisplayName string
	Role                  domain.Role
	Branch                string
	Disabled, Locked      bool
	MustChangePassword    bool // reset: the owner chooses a new one at the next sign-in
}

// ListUsers lists the accounts (admins only; on a provisioned console too).
func (s *Service) ListUsers(ctx context.Context, sess Session) ([]UserView, error) {
	if err := authorize(sess, domain.ActionManageUsers); err != nil {
		return nil, err
	}
	users, err := s.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]UserView, len(users))
	for i, u := range users {
		out[i] = UserView{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role,
			Branch: u.Branch, Disabled: u.Disabled, Locked: u.Lock.Locked(now), MustChangePassword: u.MustChangePassword}
	}
	return out, nil
}
