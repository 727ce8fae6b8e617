package server_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// itemKey names the thing a feed item is the state of.
func itemKey(it wire.FeedItem) string {
	switch it.Kind {
	case wire.ItemBranch:
		return "branch:" + it.Branch.Code
	case wire.ItemMember:
		return "member:" + it.Member.RegNo
	case wire.ItemAccount:
		return "account:" + it.Account.Username
	}
	return "request:" + it.Request.ID
}

func TestFeedPagesThroughTheWholeScope(t *testing.T) {
	c := newCentre(t, server.Options{})
	whole := c.scope(wire.MaxFeedPage)
	if len(whole) != 1 || whole[0].More {
		t.Fatalf("the demo scope fits one default page: %d pages", len(whole))
	}
	want := map[string]bool{}
	for _, it := range whole[0].Items {
		want[itemKey(it)] = true
	}
	if len(want) < 10 {
		t.Fatalf("scope too small to page: %d things", len(want))
	}
	got := map[string]bool{}
	pages := c.scope(7)
	last := int64(0)
	for i, p := range pages {
		if len(p.Items) > 7 {
			t.Errorf("page %d has %d items for limit 7", i, len(p.Items))
		}
		if p.Next <= last {
			t.Errorf("page %d: cursor %d does not advance past %d", i, p.Next, last)
		}
		last = p.Next
		for _, it := range p.Items {
			got[itemKey(it)] = true
		}
	}
	if len(pages) < 2 || pages[len(pages)-1].More || last != whole[0].Next {
		t.Fatalf("%d pages, last cursor %d, the single page ends at %d", len(pages), last, whole[0].Next)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("paging lost %s", k)
		}
	}
	// After the end, nothing new: an empty page that keeps the cursor.
	var tail wire.FeedPage
	if c.get(wire.PathFeed+"?after="+strconv.FormatInt(last, 10), &tail); len(tail.Items) != 0 || tail.More || tail.Next != last || tail.Items == nil {
		t.Errorf("past the end: %+v", tail)
	}
	// The scope is the device's branch: no member of another branch.
	for _, it := range whole[0].Items {
		if it.Kind == wire.ItemMember && it.Member.HomeBranch != c.home {
			t.Errorf("member %s of %s in the feed of %s", it.Member.RegNo, it.Member.HomeBranch, c.home)
		}
	}
}

func TestFeedParameters(t *testing.T) {
	c := newCentre(t, server.Options{})
	for query, field := range map[string]string{
		"?after=-1":                   "after",
		"?after=x":                    "after",
		"?after=1e3":                  "after",
		"?limit=0":                    "limit",
		"?limit=1001":                 "limit",
		"?limit=ten":                  "limit",
		"?limit=5&limit=6":            "limit",
		"?cursor=3":                   "cursor",
		"?after=99999999999999999999": "after",
	} {
		a := c.get(wire.PathFeed+query, nil)
		if a.status != http.StatusBadRequest {
			t.Errorf("%s: status %d", query, a.status)
			continue
		}
		if e := a.errorBody(t); e.Code != wire.CodeBadRequest || e.Field != field {
			t.Errorf("%s: %+v, want the field %s", query, e, field)
		}
	}
	var page wire.FeedPage
	if a := c.get(wire.PathFeed+"?limit=1000", &page); a.status != http.StatusOK {
		t.Errorf("the largest page: %d", a.status)
	}
}

func TestLookupIsAuditedAtTheCentre(t *testing.T) {
	c := newCentre(t, server.Options{})
	ctx := context.Background()
	// A member of another branch walks in.
	var visitor wire.Member
	for _, b := range mustBranches(t, c) {
		if b.Code == c.home {
			continue
		}
		other, _, err := c.app.AddDevice(ctx, "probe", b.Code)
		if err != nil {
			t.Fatal(err)
		}
		var page wire.FeedPage
		a := c.do(request{method: http.MethodGet, path: wire.PathFeed, token: &other})
		if err := wire.DecodeBytes(a.body, &page); err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			if it.Kind == wire.ItemMember {
				visitor = *it.Member
			}
		}
		if visitor.RegNo != "" {
			break
		}
	}
	if visitor.RegNo == "" {
		t.Fatal("no member outside the home branch")
	}
	since := time.Now().Add(-time.Minute)
	lookup := func(query, actor string) answer {
		return c.do(request{method: http.MethodGet, path: wire.PathLookup + query, header: map[string]string{wire.ActorHeader: actor}})
	}
	for _, q := range []string{"?regno=" + visitor.RegNo, "?cin=" + visitor.CIN} {
		var m wire.Member
		a := lookup(q, "agent")
		if a.status != http.StatusOK || wire.DecodeBytes(a.body, &m) != nil || m.RegNo != visitor.RegNo || m.Beneficiaries == nil {
			t.Fatalf("lookup %s: %d %s", q, a.status, a.body)
		}
	}
	log, err := c.app.AccessLog(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Actor != "agent" || log[0].DeviceID != c.dev.ID || log[0].Subject != visitor.RegNo || log[0].Action != domain.AuditLookup {
		t.Fatalf("access log: %+v", log)
	}

	refusals := []struct {
		name, query, actor string
		status             int
		code, field        string
	}{
		{"no actor", "?regno=" + visitor.RegNo, "", 400, wire.CodeBadRequest, wire.ActorHeader},
		{"malformed actor", "?regno=" + visitor.RegNo, "Robert'); DROP TABLE", 400, wire.CodeBadRequest, wire.ActorHeader},
		{"neither key", "", "agent", 400, wire.CodeBadRequest, "regno"},
		{"both keys", "?regno=" + visitor.RegNo + "&cin=" + visitor.CIN, "agent", 400, wire.CodeBadRequest, "regno"},
		{"unknown parameter", "?name=Alaoui", "agent", 400, wire.CodeBadRequest, "name"},
		{"malformed CIN", "?cin=A1234567", "agent", 400, wire.CodeBadRequest, "cin"},
		{"unknown member", "?regno=999999999", "agent", 404, wire.CodeNotFound, ""},
		{"unknown actor", "?regno=" + visitor.RegNo, "ghost", 403, wire.CodeForbidden, ""},
		{"admin may not view members", "?regno=" + visitor.RegNo, "admin", 403, wire.CodeForbidden, ""},
	}
	for _, r := range refusals {
		a := lookup(r.query, r.actor)
		if a.status != r.status {
			t.Errorf("%s: status %d, want %d (%s)", r.name, a.status, r.status, a.body)
			continue
		}
		if e := a.errorBody(t); e.Code != r.code || e.Field != r.field {
			t.Errorf("%s: %+v", r.name, e)
		}
	}
	// The unknown member was looked up, so it is in the access log too.
	if log, _ = c.app.AccessLog(ctx, since); !slices.ContainsFunc(log, func(e central.AccessEntry) bool { return e.Subject == "999999999" }) {
		t.Errorf("a lookup that found nobody is audited too: %+v", log)
	}
}

func mustBranches(t *testing.T, c *centre) []wire.Branch {
	t.Helper()
	all, err := c.app.Branches(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return all
}
