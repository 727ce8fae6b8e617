package service

import (
	"context"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// Session is a signed-in user. Every operation takes it and checks the
// role itself.
type Session struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        domain.Role
	Branch      string
	// MustChangePassword: the password was reset (here or at the centre).
	// The session may only change it (ChangePassword); every other
	// operation refuses with domain.ErrPasswordChange until then.
	MustChangePassword bool
}

// dummyHash is verified against when the account does not exist, so a
// wrong username costs as much time as a wrong password. It is a constant
// (domain.HashPassword of a throwaway string) rather than hashed when the
// program starts, which took ~100 ms and 19 MiB of every console start;
// TestDummyHashHasDomainParameters keeps its parameters domain's.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$XGF1BgA+jzzytpTmaj4Y4Q$uUy6L4ep+CgKPSXNhFCqyCOttgnDnhCYz91nuIkC2Zk"

// SignIn checks a username and password, applying the device's lockout,
// and audits the attempt whatever its outcome.
func (s *Service) SignIn(ctx context.Context, username, password string) (Session, error) {
	name, nameErr := domain.ParseUsername(username)
	// The slow hash runs outside the write transaction so that a sign-in
	// never holds the writer for ~50 ms.
	pre, found, err := s.db.UserByName(ctx, name)
	if err != nil {
		return Session{}, err
	}
	hash := dummyHash
	if found && nameErr == nil {
		hash = pre.PasswordHash
	}
	passwordOK := domain.VerifyPassword(hash, password) && found && nameErr == nil

	var sess Session
	var refusal error
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		u, ok, err := tx.UserByName(ctx, name)
		if err != nil {
			return err
		}
		now := s.now()
		fail := func(reason string, e error) error {
			refusal = e
			return s.audit(ctx, tx, auditActorName(username), domain.AuditSignInFailed, "", map[string]any{"reason": reason})
		}
		switch {
		case !ok || nameErr != nil:
			return fail("unknown_user", domain.ErrBadCredentials)
		case u.Disabled:
			return fail("disabled", domain.ErrAccountDisabled)
		case u.Lock.Locked(now):
			return fail("locked", domain.ErrAccountLocked)
		}
		if u.PasswordHash != pre.PasswordHash { // changed meanwhile
			passwordOK = domain.VerifyPassword(u.PasswordHash, password)
		}
		if !passwordOK {
			next := s.policy.Lockout.AfterFailure(u.Lock, now)
			if err := tx.SetLockState(ctx, u.ID, next); err != nil {
				return err
			}
			if next.Locked(now) {
				return fail("password_now_locked", domain.ErrAccountLocked)
			}
			return fail("password", domain.ErrBadCredentials)
		}
		if u.Lock != (domain.LockState{}) {
			if err := tx.SetLockState(ctx, u.ID, domain.LockState{}); err != nil {
				return err
			}
		}
		sess = Session{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Branch: u.Branch,
			MustChangePassword: u.MustChangePassword}
		detail := map[string]any{"role": string(u.Role)}
		if u.MustChangePassword {
			detail["must_change_password"] = true
		}
		return s.audit(ctx, tx, u.Username, domain.AuditSignIn, u.Username, detail)
	})
	if err != nil {
		return Session{}, err
	}
	if refusal != nil {
		return Session{}, refusal
	}
	return sess, nil
}

// actorNow re-reads the session's account inside a write transaction, so
// that a disabled account, a changed role or branch or a password reset
// (the centre's feed may bring one mid-session) takes effect at once rather
// than at the next sign-in.
func (s *Service) actorNow(ctx context.Context, tx *store.Tx, sess Session) (domain.Actor, error) {
	u, ok, err := tx.UserByName(ctx, sess.Username)
	switch {
	case err != nil:
		return domain.Actor{}, err
	case !ok || u.Disabled:
		return domain.Actor{}, domain.ErrAccountDisabled
	case u.MustChangePassword:
		return domain.Actor{}, domain.ErrPasswordChange
	}
	return domain.Actor{Username: u.Username, Role: u.Role, Branch: u.Branch}, nil
}

// authorize is the entry check of an operation: a session that must change
// its password may do nothing else, and the role must allow the action.
func authorize(sess Session, action domain.Action) error {
	if sess.MustChangePassword && action != domain.ActionChangeOwnPassword {
		return domain.ErrPasswordChange
	}
	return domain.Authorize(sess.Role, action)
}

// stillAllowed checks, inside a write, that the session's account may still
// perform action.
func (s *Service) stillAllowed(ctx context.Context, tx *store.Tx, sess Session, action domain.Action) error {
	actor, err := s.actorNow(ctx, tx, sess)
	if err != nil {
		return err
	}
	return domain.Authorize(actor.Role, action)
}

// auditActorName keeps what was typed as a username printable and short.
func auditActorName(typed string) string {
	s := domain.Sanitize(typed)
	for utf8.RuneCountInString(s) > 64 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
