package central

import (
	"context"
	"fmt"
	"time"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// seedChunk is how many members one seeding transaction writes: big enough
// to amortise the commit, small enough not to hold the writer for long.
const seedChunk = 2000

// SeedDemo fills an empty centre with the demo branches, the demo
// accounts (in the main demo branch, as on a demo console) and the
// deterministic demo population of the console's demo seeder, each in its
// branches' feed. A centre that already has members is refused
// (ErrNotEmpty). progress may be nil; it gets (done, total) members.
func (a *App) SeedDemo(ctx context.Context, members int, seed int64, now time.Time, progress func(done, total int)) error {
	if progress == nil {
		progress = func(int, int) {}
	}
	if members < 0 || members > demo.MaxMembers {
		return fmt.Errorf("demo: members must be between 0 and %d, not %d", demo.MaxMembers, members)
	}
	branches := demo.Branches()
	home := branches[0].Code
	var accounts []AccountRecord
	for _, acc := range demo.Accounts {
		rec, err := NewUser{Username: acc.Username, DisplayName: acc.DisplayName, Role: domain.Role(acc.Role),
			Branch: home, Password: acc.Password}.validated(a.now())
		if err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Username, err)
		}
		accounts = append(accounts, rec)
	}
	err := a.st.Write(ctx, func(tx Tx) error {
		if err := refuseMembers(ctx, tx); err != nil {
			return err
		}
		for _, b := range branches {
			wb := wire.Branch{Code: b.Code, Name: b.Name, City: b.City, Region: b.Region}
			if _, exists, err := tx.Branch(ctx, b.Code); err != nil {
				return err
			} else if !exists {
				if err := insertBranch(ctx, tx, wb); err != nil {
					return err
				}
			}
		}
		for _, acc := range accounts {
			if _, exists, err := tx.Account(ctx, acc.Username); err != nil {
				return err
			} else if !exists {
				if err := a.insertAccount(ctx, tx, acc); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	chunk := make([]wire.Member, 0, seedChunk)
	done := 0
	flush := func() error {
		err := a.st.Write(ctx, func(tx Tx) error {
			if done == 0 {
				if err := refuseMembers(ctx, tx); err != nil {
					return err
				}
			}
			for _, m := range chunk {
				if err := tx.InsertMember(ctx, m); err != nil {
					return fmt.Errorf("demo member %s: %w", m.RegNo, err)
				}
				if err := tx.AppendFeed(ctx, wire.ItemMember, m.RegNo, m.HomeBranch); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		done += len(chunk)
		chunk = chunk[:0]
		progress(done, members)
		return ctx.Err()
	}
	progress(0, members)
	err = demo.Population(demo.Options{Members: members, Seed: seed, Now: now}, func(m wire.Member) error {
		chunk = append(chunk, m)
		if len(chunk) == seedChunk {
			return flush()
		}
		return nil
	})
	if err == nil && len(chunk) > 0 {
		err = flush()
	}
	if err == nil {
		a.log.Info("demo centre seeded", "members", members, "seed", seed)
	}
	return err
}

// refuseMembers keeps the demo away from a centre in real use.
func refuseMembers(ctx context.Context, r Reader) error {
	has, err := r.HasMembers(ctx)
	if err == nil && has {
		err = ErrNotEmpty
	}
	return err
}
