package service

import (
	"context"
	"regexp"
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
	Branch      string // required for agents and supervisors; empty for admins
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

func (n NewUser) normalised() (store.User, error) {
	var u store.User
	var err error
	if u.Username, err = domain.ParseUsername(n.Username); err != nil {
		return u, err
	}
	if u.DisplayName, err = domain.RequireText("display_name", n.DisplayName, 80); err != nil {
		return u, err
	}
	if u.Role, err = domain.ParseRole(n.Role); err != nil {
		return u, err
	}
	if u.Role != domain.RoleAdmin {
		if u.Branch, err = parseBranchCode(n.Branch); err != nil {
			return u, err
		}
	}
	return u, domain.CheckNewPassword(n.Password)
}

var branchCodePattern = regexp.MustCompile(`^[A-Z]{2,5}[0-9]{0,3}$`)

func parseBranchCode(s string) (string, error) {
	c, err := domain.RequireText("branch", s, 8)
	if err != nil {
		return "", err
	}
	if !branchCodePattern.MatchString(c) {
		return "", domain.NewFieldError("branch", domain.KeyBranchFormat)
	}
	return c, nil
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

// AddUser creates an account (admins only).
func (s *Service) AddUser(ctx context.Context, sess Session, n NewUser) error {
	if err := domain.Authorize(sess.Role, domain.ActionManageUsers); err != nil {
		return err
	}
	u, err := n.validated()
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.stillAllowed(ctx, tx, sess, domain.ActionManageUsers); err != nil {
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

// UserView is an account as listings show it (never the hash).
type UserView struct {
	Username, DisplayName string
	Role                  domain.Role
	Branch                string
	Disabled, Locked      bool
}

// ListUsers lists the accounts (admins only).
func (s *Service) ListUsers(ctx context.Context, sess Session) ([]UserView, error) {
	if err := domain.Authorize(sess.Role, domain.ActionManageUsers); err != nil {
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
			Branch: u.Branch, Disabled: u.Disabled, Locked: u.Lock.Locked(now)}
	}
	return out, nil
}
