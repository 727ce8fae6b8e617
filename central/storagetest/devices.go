package storagetest

import (
	"reflect"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

// Branches are listed in byte order of their codes (as SQLite's BINARY
// collation), whatever the database's locale.
func branches(e *env) {
	e.read(func(r central.Reader) error {
		_, ok, err := r.Branch(e.ctx, rabat)
		if ok || err != nil {
			e.t.Errorf("unknown branch: ok %v, err %v", ok, err)
		}
		list, err := r.Branches(e.ctx)
		if len(list) != 0 || err != nil {
			e.t.Errorf("branches of an empty store: %v %v", list, err)
		}
		return nil
	})
	e.write(func(tx central.Tx) error {
		for _, code := range []string{"cas00", rabat, casa} {
			if err := tx.InsertBranch(e.ctx, branch(code)); err != nil {
				return err
			}
		}
		return nil
	})
	e.refused("a branch code twice", func(tx central.Tx) error { return tx.InsertBranch(e.ctx, branch(rabat)) })
	e.read(func(r central.Reader) error {
		b, ok, err := r.Branch(e.ctx, rabat)
		if !ok || err != nil || b != branch(rabat) {
			e.t.Errorf("branch: %+v %v %v", b, ok, err)
		}
		list, err := r.Branches(e.ctx)
		var codes []string
		for _, b := range list {
			codes = append(codes, b.Code)
		}
		if want := []string{casa, rabat, "cas00"}; !reflect.DeepEqual(codes, want) || err != nil {
			e.t.Errorf("branches: %v %v, want %v", codes, err, want)
		}
		return nil
	})
}

func devices(e *env) {
	e.seed() // holds device 1 of Rabat
	second := deviceRecord("0190a1b2-0000-7000-8000-000000000002", rabat, 2, "d2")
	casaDev := deviceRecord("0190a1b2-0000-7000-8000-000000000003", casa, 1, "d3")
	e.read(func(r central.Reader) error {
		if _, ok, err := r.Device(e.ctx, second.ID); ok || err != nil {
			e.t.Errorf("unknown device: %v %v", ok, err)
		}
		if _, ok, err := r.DeviceByTokenHash(e.ctx, "nobody"); ok || err != nil {
			e.t.Errorf("unknown token: %v %v", ok, err)
		}
		if n, err := r.MaxDeviceNumber(e.ctx, casa); n != 0 || err != nil {
			e.t.Errorf("max number of a branch with no device: %d %v", n, err)
		}
		return nil
	})
	e.write(func(tx central.Tx) error {
		if err := tx.InsertDevice(e.ctx, casaDev); err != nil {
			return err
		}
		return tx.InsertDevice(e.ctx, second)
	})
	e.refused("a device number twice in a branch", func(tx central.Tx) error {
		return tx.InsertDevice(e.ctx, deviceRecord("0190a1b2-0000-7000-8000-000000000004", rabat, 2, "d4"))
	})
	e.refused("a device of an unknown branch", func(tx central.Tx) error {
		return tx.InsertDevice(e.ctx, deviceRecord("0190a1b2-0000-7000-8000-000000000005", "TAN01", 1, "d5"))
	})
	revoked, seen := t0.Add(time.Hour), t0.Add(2*time.Hour)
	e.write(func(tx central.Tx) error {
		if err := tx.RevokeDevice(e.ctx, second.ID, revoked); err != nil {
			return err
		}
		if err := tx.RevokeDevice(e.ctx, second.ID, revoked.Add(time.Hour)); err != nil {
			return err
		}
		return tx.TouchDevice(e.ctx, second.ID, seen)
	})
	second.RevokedAt, second.LastSeen = &revoked, &seen
	e.read(func(r central.Reader) error {
		got, ok, err := r.Device(e.ctx, second.ID)
		if !ok || err != nil || !reflect.DeepEqual(got, second) {
			e.t.Errorf("device (first revocation kept):\n got %+v\nwant %+v (%v %v)", got, second, ok, err)
		}
		if got, ok, err := r.DeviceByTokenHash(e.ctx, "d3"); !ok || err != nil || !reflect.DeepEqual(got, casaDev) {
			e.t.Errorf("by token: %+v %v %v", got, ok, err)
		}
		if n, err := r.MaxDeviceNumber(e.ctx, rabat); n != 2 || err != nil {
			e.t.Errorf("max number of Rabat: %d %v", n, err)
		}
		list, err := r.Devices(e.ctx)
		if len(list) != 3 || err != nil || list[0].ID != casaDev.ID || list[1].ID != device || list[2].ID != second.ID {
			e.t.Errorf("devices by branch and number: %+v %v", list, err)
		}
		return nil
	})
}

func accounts(e *env) {
	e.seed()
	agent := central.AccountRecord{Username: "amina", DisplayName: "Amina B.", Role: domain.RoleAgent, Branch: rabat,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", MustChangePassword: true, CreatedAt: t0, UpdatedAt: t0}
	admin := central.AccountRecord{Username: "admin", DisplayName: "Admin", Role: domain.RoleAdmin,
		PasswordHash: "h", CreatedAt: t0, UpdatedAt: t0}
	e.read(func(r central.Reader) error {
		if _, ok, err := r.Account(e.ctx, "amina"); ok || err != nil {
			e.t.Errorf("unknown account: %v %v", ok, err)
		}
		return nil
	})
	e.write(func(tx central.Tx) error {
		if err := tx.InsertAccount(e.ctx, agent); err != nil {
			return err
		}
		return tx.InsertAccount(e.ctx, admin)
	})
	e.refused("a username twice", func(tx central.Tx) error { return tx.InsertAccount(e.ctx, agent) })
	bad := agent
	bad.Username, bad.Branch = "omar", "TAN01"
	e.refused("an account of an unknown branch", func(tx central.Tx) error { return tx.InsertAccount(e.ctx, bad) })

	// An update changes the display name, hash, flags and UpdatedAt only.
	upd := agent
	upd.DisplayName, upd.PasswordHash, upd.Disabled, upd.MustChangePassword = "Amina Bennani", "h2", true, false
	upd.UpdatedAt = t0.Add(time.Hour)
	changed := upd
	changed.Role, changed.Branch, changed.CreatedAt = domain.RoleSupervisor, casa, t0.Add(time.Minute)
	e.write(func(tx central.Tx) error { return tx.UpdateAccount(e.ctx, changed) })
	e.read(func(r central.Reader) error {
		got, ok, err := r.Account(e.ctx, "amina")
		if !ok || err != nil || !reflect.DeepEqual(got, upd) {
			e.t.Errorf("after update:\n got %+v\nwant %+v", got, upd)
		}
		list, err := r.Accounts(e.ctx)
		if len(list) != 2 || err != nil || !reflect.DeepEqual(list[0], admin) || list[1].Username != "amina" {
			e.t.Errorf("accounts by username (the admin with no branch): %+v %v", list, err)
		}
		return nil
	})
}
