package sqlitedb

import "database/sql"

// Scanner is a row: *sql.Row or *sql.Rows.
type Scanner = interface{ Scan(dest ...any) error }

// Collect returns a function that scans every row of a query's result with
// scan; a query's two results go straight in:
// Collect(scan)(db.QueryContext(...)).
func Collect[T any](scan func(Scanner) (T, error)) func(*sql.Rows, error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []T
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
}

// Column scans a one-column row.
func Column[T any](row Scanner) (T, error) {
	var v T
	err := row.Scan(&v)
	return v, err
}
