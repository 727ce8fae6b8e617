package client_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// othersMembers returns members of the demo population whose home branch
// is not home.
func othersMembers(t *testing.T, members int, home string) []wire.Member {
	t.Helper()
	var out []wire.Member
	err := demo.Population(demo.Options{Members: members, Seed: 1, Now: seededAt}, func(m wire.Member) error {
		if m.HomeBranch != home {
			out = append(out, m)
		}
		return nil
	})
	if err != nil || len(out) < 2 {
		t.Fatalf("demo population: %d members of other branches (%v)", len(out), err)
	}
	return out
}

// A member of another branch who walks in is fetched from the centre,
// audited here, kept while their change is under way and served; one
// whose fetch led to nothing is forgotten once the grace is over.
func TestFetchMemberStoresAuditsAndServes(t *testing.T) {
	w := newWorld(t, 40)
	c := w.console("counter A")
	agent := c.signIn("agent", agentPW)
	others := othersMembers(t, 40, w.home)
	served, idle := others[0], others[1]

	id, err := c.svc.FetchFromCentre(w.ctx, agent, served.RegNo)
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.svc.MemberFile(w.ctx, agent, id)
	if err != nil || f.Member.RegNo != served.RegNo || f.Member.CIN != served.CIN || len(f.Beneficiaries) != len(served.Beneficiaries) {
		t.Fatalf("fetched member: %+v %v", f.Member, err)
	}
	var action, subject, detail string
	if err := c.query(`SELECT action, subject, detail FROM audit WHERE action = 'member.fetch'`).Scan(&action, &subject, &detail); err != nil ||
		subject != served.RegNo || detail != `{"found":true,"kind":"registration_number","query":"`+served.RegNo+`"}` {
		t.Fatalf("fetch audit: %s %s %s (%v)", action, subject, detail, err)
	}
	if again, err := c.svc.FetchFromCentre(w.ctx, agent, served.CIN); err != nil || again != id {
		t.Fatalf("fetching by CIN gives %d (%v), want the same member %d", again, err, id)
	}
	if v, err := c.db.IsVisiting(w.ctx, id); err != nil || !v {
		t.Fatalf("a member of another branch must be kept as a visitor: %v %v", v, err)
	}
	idleID, err := c.svc.FetchFromCentre(w.ctx, agent, idle.RegNo)
	if err != nil {
		t.Fatal(err)
	}
	file, err := c.db.MemberFile(w.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	c.request(agent, file, "2 Rue Allal Ben Abdellah")
	if rep := c.pass(); rep.Applied != 1 {
		t.Fatalf("serving a visitor: %+v", rep)
	}

	// Not found at the centre: refused, and audited all the same.
	if _, err := c.svc.FetchFromCentre(w.ctx, agent, "999999999"); !errors.Is(err, domain.ErrMemberNotFound) {
		t.Fatalf("unknown member: %v", err)
	}
	var n int
	if err := c.query(`SELECT count(*) FROM audit WHERE action = 'member.fetch' AND detail LIKE '%"found":false%'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("not-found fetches audited: %d (%v)", n, err)
	}
	// Out of reach: the console says so.
	c.link.set(func(f *faultyLink) { f.down = true })
	_, err = c.svc.FetchFromCentre(w.ctx, agent, idle.CIN)
	var de *domain.Error
	if !errors.Is(err, client.ErrOffline) || !errors.As(err, &de) || de.Key != domain.KeyOffline {
		t.Fatalf("offline fetch: %v", err)
	}
	c.link.set(func(f *faultyLink) { f.down = false })

	// After the grace, the idle visitor goes; the one with a change stays.
	opts := c.options()
	opts.Now = func() time.Time { return time.Now().Add(13 * time.Hour) }
	later, err := client.New(c.db, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := later.Pass(w.ctx)
	if err != nil || rep.Forgotten != 1 {
		t.Fatalf("forgetting visitors: %+v %v", rep, err)
	}
	if _, err := c.db.MemberFile(w.ctx, idleID); !errors.Is(err, domain.ErrMemberNotFound) {
		t.Fatalf("the idle visitor is still here: %v", err)
	}
	if _, err := c.db.MemberFile(w.ctx, id); err != nil {
		t.Fatalf("the visitor with a change under way was forgotten: %v", err)
	}
}
