package sqlitedb

import "database/sql"

// Scanner is a row: *sql.Row or *sql.Rows.
type Scanner = interface{ Scan(dest ...any) error }

// Collect returns a function that scans every row of a query's result with
// scan; a query's two results go straight in:
// Collect(scan)(db.QueryContext(...)).
func Collect[T any](scan func(Scanner) (T, error)) func(*sql.Rows, error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		var out []T
		err = Each(rows, err, func(row Scanner) error {
			v, err := scan(row)
			out = append(out, v)
			return err
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// Each calls fn on every row of a query's result, given as the query
// returned it (rows and err), until fn fails; it closes the rows.
func Each(rows *sql.Rows, err error, fn func(Scanner) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Column scans a one-column row.
func Column[T any](row Scanner) (T, error) {
	var v T
	err := row.Scan(&v)
	return v, err
}
