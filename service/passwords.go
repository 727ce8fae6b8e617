package service

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// ChangePassword sets the session's own password (any role), proving the
// current one first. It is the one operation a session that must change
// its password may run, and it lifts that requirement. On a provisioned
// console the new argon2id hash (never the password) is queued for the
// centre in the same transaction, and the local hash changes at once so
// that the user can sign in offline; the feed leaves the account alone
// while the entry is pending. It returns the session as it now stands.
func (s *Service) ChangePassword(ctx context.Context, sess Session, current, next string) (Session, error) {
	if err := authorize(sess, domain.ActionChangeOwnPassword); err != nil {
		return sess, err
	}
	if err := domain.CheckNewPassword(next); err != nil {
		return sess, err
	}
	// The slow hashes run outside the write transaction, as at sign-in.
	pre, ok, err := s.db.UserByName(ctx, sess.Username)
	switch {
	case err != nil:
		return sess, err
	case !ok || pre.Disabled:
		return sess, domain.ErrAccountDisabled
	}
	if err := checkPasswordChange(pre.PasswordHash, current, next); err != nil {
		return sess, err
	}
	hash, err := domain.HashPassword(next)
	if err != nil {
		return sess, err
	}
	var queued bool
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		u, ok, err := tx.UserByName(ctx, sess.Username)
		switch {
		case err != nil:
			return err
		case !ok || u.Disabled:
			return domain.ErrAccountDisabled
		}
		if err := domain.Authorize(u.Role, domain.ActionChangeOwnPassword); err != nil {
			return err
		}
		if u.PasswordHash != pre.PasswordHash { // changed meanwhile (a reset came down the feed)
			if err := checkPasswordChange(u.PasswordHash, current, next); err != nil {
				return err
			}
		}
		if err := tx.SetPassword(ctx, u.ID, hash, false); err != nil {
			return err
		}
		if queued, err = tx.Provisioned(ctx); err != nil {
			return err
		}
		now := s.now().UTC()
		if queued {
			change := wire.PasswordChange{Username: u.Username, PasswordHash: hash, At: now}
			if _, err := tx.EnqueueEntry(ctx, wire.KindPasswordChanged, store.AccountHoldPrefix+u.Username, now, change); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, u.Username, domain.AuditPasswordChanged, u.Username,
			map[string]any{"forced": u.MustChangePassword, "sent_to_centre": queued})
	})
	if err != nil {
		return sess, err
	}
	if queued {
		s.kick()
	}
	sess.MustChangePassword = false
	return sess, nil
}

// checkPasswordChange proves the current password against hash and refuses
// a new password equal to it.
func checkPasswordChange(hash, current, next string) error {
	if !domain.VerifyPassword(hash, current) {
		return domain.ErrBadCredentials
	}
	if next == current {
		return domain.NewFieldError("password", domain.KeyPasswordSame)
	}
	return nil
}

// ResetPassword gives another account a new password that its owner must
// change at the next sign-in (admins only, on a console that manages its
// own accounts; the centre resets them once provisioned). It also clears
// the account's lockout on this device.
func (s *Service) ResetPassword(ctx context.Context, sess Session, username, next string) error {
	if err := authorize(sess, domain.ActionManageUsers); err != nil {
		return err
	}
	if err := domain.CheckNewPassword(next); err != nil {
		return err
	}
	hash, err := domain.HashPassword(next)
	if err != nil {
		return err
	}
	return s.changeAccount(ctx, sess, username, func(tx *store.Tx, u store.User) error {
		if err := tx.SetPassword(ctx, u.ID, hash, true); err != nil {
			return err
		}
		if err := tx.SetLockState(ctx, u.ID, domain.LockState{}); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditPasswordReset, u.Username, nil)
	})
}
