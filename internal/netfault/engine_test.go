package netfault

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// The sync engine under single faults, each a product bug this harness
// found (see the soak for the rest).

// TestEngineWaitsRetryAfter: a 429 on push, then one on the feed; each
// time the engine's next request comes no sooner than Retry-After says.
func TestEngineWaitsRetryAfter(t *testing.T) {
	t.Parallel() // mostly waiting
	c := newCentre(t, 100)
	k := c.newConsole(t, "counter-1", 1)
	for _, path := range []string{wire.PathPush, wire.PathFeed} {
		c.inj.Arm(HTTPFault{Mode: TooMany, Path: path, Times: 1, RetryAfter: time.Second})
		k.signIn("agent", agentPW) // an audit entry for the push to carry
		k.start()
		deadline := time.Now().Add(10 * time.Second)
		for c.inj.Left() > 0 || c.inj.Awaiting() > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("429 on %s: caught %d, awaiting %d", path, 1-c.inj.Left(), c.inj.Awaiting())
			}
			time.Sleep(10 * time.Millisecond)
		}
		k.halt()
		c.inj.Disarm()
	}
	gaps := c.inj.Gaps()
	if len(gaps) != 2 {
		t.Fatalf("%d waits measured, want 2", len(gaps))
	}
	for i, g := range gaps {
		if g.Waited < g.Asked {
			t.Errorf("429 %d: next request after %s, Retry-After %s", i+1, g.Waited, g.Asked)
		}
	}
}

// TestAnswerCutMidBodyIsOffline: an answer the link cuts short, in its
// headers or its body, never fully came; the engine says offline, not
// "the centre's answer is not valid", and the status bar shows offline.
func TestAnswerCutMidBodyIsOffline(t *testing.T) {
	t.Parallel()
	c := newCentre(t, 100)
	k := c.newConsole(t, "counter-1", 1)
	ctx := context.Background()
	failed := 0
	// Each pass asks for the feed alone (nothing to push): from its
	// answer's headers (about 200 bytes) to past its body.
	for n := int64(100); n <= 400; n += 5 {
		k.tr.CloseIdleConnections()
		if err := k.proxy.Arm(Toxic{"limit_data", "downstream", map[string]int64{"bytes": n}}); err != nil {
			t.Fatal(err)
		}
		_, err := k.engine.Pass(ctx)
		if err != nil {
			failed++
			if !errors.Is(err, client.ErrOffline) || k.engine.Status().Online {
				t.Errorf("answer cut after %d bytes: %v (online %v), want offline", n, err, k.engine.Status().Online)
			}
		}
		k.proxy.Clear()
		if _, err := k.engine.Pass(ctx); err != nil {
			t.Fatalf("after the cut: %v", err)
		}
	}
	if failed < 10 {
		t.Errorf("only %d passes met a cut", failed)
	}
}
