package netfault

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

// Kind names a fault as the reports count it.
type Kind string

// The faults Draw picks from, equally often. "up" is the console's
// requests (console to centre), "down" the centre's answers.
const (
	ResetUp       Kind = "reset-up"       // connection reset (RST) while the request travels
	ResetDown     Kind = "reset-down"     // connection reset while the answer travels
	TimeoutUp     Kind = "timeout-up"     // request swallowed, then closed or held until the client gives up
	TimeoutDown   Kind = "timeout-down"   // answer swallowed, likewise
	LatencyUp     Kind = "latency-up"     // requests delayed
	LatencyDown   Kind = "latency-down"   // answers delayed
	BandwidthUp   Kind = "bandwidth-up"   // requests at a few KB/s
	BandwidthDown Kind = "bandwidth-down" // answers at a few KB/s
	CutUp         Kind = "cut-up"         // request cut after some bytes (mid-body)
	CutDown       Kind = "cut-down"       // answer cut after some bytes (mid-body)
	SlicerUp      Kind = "slicer-up"      // request in tiny delayed segments
	SlicerDown    Kind = "slicer-down"    // answer in tiny delayed segments
	HTTP500       Kind = "http-500"       // 500 before the centre does anything
	HTTP429       Kind = "http-429"       // 429 with Retry-After before the centre does anything
	CommitLost    Kind = "commit-lost"    // the centre commits, the answer is lost (connection closed)
	Commit500     Kind = "commit-500"     // the centre commits, a 500 replaces its answer
)

// Kinds lists every fault kind in a stable order.
var Kinds = []Kind{ResetUp, ResetDown, TimeoutUp, TimeoutDown, LatencyUp, LatencyDown, BandwidthUp, BandwidthDown,
	CutUp, CutDown, SlicerUp, SlicerDown, HTTP500, HTTP429, CommitLost, Commit500}

// Fault is one fault: a toxic for a console's Proxy, or an HTTP fault for
// the Injector.
type Fault struct {
	Kind  Kind
	Toxic *Toxic
	HTTP  *HTTPFault
}

func (f Fault) String() string {
	if f.Toxic != nil {
		return fmt.Sprintf("%s %s", f.Kind, f.Toxic)
	}
	return fmt.Sprintf("%s %s", f.Kind, f.HTTP)
}

// Toxic is a toxiproxy toxic: its type, its direction ("upstream": towards
// the centre, "downstream": towards the console) and its attributes.
type Toxic struct {
	Type       string
	Stream     string
	Attributes map[string]int64
}

func (t *Toxic) String() string {
	keys := make([]string, 0, len(t.Attributes))
	for k := range t.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", t.Type, t.Stream)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%d", k, t.Attributes[k])
	}
	return b.String()
}

// HTTPMode is what the Injector does to a request it catches.
type HTTPMode int

const (
	// Fail500 answers 500 without calling the centre.
	Fail500 HTTPMode = iota
	// TooMany answers 429 with Retry-After without calling the centre.
	TooMany
	// CommitThenLose runs the centre's handler (it commits), then closes
	// the connection without a byte of its answer.
	CommitThenLose
	// CommitThen500 runs the centre's handler, then answers 500 instead.
	CommitThen500
)

// HTTPFault catches the next Times requests to Path ("" for any path).
type HTTPFault struct {
	Mode       HTTPMode
	Path       string
	Times      int
	RetryAfter time.Duration // TooMany: whole seconds, at least one
}

func (h *HTTPFault) String() string {
	path := h.Path
	if path == "" {
		path = "any"
	}
	s := fmt.Sprintf("%s x%d", path, h.Times)
	if h.Mode == TooMany {
		s += fmt.Sprintf(" retry-after=%s", h.RetryAfter)
	}
	return s
}

// Draw picks a fault kind and its parameters from r.
func Draw(r *rand.Rand) Fault { return DrawKind(r, Kinds[r.IntN(len(Kinds))]) }

// DrawKind picks the parameters of a fault of kind k from r. They are
// chosen so that each fault bites within one sync pass whose requests
// time out in under a second.
func DrawKind(r *rand.Rand, k Kind) Fault {
	f := Fault{Kind: k}
	dir := "upstream"
	if strings.HasSuffix(string(k), "-down") {
		dir = "downstream"
	}
	toxic := func(typ string, attrs map[string]int64) *Toxic {
		return &Toxic{Type: typ, Stream: dir, Attributes: attrs}
	}
	switch k {
	case ResetUp, ResetDown:
		f.Toxic = toxic("reset_peer", map[string]int64{"timeout": r.Int64N(30)})
	case TimeoutUp, TimeoutDown:
		// 0 holds the data until the toxic goes: the client's own
		// request timeout must end the wait.
		ms := int64(0)
		if r.IntN(2) == 0 {
			ms = 20 + r.Int64N(400)
		}
		f.Toxic = toxic("timeout", map[string]int64{"timeout": ms})
	case LatencyUp, LatencyDown:
		f.Toxic = toxic("latency", map[string]int64{"latency": 50 + r.Int64N(500), "jitter": r.Int64N(50)})
	case BandwidthUp, BandwidthDown:
		f.Toxic = toxic("bandwidth", map[string]int64{"rate": 1 + r.Int64N(16)}) // KB/s
	case CutUp, CutDown:
		// Request and answer headers take about 250 bytes: most cuts fall
		// in the body, some in the headers.
		f.Toxic = toxic("limit_data", map[string]int64{"bytes": r.Int64N(2000)})
	case SlicerUp, SlicerDown:
		// toxiproxy's slicer indexes out of range unless the variation
		// stays under half the average size.
		avg := 8 + r.Int64N(56)
		f.Toxic = toxic("slicer", map[string]int64{"average_size": avg, "size_variation": r.Int64N(avg / 2),
			"delay": r.Int64N(2000)}) // µs between slices
	case HTTP500, HTTP429, CommitLost, Commit500:
		paths := []string{"", wire.PathPush, wire.PathFeed}
		if k == CommitLost || k == Commit500 { // mostly where a commit is at stake
			paths = []string{"", wire.PathPush, wire.PathPush}
		}
		h := &HTTPFault{Path: paths[r.IntN(len(paths))], Times: 1}
		switch k {
		case HTTP500:
			h.Mode, h.Times = Fail500, 1+r.IntN(3)
		case HTTP429:
			// The least a header can ask (whole seconds): each one costs
			// the run that long.
			h.Mode, h.RetryAfter = TooMany, time.Second
		case CommitLost:
			h.Mode = CommitThenLose
		case Commit500:
			h.Mode = CommitThen500
		}
		f.HTTP = h
	}
	return f
}
