package client

import (
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func goodPIN() *wire.PIN {
	return &wire.PIN{ID: "01970f3c-6c1a-7cc3-9d5e-2b8f7f0c4a11", RegNo: "100000001", Channel: "counter", State: "active",
		Branch: "RAB01", RequestedBy: " Agent ", RequestedAt: time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC), ExpiresOn: "2026-07-15"}
}

// A PIN reissue from the centre is checked like every item: its state is
// one the centre gives (never the console's own queued), and a bad field
// refuses the page, naming the item and the field.
func TestFeedPINChecks(t *testing.T) {
	p := goodPIN()
	if err := checkPIN(p); err != nil {
		t.Fatal(err)
	}
	if p.Branch != "RAB01" || p.RequestedBy != "agent" {
		t.Errorf("values not normalised: %+v", p)
	}
	bad := map[string]func(*wire.PIN){
		"id":                  func(p *wire.PIN) { p.ID = "{01970f3c-6c1a-7cc3-9d5e-2b8f7f0c4a11}" },
		"registration_number": func(p *wire.PIN) { p.RegNo = "1000\x1b[2J" },
		"channel":             func(p *wire.PIN) { p.Channel = "fax" },
		"state":               func(p *wire.PIN) { p.State = string(domain.PINQueued) },
		"branch":              func(p *wire.PIN) { p.Branch = "R1" },
		"username":            func(p *wire.PIN) { p.RequestedBy = "agent\x1b]0;x\x07" },
		"requested_at":        func(p *wire.PIN) { p.RequestedAt = time.Time{} },
		"expires_on":          func(p *wire.PIN) { p.ExpiresOn = "15/07/2026" },
	}
	for field, spoil := range bad {
		p := goodPIN()
		spoil(p)
		page := wire.FeedPage{Next: 3, Items: []wire.FeedItem{{Seq: 3, Kind: wire.ItemPIN, PIN: p}}}
		err := checkPage(&page, 1)
		fe, ok := domain.AsFieldError(err)
		if !ok || fe.Field != field || !strings.Contains(err.Error(), "feed item 3 (PIN reissue") {
			t.Errorf("%s: %v", field, err)
		}
	}
	// A PIN reissue is applied after the member it names.
	page := wire.FeedPage{Next: 9, Items: []wire.FeedItem{
		{Seq: 7, Kind: wire.ItemPIN, PIN: goodPIN()},
		{Seq: 8, Kind: wire.ItemMember, Member: goodMember()},
	}}
	if err := checkPage(&page, 5); err != nil || page.Items[0].Kind != wire.ItemMember {
		t.Fatalf("apply order: %v %+v", err, page.Items)
	}
	two := wire.FeedPage{Next: 9, Items: []wire.FeedItem{{Seq: 7, Kind: wire.ItemPIN, PIN: goodPIN(), Member: goodMember()}}}
	if err := checkPage(&two, 5); err == nil {
		t.Error("an item with two records accepted")
	}
}
