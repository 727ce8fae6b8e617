package client_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/sync/wire"
)

// While a pass pushes, the status says how many entries it has to send
// (the console's progress bar); between passes it says nothing.
func TestStatusShowsPushProgress(t *testing.T) {
	w := newWorld(t, 40)
	c := w.console("counter A")
	agent := c.signIn("agent", agentPW)
	c.request(agent, c.homeMember(0), "7 Rue Oued Fès")
	c.request(agent, c.homeMember(1), "9 Rue Oued Fès")
	var mu sync.Mutex
	var seen []service.SyncProgress
	c.link.set(func(f *faultyLink) {
		f.rewrite = func(r *http.Request) {
			if r.URL.Path != wire.PathPush {
				return
			}
			if p := c.engine.Status().Progress; p != nil {
				mu.Lock()
				seen = append(seen, *p)
				mu.Unlock()
			}
		}
	})
	c.pass()
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 || seen[0] != (service.SyncProgress{Phase: service.SyncPushing, Done: 0, Total: 2}) {
		t.Fatalf("progress during the push: %+v", seen)
	}
	if p := c.engine.Status().Progress; p != nil {
		t.Fatalf("progress after the pass: %+v", *p)
	}
}
