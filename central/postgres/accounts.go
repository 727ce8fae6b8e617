package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

const accountColumns = `username, display_name, role, coalesce(branch, ''), password_hash, disabled,
	must_change_password, created_at, updated_at`

func scanAccount(row pgx.Rows) (central.AccountRecord, error) {
	var a central.AccountRecord
	var role string
	err := row.Scan(&a.Username, &a.DisplayName, &role, &a.Branch, &a.PasswordHash, &a.Disabled,
		&a.MustChangePassword, &a.CreatedAt, &a.UpdatedAt)
	a.Role, a.CreatedAt, a.UpdatedAt = domain.Role(role), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

// Account reads an account by username.
func (r *reader) Account(ctx context.Context, username string) (central.AccountRecord, bool, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+accountColumns+` FROM accounts WHERE username = $1`+r.locking(""), username)
	list, err := collect(rows, err, scanAccount)
	if err != nil || len(list) == 0 {
		return central.AccountRecord{}, false, err
	}
	return list[0], true, nil
}

// Accounts lists the accounts by username.
func (r *reader) Accounts(ctx context.Context) ([]central.AccountRecord, error) {
	rows, err := r.tx.Query(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY username`)
	return collect(rows, err, scanAccount)
}

// InsertAccount adds an account; a centre admin's "" branch is NULL.
func (w *writer) InsertAccount(ctx context.Context, a central.AccountRecord) error {
	err := w.hold(ctx, `INSERT INTO accounts (username, display_name, role, branch, password_hash, disabled,
		must_change_password, created_at, updated_at) VALUES ($1, $2, $3, nullif($4, ''), $5, $6, $7, $8, $9)`,
		a.Username, a.DisplayName, string(a.Role), a.Branch, a.PasswordHash, a.Disabled, a.MustChangePassword,
		a.CreatedAt, a.UpdatedAt)
	return err
}

// UpdateAccount rewrites an account's display name, hash and flags.
func (w *writer) UpdateAccount(ctx context.Context, a central.AccountRecord) error {
	err := w.hold(ctx, `UPDATE accounts SET display_name = $1, password_hash = $2, disabled = $3,
		must_change_password = $4, updated_at = $5 WHERE username = $6`,
		a.DisplayName, a.PasswordHash, a.Disabled, a.MustChangePassword, a.UpdatedAt, a.Username)
	return err
}
