package sqlite

import (
	"context"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

const accountColumns = `username, display_name, role, coalesce(branch, ''), password_hash, disabled,
	must_change_password, created_at, updated_at`

func scanAccount(row sqlitedb.Scanner) (central.AccountRecord, error) {
	var a central.AccountRecord
	var role, created, updated string
	err := row.Scan(&a.Username, &a.DisplayName, &role, &a.Branch, &a.PasswordHash, &a.Disabled,
		&a.MustChangePassword, &created, &updated)
	a.Role = domain.Role(role)
	if err == nil {
		a.CreatedAt, err = sqlitedb.ParseTime(created)
	}
	if err == nil {
		a.UpdatedAt, err = sqlitedb.ParseTime(updated)
	}
	return a, err
}

// Account reads an account by username.
func (r *reader) Account(ctx context.Context, username string) (central.AccountRecord, bool, error) {
	rows, err := r.query(ctx, `SELECT `+accountColumns+` FROM accounts WHERE username = ?`, username)
	list, err := sqlitedb.Collect(scanAccount)(rows, err)
	if err != nil || len(list) == 0 {
		return central.AccountRecord{}, false, err
	}
	return list[0], true, nil
}

// Accounts lists the accounts by username.
func (r *reader) Accounts(ctx context.Context) ([]central.AccountRecord, error) {
	rows, err := r.query(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY username`)
	return sqlitedb.Collect(scanAccount)(rows, err)
}

// nullText stores "" as NULL (an admin with no branch).
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// InsertAccount adds an account.
func (w *writer) InsertAccount(ctx context.Context, a central.AccountRecord) error {
	_, err := w.exec(ctx, `INSERT INTO accounts (username, display_name, role, branch, password_hash, disabled,
		must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Username, a.DisplayName, string(a.Role), nullText(a.Branch), a.PasswordHash, bit(a.Disabled),
		bit(a.MustChangePassword), sqlitedb.FormatTime(a.CreatedAt), sqlitedb.FormatTime(a.UpdatedAt))
	return err
}

// UpdateAccount rewrites an account's display name, hash and flags.
func (w *writer) UpdateAccount(ctx context.Context, a central.AccountRecord) error {
	_, err := w.exec(ctx, `UPDATE accounts SET display_name = ?, password_hash = ?, disabled = ?,
		must_change_password = ?, updated_at = ? WHERE username = ?`,
		a.DisplayName, a.PasswordHash, bit(a.Disabled), bit(a.MustChangePassword), sqlitedb.FormatTime(a.UpdatedAt), a.Username)
	return err
}
