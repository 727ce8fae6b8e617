package main

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// openStorage opens the centre's storage named by dsn: a PostgreSQL URL
// or an SQLite file (created when absent).
func openStorage(ctx context.Context, dsn string) (central.Storage, error) {
	if postgres.IsDSN(dsn) {
		return postgres.Open(ctx, dsn, postgres.Options{})
	}
	return sqlite.Open(ctx, dsn)
}

// prepare makes the centre ready for the run on app: the demo population
// when it has no members, then for every branch the devices use an agent
// and a supervisor (kept from an earlier run), and the devices, each with
// its share of the branch's active members that have no pending request.
func prepare(ctx context.Context, st central.Storage, app *central.App, cfg config, log func(string, ...any)) ([]*device, error) {
	var has bool
	if err := st.Read(ctx, func(r central.Reader) (err error) { has, err = r.HasMembers(ctx); return err }); err != nil {
		return nil, err
	}
	if !has {
		log("seeding the demo centre: %d members", cfg.members)
		t0 := time.Now()
		if err := app.SeedDemo(ctx, cfg.members, cfg.seed, time.Now(), nil); err != nil {
			return nil, err
		}
		log("seeded in %s", time.Since(t0).Round(time.Millisecond))
	}
	branches, err := app.Branches(ctx)
	if err != nil {
		return nil, err
	}
	if len(branches) == 0 {
		return nil, fmt.Errorf("the centre has no branch")
	}
	perBranch := map[string][]*device{}
	var devices []*device
	for i := range cfg.devices {
		b := branches[i%len(branches)].Code
		d := &device{branch: b, agent: accountName("agent", b), supervisor: accountName("super", b),
			rnd: rand.New(rand.NewPCG(uint64(cfg.seed), uint64(i)))}
		perBranch[b] = append(perBranch[b], d)
		devices = append(devices, d)
	}
	log("creating %d devices and the accounts of %d branches", len(devices), len(perBranch))
	for b, ds := range perBranch {
		if err := ensureAccounts(ctx, st, app, b); err != nil {
			return nil, err
		}
		for _, d := range ds {
			token, dev, err := app.AddDevice(ctx, "load "+b, b)
			if err != nil {
				return nil, err
			}
			d.id, d.token = dev.ID, token
			d.refNext, d.refLast = domain.RequestNumbers(dev.Number)
		}
		if err := shareMembers(ctx, st, b, ds, cfg.perDevice); err != nil {
			return nil, err
		}
	}
	var head int64
	if err := st.Read(ctx, func(r central.Reader) (err error) { head, err = r.FeedHead(ctx); return err }); err != nil {
		return nil, err
	}
	for _, d := range devices {
		d.cursor = head // as if provisioned a moment ago
	}
	return devices, nil
}

// accountName is the load's account of a role in a branch (lower case:
// usernames are).
func accountName(role, branch string) string {
	return "load-" + role + "-" + strings.ToLower(branch)
}

// ensureAccounts creates the branch's load agent and supervisor unless an
// earlier run did. Their passwords are random and never used: devices
// name the actor of each entry; no one signs in.
func ensureAccounts(ctx context.Context, st central.Storage, app *central.App, branch string) error {
	for _, a := range []struct {
		role domain.Role
		name string
	}{{domain.RoleAgent, accountName("agent", branch)}, {domain.RoleSupervisor, accountName("super", branch)}} {
		var exists bool
		err := st.Read(ctx, func(r central.Reader) (err error) { _, exists, err = r.Account(ctx, a.name); return err })
		if err != nil {
			return err
		}
		if exists {
			continue
		}
		pw := make([]byte, 16)
		crand.Read(pw)
		if err := app.AddUser(ctx, central.NewUser{Username: a.name, DisplayName: "Load " + string(a.role) + " " + branch,
			Role: a.role, Branch: branch, Password: hex.EncodeToString(pw)}); err != nil {
			return fmt.Errorf("account %s: %w", a.name, err)
		}
	}
	return nil
}

// shareMembers deals the branch's first members (in feed order) that are
// active and have no pending request to its devices, up to perDevice each.
func shareMembers(ctx context.Context, st central.Storage, branch string, ds []*device, perDevice int) error {
	want := len(ds) * perDevice
	return st.Read(ctx, func(r central.Reader) error {
		after, dealt, seen := int64(0), 0, map[string]bool{}
		for dealt < want {
			rows, err := r.FeedAfter(ctx, branch, after, wire.MaxFeedPage)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				break
			}
			after = rows[len(rows)-1].Seq
			var regnos []string
			for _, row := range rows {
				if row.Kind == wire.ItemMember {
					regnos = append(regnos, row.Key)
				}
			}
			found, err := r.Members(ctx, regnos)
			if err != nil {
				return err
			}
			for _, regno := range regnos {
				m, ok := found[regno]
				if !ok || seen[regno] || m.HomeBranch != branch || m.Status != "active" || dealt == want {
					continue
				}
				seen[regno] = true
				if pending, err := r.PendingRequestExists(ctx, regno); err != nil {
					return err
				} else if pending {
					continue
				}
				d := ds[dealt%len(ds)]
				d.members = append(d.members, member{regno: m.RegNo, cin: m.CIN, version: m.Version})
				dealt++
			}
		}
		for _, d := range ds {
			if len(d.members) == 0 {
				return fmt.Errorf("branch %s has too few active members for %d devices", branch, len(ds))
			}
		}
		return nil
	})
}
