package storagetest

import (
	"reflect"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// Members come back whole (every field, beneficiaries in order, the
// current address), many at once, the unknown ones absent.
func members(e *env) {
	e.read(func(r central.Reader) error {
		if has, err := r.HasMembers(e.ctx); has || err != nil {
			e.t.Errorf("HasMembers of an empty store: %v %v", has, err)
		}
		if _, ok, err := r.Member(e.ctx, rabA); ok || err != nil {
			e.t.Errorf("unknown member: %v %v", ok, err)
		}
		if got, err := r.Members(e.ctx, nil); got == nil || len(got) != 0 || err != nil {
			e.t.Errorf("Members of none: %v %v (want an empty map)", got, err)
		}
		return nil
	})
	e.seed()
	e.refused("a registration number twice", func(tx central.Tx) error { return tx.InsertMember(e.ctx, member(rabA, rabat)) })
	e.refused("a member of an unknown branch", func(tx central.Tx) error {
		return tx.InsertMember(e.ctx, member("100000009", "TAN01"))
	})
	e.read(func(r central.Reader) error {
		if has, err := r.HasMembers(e.ctx); !has || err != nil {
			e.t.Errorf("HasMembers: %v %v", has, err)
		}
		got, ok, err := r.Member(e.ctx, rabA)
		if want := member(rabA, rabat, "Adam", "Yanis"); !ok || err != nil || !reflect.DeepEqual(got, want) {
			e.t.Errorf("member:\n got %+v\nwant %+v (%v %v)", got, want, ok, err)
		}
		all, err := r.Members(e.ctx, []string{casaM, "999999999", rabA, rabB})
		if err != nil || len(all) != 3 {
			e.t.Fatalf("Members: %d read, want 3 (the unknown one absent): %v", len(all), err)
		}
		for _, want := range []wire.Member{member(rabA, rabat, "Adam", "Yanis"), member(rabB, rabat), member(casaM, casa)} {
			if !reflect.DeepEqual(all[want.RegNo], want) {
				e.t.Errorf("Members[%s]:\n got %+v\nwant %+v", want.RegNo, all[want.RegNo], want)
			}
		}
		return nil
	})
	// Two members with one CIN: listed in registration-number order.
	twin := member("100000000", rabat)
	twin.CIN = member(rabB, rabat).CIN
	e.write(func(tx central.Tx) error {
		if err := tx.InsertMember(e.ctx, twin); err != nil {
			return err
		}
		return tx.SetMemberVersion(e.ctx, rabB, 7)
	})
	e.read(func(r central.Reader) error {
		regnos, err := r.MemberRegNosByCIN(e.ctx, twin.CIN)
		if !reflect.DeepEqual(regnos, []string{twin.RegNo, rabB}) || err != nil {
			e.t.Errorf("by CIN: %v %v", regnos, err)
		}
		if regnos, err := r.MemberRegNosByCIN(e.ctx, "Z999999"); len(regnos) != 0 || err != nil {
			e.t.Errorf("by an unknown CIN: %v %v", regnos, err)
		}
		if m, _, err := r.Member(e.ctx, rabB); m.Version != 7 || err != nil {
			e.t.Errorf("version after SetMemberVersion: %d %v", m.Version, err)
		}
		return nil
	})
}

// ReplaceAddress makes the new address the current one (the old one is
// history, never read back as current); a member with none gets one.
func memberAddresses(e *env) {
	e.seed()
	moved := wire.Address{AddressInput: domain.AddressInput{Line1: "9 Avenue Fal Ould Oumeir", City: "Rabat",
		PostalCode: "10100"}, Verified: false, ValidFrom: t0}
	first := *member(rabB, rabat).Address
	first.ValidFrom = t0.AddDate(0, 0, -1)
	e.write(func(tx central.Tx) error {
		if err := tx.ReplaceAddress(e.ctx, rabA, moved); err != nil {
			return err
		}
		if err := tx.ReplaceAddress(e.ctx, casaM, moved); err != nil {
			return err
		}
		if err := tx.ReplaceAddress(e.ctx, rabB, first); err != nil {
			return err
		}
		return tx.ReplaceAddress(e.ctx, rabB, moved)
	})
	e.refused("an address for an unknown member", func(tx central.Tx) error {
		return tx.ReplaceAddress(e.ctx, "999999999", moved)
	})
	e.read(func(r central.Reader) error {
		all, err := r.Members(e.ctx, []string{rabA, rabB, casaM})
		for _, regno := range []string{rabA, rabB, casaM} {
			if a := all[regno].Address; a == nil || !reflect.DeepEqual(*a, moved) {
				e.t.Errorf("current address of %s: %+v, want %+v (%v)", regno, a, moved, err)
			}
		}
		if len(all[rabA].Beneficiaries) != 2 {
			e.t.Errorf("beneficiaries after an address change: %+v", all[rabA].Beneficiaries)
		}
		return err
	})
}

func request(id, ref, regno, branch string) wire.Request {
	return wire.Request{ID: id, Reference: ref, RegNo: regno, Branch: branch, BaseVersion: 1, RequestedBy: "amina",
		RequestedAt: t0, Address: domain.AddressInput{Line1: "Résidence Al Amal", Line2: "Imm 4", Quarter: "Hay Riad",
			City: "Rabat", PostalCode: "10100", Province: "Rabat", LineAr: "إقامة الأمل"},
		Evidence: domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: "A10001", SignedForm: true,
			FormNumber: "F-1", Scans: []domain.Scan{{SHA256: "ab", MediaType: "application/pdf", Size: 12}}},
		State: string(domain.RequestPending)}
}

// Requests come back whole, by id; one member has one pending request at
// a time; a decision records its outcome.
func requests(e *env) {
	e.seed()
	e.read(func(r central.Reader) error {
		if _, ok, err := r.Request(e.ctx, "r1"); ok || err != nil {
			e.t.Errorf("unknown request: %v %v", ok, err)
		}
		if used, err := r.ReferenceUsed(e.ctx, "RAB01-20260316-1"); used || err != nil {
			e.t.Errorf("unused reference: %v %v", used, err)
		}
		if p, err := r.PendingRequestExists(e.ctx, rabA); p || err != nil {
			e.t.Errorf("pending for a member with none: %v %v", p, err)
		}
		return nil
	})
	a := request("r1", "RAB01-20260316-1", rabA, rabat)
	a.Exception = &domain.Exception{GrantedBy: "karim", Reason: "lost card", Missing: []string{domain.EvidenceCINCopy}}
	b := request("r2", "CAS01-20260316-1", rabB, casa)
	e.write(func(tx central.Tx) error {
		if err := tx.InsertRequest(e.ctx, a); err != nil {
			return err
		}
		return tx.InsertRequest(e.ctx, b)
	})
	e.refused("a second pending request of a member", func(tx central.Tx) error {
		return tx.InsertRequest(e.ctx, request("r3", "RAB01-20260316-2", rabA, rabat))
	})
	e.refused("a reference twice", func(tx central.Tx) error {
		return tx.InsertRequest(e.ctx, request("r4", a.Reference, casaM, casa))
	})
	e.refused("a request of an unknown member", func(tx central.Tx) error {
		return tx.InsertRequest(e.ctx, request("r5", "RAB01-20260316-5", "999999999", rabat))
	})
	decided := t0.Add(time.Hour)
	e.write(func(tx central.Tx) error {
		if err := tx.DecideRequest(e.ctx, "r1", domain.RequestApproved, "karim", decided, "checked"); err != nil {
			return err
		}
		return tx.InsertRequest(e.ctx, request("r6", "CAS01-20260316-2", rabA, casa)) // r1 no longer pending
	})
	a.State, a.DecidedBy, a.DecidedAt, a.DecisionNote = string(domain.RequestApproved), "karim", &decided, "checked"
	e.read(func(r central.Reader) error {
		got, err := r.Requests(e.ctx, []string{"r1", "r2", "nope"})
		if len(got) != 2 || err != nil || !reflect.DeepEqual(got["r1"], a) || !reflect.DeepEqual(got["r2"], b) {
			e.t.Errorf("requests:\n got %+v\nwant %+v and %+v (%v)", got, a, b, err)
		}
		if used, err := r.ReferenceUsed(e.ctx, a.Reference); !used || err != nil {
			e.t.Errorf("used reference: %v %v", used, err)
		}
		if p, err := r.PendingRequestExists(e.ctx, rabA); !p || err != nil {
			e.t.Errorf("pending r6: %v %v", p, err)
		}
		branches, err := r.RequestBranches(e.ctx, rabA)
		if !reflect.DeepEqual(branches, []string{casa, rabat}) || err != nil {
			e.t.Errorf("request branches: %v %v", branches, err)
		}
		if branches, err := r.RequestBranches(e.ctx, casaM); len(branches) != 0 || err != nil {
			e.t.Errorf("request branches of a member with none: %v %v", branches, err)
		}
		return nil
	})
}
