package client

import (
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// The demo population, which the demo centre feeds, passes the feed's
// checks (a check too strict would stop every demo provisioning).
func TestDemoPopulationPassesTheFeedChecks(t *testing.T) {
	n := 0
	err := demo.Population(demo.Options{Members: 3000, Seed: 7, Now: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)},
		func(m wire.Member) error {
			n++
			return checkMember(&m)
		})
	if err != nil || n != 3000 {
		t.Fatalf("after %d members: %v", n, err)
	}
}

func goodMember() *wire.Member {
	return &wire.Member{RegNo: "100000001", Society: "MGEN", HomeBranch: "RAB01", CIN: " ab123456 ",
		FamilyName: "Alaoui", GivenName: "Mohamed", BirthDate: "1961-03-10", Sex: "M", Category: "retired",
		Status: "active", Version: 1, Phone: "0612345678",
		Beneficiaries: []wire.Beneficiary{{Relation: "spouse", FamilyName: "Bennani", GivenName: "Fatima", BirthDate: "1965-01-01", Sex: "F"}},
		Address:       &wire.Address{AddressInput: domain.AddressInput{Line1: " 12  Rue Ibn Sina", City: "Rabat", PostalCode: "10000"}}}
}

// What the centre sends is cleaned with the domain's validators, and a
// malformed value refuses the whole page, naming the item and the field.
func TestFeedPageChecks(t *testing.T) {
	m := goodMember()
	if err := checkMember(m); err != nil {
		t.Fatal(err)
	}
	if m.CIN != "AB123456" || m.Phone != "+212612345678" || m.Address.Line1 != "12 Rue Ibn Sina" {
		t.Errorf("values not normalised: %+v %+v", m, m.Address)
	}
	bad := map[string]func(*wire.Member){
		"family_name": func(m *wire.Member) { m.FamilyName = "Ala\x1b[2Joui" },
		"cin":         func(m *wire.Member) { m.CIN = "123" },
		"sex":         func(m *wire.Member) { m.Beneficiaries[0].Sex = "X" },
		"status":      func(m *wire.Member) { m.Status = "gone" },
		"postal_code": func(m *wire.Member) { m.Address.PostalCode = "1000" },
		"version":     func(m *wire.Member) { m.Version = 0 },
		"birth_date":  func(m *wire.Member) { m.BirthDate = "10/03/1961" },
		"home_branch": func(m *wire.Member) { m.HomeBranch = "R1" }, // the domain's rule: RAB01
	}
	for field, spoil := range bad {
		m := goodMember()
		spoil(m)
		page := wire.FeedPage{Next: 3, Items: []wire.FeedItem{
			{Seq: 2, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "RAB01", Name: "Rabat"}},
			{Seq: 3, Kind: wire.ItemMember, Member: m}}}
		err := checkPage(&page, 1)
		fe, ok := domain.AsFieldError(err)
		if !ok || fe.Field != field || !strings.Contains(err.Error(), "feed item 3 (member 100000001)") {
			t.Errorf("%s: %v", field, err)
		}
	}
	for name, page := range map[string]wire.FeedPage{
		"stuck cursor":     {More: true, Next: 5},
		"item before":      {Next: 9, Items: []wire.FeedItem{{Seq: 4, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "RAB01", Name: "R"}}}},
		"kind mismatch":    {Next: 9, Items: []wire.FeedItem{{Seq: 6, Kind: wire.ItemMember, Branch: &wire.Branch{Code: "RAB01", Name: "R"}}}},
		"two records":      {Next: 9, Items: []wire.FeedItem{{Seq: 6, Kind: wire.ItemMember, Member: goodMember(), Branch: &wire.Branch{}}}},
		"branch code":      {Next: 9, Items: []wire.FeedItem{{Seq: 6, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "0001", Name: "R"}}}},
		"bad account hash": {Next: 9, Items: []wire.FeedItem{{Seq: 6, Kind: wire.ItemAccount, Account: &wire.Account{Username: "amina", DisplayName: "A", Role: "agent", PasswordHash: "plain"}}}},
	} {
		if err := checkPage(&page, 5); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Within a page, what others name goes first.
	page := wire.FeedPage{Next: 9, Items: []wire.FeedItem{
		{Seq: 7, Kind: wire.ItemMember, Member: goodMember()},
		{Seq: 8, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "RAB01", Name: "Rabat"}},
	}}
	if err := checkPage(&page, 5); err != nil || page.Items[0].Kind != wire.ItemBranch {
		t.Fatalf("apply order: %v %+v", err, page.Items)
	}
}
