package central_test

import (
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// itemKey names what a feed item is about.
func itemKey(it wire.FeedItem) string {
	switch it.Kind {
	case wire.ItemBranch:
		return "branch:" + it.Branch.Code
	case wire.ItemAccount:
		return "account:" + it.Account.Username
	case wire.ItemMember:
		return "member:" + it.Member.RegNo
	case wire.ItemRequest:
		return "request:" + it.Request.ID
	}
	return "?"
}

// pull reads a device's feed from a cursor to its end in pages of limit.
func (f *fixture) pull(dev wire.Device, after int64, limit int) (items []wire.FeedItem, pages int, next int64) {
	f.t.Helper()
	next = after
	for {
		page, err := f.app.Feed(f.ctx, dev, next, limit)
		if err != nil {
			f.t.Fatal(err)
		}
		pages++
		if len(page.Items) > limit {
			f.t.Fatalf("%d items in a page of %d", len(page.Items), limit)
		}
		items = append(items, page.Items...)
		if page.Next < next {
			f.t.Fatalf("cursor went back from %d to %d", next, page.Next)
		}
		next = page.Next
		if !page.More {
			return items, pages, next
		}
	}
}

func TestFeedPagesResumeWithoutLossOrRepeat(t *testing.T) {
	f := newFixture(t)
	items, pages, cursor := f.pull(f.rabA, 0, 2)
	seen := map[string]int{}
	for _, it := range items {
		seen[itemKey(it)]++
	}
	want := []string{"branch:" + rabat, "branch:" + casa, "account:" + agent, "account:" + super, "account:" + super2,
		"member:" + memberA, "member:" + memberB}
	for _, k := range want {
		if seen[k] != 1 {
			t.Errorf("%s seen %d times, want once", k, seen[k])
		}
	}
	for k := range seen {
		switch k {
		case "account:" + casaAgent, "account:" + casaSuper, "member:" + memberCasa:
			t.Errorf("Rabat's feed shows Casablanca's %s", k)
		}
	}
	if len(items) != len(want) || pages < 4 {
		t.Fatalf("%d items in %d pages, want %d items in pages of 2", len(items), pages, len(want))
	}
	if page, _ := f.app.Feed(f.ctx, f.rabA, cursor, 2); len(page.Items) != 0 || page.More || page.Next != cursor {
		t.Fatalf("feed past its end: %+v", page)
	}

	// Changes resume from the cursor, as they are now.
	req := f.request(rabat, agent, memberA, 1)
	f.pushOne(f.rabA, req)
	f.pushOne(f.rabB, decision(domain.EventAddressApproved, req, super, f.clock))
	items, _, _ = f.pull(f.rabB, cursor, 1000)
	if len(items) != 2 || items[0].Kind != wire.ItemMember || items[1].Kind != wire.ItemRequest {
		t.Fatalf("after the approval: %v", items)
	}
	if m := items[0].Member; m.RegNo != memberA || m.Version != 2 || m.Address.AddressInput != newAddress {
		t.Fatalf("member not current: %+v", m)
	}
	if q := items[1].Request; q.ID != req.RequestID || q.State != "approved" {
		t.Fatalf("request not current: %+v", q)
	}
	// The request appeared twice in the feed (made, then decided) but
	// comes once per page, at its last seq.
	if items[1].Seq < items[0].Seq {
		t.Fatalf("request at seq %d before the member's %d", items[1].Seq, items[0].Seq)
	}

	// From scratch, the member is current where it first appears.
	items, _, _ = f.pull(f.rabA, 0, 3)
	for _, it := range items {
		if it.Kind == wire.ItemMember && it.Member.RegNo == memberA && it.Member.Version != 2 {
			t.Fatalf("stale member in a fresh pull: version %d", it.Member.Version)
		}
	}
}

func TestFeedOrdersDependenciesFirst(t *testing.T) {
	f := newFixture(t)
	req := f.request(rabat, agent, memberA, 1)
	f.pushOne(f.rabA, req)
	page, err := f.app.Feed(f.ctx, f.rabA, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	order := map[string]int{wire.ItemBranch: 0, wire.ItemAccount: 1, wire.ItemMember: 2, wire.ItemRequest: 3}
	for i := 1; i < len(page.Items); i++ {
		if order[page.Items[i-1].Kind] > order[page.Items[i].Kind] {
			t.Fatalf("item %d (%s) before item %d (%s)", i-1, page.Items[i-1].Kind, i, page.Items[i].Kind)
		}
	}
	if last := page.Items[len(page.Items)-1]; last.Kind != wire.ItemRequest || last.Request.State != "pending" {
		t.Fatalf("last item %+v", last)
	}
	// An account in the feed carries its hash and flags.
	for _, it := range page.Items {
		if it.Kind == wire.ItemAccount && (it.Account.PasswordHash == "" || it.Account.Branch != rabat) {
			t.Fatalf("account item %+v", it.Account)
		}
	}
}

// A member of Rabat who walks into Casablanca: once Casablanca's request is
// applied, Casablanca's feed carries the member (before the request) and
// Rabat's carries the request.
func TestVisitingMemberJoinsRequestingBranchFeed(t *testing.T) {
	f := newFixture(t)
	_, _, casCursor := f.pull(f.casA, 0, 1000)
	_, _, rabCursor := f.pull(f.rabA, 0, 1000)
	req := f.request(casa, casaAgent, memberA, 1)
	wantStatus(t, "request in Casablanca", f.pushOne(f.casA, req), wire.StatusApplied, "")
	items, _, _ := f.pull(f.casA, casCursor, 1000)
	if len(items) != 2 || itemKey(items[0]) != "member:"+memberA || itemKey(items[1]) != "request:"+req.RequestID {
		t.Fatalf("Casablanca's feed: %v", items)
	}
	items, _, _ = f.pull(f.rabA, rabCursor, 1000)
	if len(items) != 1 || itemKey(items[0]) != "request:"+req.RequestID {
		t.Fatalf("Rabat's feed: %v", items)
	}
}

func TestFeedAccountsFollowAdministration(t *testing.T) {
	f := newFixture(t)
	_, _, cursor := f.pull(f.rabA, 0, 1000)
	if err := f.app.ResetPassword(f.ctx, super, "a temporary password"); err != nil {
		t.Fatal(err)
	}
	if err := f.app.DisableUser(f.ctx, agent); err != nil {
		t.Fatal(err)
	}
	items, _, _ := f.pull(f.rabA, cursor, 1000)
	got := map[string]wire.Account{}
	for _, it := range items {
		got[it.Account.Username] = *it.Account
	}
	if len(items) != 2 || !got[super].MustChangePassword || !domain.VerifyPassword(got[super].PasswordHash, "a temporary password") ||
		!got[agent].Disabled {
		t.Fatalf("accounts after administration: %+v", got)
	}
	if items, _, _ := f.pull(f.casA, 0, 1000); len(items) != 2+2+1 {
		t.Fatalf("Casablanca's feed has %d items, want its 2 branches, 2 accounts and 1 member", len(items))
	}
}
