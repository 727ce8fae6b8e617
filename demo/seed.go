package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cnops/guichet/store"
)

// Options say what population to make.
type Options struct {
	Members int       // number of insured members, at most MaxMembers
	Seed    int64     // deterministic: same seed and count give identical data
	Now     time.Time // reference day for ages and address dates
}

// Progress is called now and then (about every 1 % or 10,000 members) with
// the members written so far and the total; the last call is (total, total)
// once the load is committed and indexed.
type Progress func(done, total int)

// Stats count the rows Seed wrote.
type Stats struct {
	Members, Beneficiaries, Addresses, Branches int
}

// ErrNotEmpty is returned when the database already holds members: the
// seeder only fills a new database, never mixes with real records.
var ErrNotEmpty = errors.New("demo: the database already has members")

// Seed fills a database that has been migrated but holds no members:
// branches, members, beneficiaries and addresses, in one bulk transaction
// (nothing is kept if it fails). It does not create accounts, the device id
// or the demo flag. progress may be nil.
func Seed(ctx context.Context, db *store.DB, opts Options, progress Progress) (Stats, error) {
	var st Stats
	switch {
	case opts.Members < 0 || opts.Members > MaxMembers:
		return st, fmt.Errorf("demo: members must be between 0 and %d, not %d", MaxMembers, opts.Members)
	case opts.Now.IsZero():
		return st, errors.New("demo: Options.Now is required")
	}
	t, err := loadTables()
	if err != nil {
		return st, fmt.Errorf("demo: reference data: %w", err)
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	err = db.BulkLoad(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM members)`).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return ErrNotEmpty
		}
		if err := writeBranches(ctx, tx, t.branches); err != nil {
			return err
		}
		st.Branches = len(t.branches)
		w, err := newRowWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		g := newGenerator(t, opts.Seed, opts.Now)
		step := progressStep(opts.Members)
		for i := range opts.Members {
			if i%step == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				progress(i, opts.Members)
			}
			if err := w.write(g.member(i), &st); err != nil {
				return fmt.Errorf("demo: member %d: %w", i+1, err)
			}
		}
		return w.flush()
	})
	if err != nil {
		return Stats{}, err
	}
	progress(opts.Members, opts.Members)
	return st, nil
}

// progressStep is 1 % of the total, at most 10,000 members.
func progressStep(total int) int {
	return max(1, min(10_000, total/100))
}

func writeBranches(ctx context.Context, tx *sql.Tx, branches []Branch) error {
	for _, b := range branches {
		if _, err := tx.ExecContext(ctx, `INSERT INTO branches (code, name, city, region) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city, region = excluded.region`,
			b.Code, b.Name, b.City, b.Region); err != nil {
			return fmt.Errorf("demo: branch %s: %w", b.Code, err)
		}
	}
	return nil
}
