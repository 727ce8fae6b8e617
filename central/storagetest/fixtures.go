package storagetest

import (
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// t0 has microseconds: instants must come back to the microsecond (and in
// UTC).
var t0 = time.Date(2026, 3, 16, 10, 0, 0, 123456000, time.UTC)

// The seeded branches and members.
const (
	rabat  = "RAB01"
	casa   = "CAS01"
	rabA   = "100000001" // home Rabat, two children
	rabB   = "100000002" // home Rabat, no beneficiary
	casaM  = "100000003" // home Casablanca, no address
	device = "0190a1b2-0000-7000-8000-000000000001"
)

func branch(code string) wire.Branch {
	return wire.Branch{Code: code, Name: "Agence " + code, City: "Rabat", Region: "Rabat-Salé-Kénitra"}
}

// member is a full member record: every field set, Arabic names, and an
// address unless home is Casablanca.
func member(regno, home string, children ...string) wire.Member {
	m := wire.Member{RegNo: regno, Society: "MGEN", HomeBranch: home, CIN: "A1" + regno[len(regno)-4:], PPR: "P" + regno[5:],
		FamilyName: "Alaoui", GivenName: "Sara", FamilyNameAr: "العلوي", GivenNameAr: "سارة", BirthDate: "1980-05-01",
		Sex: "F", Category: "active", Email: "sara@example.ma", Phone: "+212600000000", Status: "active", Version: 1,
		Beneficiaries: []wire.Beneficiary{}, LongTermIllness: regno == rabA} // health data round-trips too
	for i, name := range children {
		m.Beneficiaries = append(m.Beneficiaries, wire.Beneficiary{Relation: "child", FamilyName: "Alaoui",
			GivenName: name, FamilyNameAr: "العلوي", GivenNameAr: "ولد", BirthDate: "2010-01-0" + string(rune('1'+i)),
			Sex: "M", Student: i == 0, Disabled: i == 1})
	}
	if home != casa {
		m.Address = &wire.Address{AddressInput: domain.AddressInput{Line1: "1 Rue " + regno, Line2: "Apt 2",
			Quarter: "Agdal", City: "Rabat", PostalCode: "10000", Province: "Rabat", LineAr: "شارع"},
			Verified: true, ValidFrom: t0.AddDate(-1, 0, 0)}
	}
	return m
}

func deviceRecord(id, branch string, number int, token string) central.DeviceRecord {
	return central.DeviceRecord{ID: id, Name: "counter " + token, Branch: branch, Number: number, TokenSHA256: token,
		CreatedAt: t0}
}

// seed holds two branches, three members and a device of Rabat.
func (e *env) seed() {
	e.t.Helper()
	e.write(func(tx central.Tx) error {
		for _, code := range []string{rabat, casa} {
			if err := tx.InsertBranch(e.ctx, branch(code)); err != nil {
				return err
			}
		}
		for _, m := range []wire.Member{member(rabA, rabat, "Adam", "Yanis"), member(rabB, rabat), member(casaM, casa)} {
			if err := tx.InsertMember(e.ctx, m); err != nil {
				return err
			}
		}
		return tx.InsertDevice(e.ctx, deviceRecord(device, rabat, 1, "d1"))
	})
}
