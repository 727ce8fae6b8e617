package netfault

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

// Injector is an http.Handler in front of the centre's handler that
// answers the requests an armed HTTPFault catches in its place, and
// watches what clients do after a 429: the time until each one's next
// request (told apart by a digest of its Authorization header; the token
// itself is not kept).
type Injector struct {
	next http.Handler
	now  func() time.Time

	mu      sync.Mutex
	fault   *HTTPFault
	left    int
	served  map[caught]int
	waiting map[string]told // clients told to retry later, by client key
	gaps    []Gap
}

// caught is what the injector answered: a mode on a path.
type caught struct {
	mode HTTPMode
	path string
}

// told is a 429 sent: when, and the wait it asked for.
type told struct {
	at   time.Time
	wait time.Duration
}

// Gap is how long a client waited after a 429 before its next request.
type Gap struct {
	Client        string // digest of its Authorization header
	Asked, Waited time.Duration
}

// NewInjector wraps the centre's handler.
func NewInjector(next http.Handler) *Injector {
	return &Injector{next: next, now: time.Now, served: map[caught]int{}, waiting: map[string]told{}}
}

// Arm catches the next f.Times requests matching f, replacing any fault
// still armed.
func (in *Injector) Arm(f HTTPFault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.fault, in.left = &f, f.Times
}

// Disarm lets every request through again.
func (in *Injector) Disarm() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.fault, in.left = nil, 0
}

// Left is how many requests the armed fault will still catch.
func (in *Injector) Left() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.left
}

// Served counts the requests answered by mode m so far.
func (in *Injector) Served(m HTTPMode) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for c, v := range in.served {
		if c.mode == m {
			n += v
		}
	}
	return n
}

// ServedOn counts the requests to path answered by mode m so far.
func (in *Injector) ServedOn(m HTTPMode, path string) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.served[caught{m, path}]
}

// Awaiting is how many clients told to retry later have not asked again.
func (in *Injector) Awaiting() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.waiting)
}

// Gaps lists every wait measured after a 429.
func (in *Injector) Gaps() []Gap {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]Gap(nil), in.gaps...)
}

func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	client := clientKey(r)
	in.mu.Lock()
	if t, ok := in.waiting[client]; ok {
		in.gaps = append(in.gaps, Gap{Client: client, Asked: t.wait, Waited: in.now().Sub(t.at)})
		delete(in.waiting, client)
	}
	var f *HTTPFault
	if in.fault != nil && in.left > 0 && in.fault.catches(r) {
		in.left--
		in.served[caught{in.fault.Mode, r.URL.Path}]++
		c := *in.fault
		f = &c
	}
	in.mu.Unlock()
	if f == nil {
		in.next.ServeHTTP(w, r)
		return
	}
	switch f.Mode {
	case Fail500:
		writeError(w, http.StatusInternalServerError, wire.CodeInternal)
	case TooMany:
		secs := max(int(f.RetryAfter/time.Second), 1)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, http.StatusTooManyRequests, wire.CodeBusy)
		// Noted before the answer leaves: the client's wait, counted from
		// when it reads the answer, can only look longer than it was.
		in.mu.Lock()
		in.waiting[client] = told{at: in.now(), wait: time.Duration(secs) * time.Second}
		in.mu.Unlock()
	case CommitThenLose:
		in.next.ServeHTTP(&discarded{header: http.Header{}}, r)
		drop(w)
	case CommitThen500:
		in.next.ServeHTTP(&discarded{header: http.Header{}}, r)
		writeError(w, http.StatusInternalServerError, wire.CodeInternal)
	}
}

func (f *HTTPFault) catches(r *http.Request) bool {
	if f.Path == "" {
		return true
	}
	if strings.HasSuffix(f.Path, "/") {
		return strings.HasPrefix(r.URL.Path, f.Path)
	}
	return r.URL.Path == f.Path
}

// clientKey tells clients apart without keeping their tokens.
func clientKey(r *http.Request) string {
	sum := sha256.Sum256([]byte(r.Header.Get("Authorization")))
	return hex.EncodeToString(sum[:8])
}

// writeError answers as the centre does (a wire.ErrorBody).
func writeError(w http.ResponseWriter, status int, code string) {
	body, _ := json.Marshal(wire.ErrorBody{Code: code, Message: "injected fault: " + http.StatusText(status)})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// drop closes the connection without answering: a reset (linger 0), as
// when a link dies after the centre committed.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // the server closes the connection unanswered
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// discarded takes the real handler's answer and throws it away.
type discarded struct{ header http.Header }

func (d *discarded) Header() http.Header         { return d.header }
func (d *discarded) WriteHeader(int)             {}
func (d *discarded) Write(b []byte) (int, error) { return len(b), nil }
