// Package store owns the console's SQLite database: the embedded goose
// migrations, the connection set-up (one writer connection with immediate
// transactions, a read-only pool), the queries, and the device's audit hash
// chain. It holds no business rule: package service decides, store records.
package store
