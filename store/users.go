package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// User is an account as the device stores it.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         domain.Role
	Branch       string // empty for admins, who serve no branch
	PasswordHash string
	Lock         domain.LockState
	Disabled     bool
	// MustChangePassword is set by a reset (here or at the centre): the
	// next sign-in must choose a new password before anything else.
	MustChangePassword bool
	CreatedAt          time.Time
}

const userColumns = `id, username, display_name, role, coalesce(branch_code, ''), password_hash,
	failed_attempts, locked_until, disabled, must_change_password, created_at`

func scanUser(row sqlitedb.Scanner) (User, error) {
	var u User
	var locked, created string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.Branch, &u.PasswordHash,
		&u.Lock.Failures, &locked, &u.Disabled, &u.MustChangePassword, &created)
	if err != nil {
		return u, err
	}
	if u.Lock.LockedUntil, err = parseTime(locked); err != nil {
		return u, err
	}
	u.CreatedAt, err = parseTime(created)
	return u, err
}

// UserByName returns an account, or ok=false when there is none.
func (t *Tx) UserByName(ctx context.Context, username string) (User, bool, error) {
	return userByName(ctx, t.tx, username)
}

// UserByName reads an account outside any transaction.
func (db *DB) UserByName(ctx context.Context, username string) (User, bool, error) {
	return userByName(ctx, db.r, username)
}

func userByName(ctx context.Context, q queryer, username string) (User, bool, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, false, nil
	}
	return u, err == nil, err
}

// CountUsers returns how many accounts exist.
func (t *Tx) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// InsertUser adds an account.
func (t *Tx) InsertUser(ctx context.Context, u User) (int64, error) {
	var branch any
	if u.Branch != "" {
		branch = u.Branch
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO users (username, display_name, role, branch_code,
		password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.Username, u.DisplayName, u.Role, branch, u.PasswordHash, u.MustChangePassword, formatTime(u.CreatedAt))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// SetLockState records an account's failed sign-ins on this device.
func (t *Tx) SetLockState(ctx context.Context, userID int64, s domain.LockState) error {
	locked := ""
	if !s.LockedUntil.IsZero() {
		locked = formatTime(s.LockedUntil)
	}
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?`,
		s.Failures, locked, userID)
	return err
}

// SetPassword replaces an account's password hash; mustChange says whether
// the next sign-in has to choose another one (after a reset).
func (t *Tx) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?`,
		hash, mustChange, userID)
	return err
}

// DisableUser disables an account: it can no longer sign in, and its
// open sessions stop at their next write.
func (t *Tx) DisableUser(ctx context.Context, userID int64) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET disabled = 1 WHERE id = ?`, userID)
	return err
}

// Users lists every account by username.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	return sqlitedb.Collect(scanUser)(db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`))
}
