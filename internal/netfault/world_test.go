package netfault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/server"
)

// The world: the real centre (central.App on SQLite, the demo population)
// behind the Injector and the real sync/server handler on a loopback
// listener, and consoles of its first branch, each syncing through its own
// Proxy. Patterns follow sync/client's world_test.go.

var seededAt = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

// Accounts: the demo's (demo.Accounts) and a second supervisor.
const (
	agentPW  = "demo-agent-pass"
	superPW  = "demo-super-pass"
	super2   = "salma"
	super2PW = "salma-password-1"
)

// Engine settings: requests give up after requestTimeout (a black hole
// costs that much), passes come every passInterval when all is well.
const (
	requestTimeout = 600 * time.Millisecond
	passInterval   = 100 * time.Millisecond
)

type centre struct {
	app    *central.App
	path   string // its database
	docs   string // its documents folder
	inj    *Injector
	addr   string // the listener, behind the consoles' proxies
	logs   *logTally
	policy domain.PINPolicy
}

// newCentre seeds a centre with members demo members and serves it.
func newCentre(t *testing.T, members int) *centre {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	box, err := pin.GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pin.NewHMACKeys("h1", bytes.Repeat([]byte{0x5a}, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := &centre{path: filepath.Join(dir, "centre.db"), docs: filepath.Join(dir, "documents"),
		logs: &logTally{}, policy: domain.DefaultPINPolicy(loc)}
	st, err := sqlite.Open(ctx, c.path)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(c.logs)
	c.app = central.New(st, central.Options{Logger: logger, DocumentsDir: c.docs, PIN: c.policy,
		PINKeys: keys, BoxKey: box})
	t.Cleanup(func() { c.app.Close() })
	if err := c.app.SeedDemo(ctx, members, 1, seededAt, nil); err != nil {
		t.Fatal(err)
	}
	err = c.app.AddUser(ctx, central.NewUser{Username: super2, DisplayName: "Salma Idrissi",
		Role: domain.RoleSupervisor, Branch: demo.Branches()[0].Code, Password: super2PW})
	if err != nil {
		t.Fatal(err)
	}
	c.inj = NewInjector(server.New(c.app, server.Options{Logger: logger}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.addr = ln.Addr().String()
	// net/http's own complaints (a client gone mid-answer) are counted
	// with the centre's logs.
	srv := &http.Server{Handler: c.inj, ErrorLog: log.New(c.logs, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return c
}

// console is one provisioned device of the first branch, its engine
// running as in the console (Run), behind its own Proxy.
type console struct {
	t      *testing.T
	name   string
	path   string
	docs   string
	device string // its id at the centre
	db     *store.DB
	ro     *sql.DB // read-only, for the harness's own queries
	svc    *service.Service
	engine *client.Engine
	proxy  *Proxy
	tr     *http.Transport
	logs   *logTally
	watch  passWatch

	agent, super, super2 service.Session

	stop    context.CancelFunc
	stopped chan struct{}
}

// newConsole provisions a device through a new proxy (no fault armed)
// and signs its three users in.
func (c *centre) newConsole(t *testing.T, name string, seed uint64) *console {
	t.Helper()
	ctx := context.Background()
	token, _, err := c.app.AddDevice(ctx, name, demo.Branches()[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProxy(name, c.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	dir := t.TempDir()
	k := &console{t: t, name: name, path: filepath.Join(dir, "guichet.db"), docs: filepath.Join(dir, "documents"),
		proxy: p, logs: &logTally{}, tr: http.DefaultTransport.(*http.Transport).Clone()}
	k.watch.passedCh = make(chan struct{}, 1)
	t.Cleanup(k.tr.CloseIdleConnections)
	if k.db, err = store.Open(ctx, k.path, store.MayCreate); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.db.Close() })
	k.ro = openRO(t, k.path)
	opts := k.options(seed)
	dev, _, err := client.Provision(ctx, k.db, "http://"+p.Addr(), token, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	k.device = dev.ID
	if k.engine, err = client.New(k.db, opts); err != nil {
		t.Fatal(err)
	}
	k.engine.OnPass(k.watch.passed)
	policy := service.Policy{Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: c.policy.Location, ScanMaxBytes: 1 << 20,
		DocumentsDir: k.docs, PIN: c.policy, PortalURL: "https://portail.cnops.ma"}
	if policy.RegNo, err = domain.NewRegNoRule(central.DefaultRegNoPattern); err != nil {
		t.Fatal(err)
	}
	if k.svc, err = service.New(ctx, k.db, policy, service.WithSyncer(k.engine)); err != nil {
		t.Fatal(err)
	}
	k.agent, k.super, k.super2 = k.signIn("agent", agentPW), k.signIn("supervisor", superPW), k.signIn(super2, super2PW)
	return k
}

func (k *console) options(seed uint64) client.Options {
	return client.Options{HTTPClient: &http.Client{Transport: watchedTransport{next: k.tr, watch: &k.watch}},
		Interval: passInterval, Timeout: requestTimeout, Logger: slog.New(k.logs), DocumentsDir: k.docs,
		BackoffBase: time.Millisecond, BackoffCap: 20 * time.Millisecond, Rand: newRand(seed)}
}

func (k *console) signIn(user, pw string) service.Session {
	k.t.Helper()
	s, err := k.svc.SignIn(context.Background(), user, pw)
	if err != nil {
		k.t.Fatalf("%s: sign-in %s: %v", k.name, user, err)
	}
	return s
}

// start runs the engine in the background, as the console does.
func (k *console) start() {
	ctx, cancel := context.WithCancel(context.Background())
	k.stop, k.stopped = cancel, make(chan struct{})
	go func() {
		defer close(k.stopped)
		k.engine.Run(ctx)
	}()
}

// halt stops the background engine and waits for it.
func (k *console) halt() {
	if k.stop != nil {
		k.stop()
		<-k.stopped
		k.stop = nil
	}
}

// passWatch tells when a whole pass ran after a moment: a request started
// after it, and a pass ended after that request started.
type passWatch struct {
	mu       sync.Mutex
	since    time.Time // the moment watched from
	firstReq time.Time // the first request started after since
	done     bool
	passes   atomic.Int64
	requests atomic.Int64
	failures atomic.Int64  // requests that failed: transport error, error status or broken body
	passedCh chan struct{} // a token after each pass
}

// from starts watching from now.
func (w *passWatch) from(now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.since, w.firstReq, w.done = now, time.Time{}, false
}

func (w *passWatch) request(at time.Time) {
	w.requests.Add(1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.firstReq.IsZero() && at.After(w.since) {
		w.firstReq = at
	}
}

func (w *passWatch) passed() {
	w.passes.Add(1)
	w.mu.Lock()
	if !w.firstReq.IsZero() {
		w.done = true
	}
	w.mu.Unlock()
	select {
	case w.passedCh <- struct{}{}:
	default:
	}
}

// covered reports whether a whole pass ran since from.
func (w *passWatch) covered() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.done
}

// watchedTransport counts the engine's requests and their failures; it
// changes nothing.
type watchedTransport struct {
	next  http.RoundTripper
	watch *passWatch
}

func (t watchedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.watch.request(time.Now())
	resp, err := t.next.RoundTrip(r)
	notHeld := err == nil && r.Method == http.MethodHead && resp.StatusCode == http.StatusNotFound // a scan to upload
	if err != nil || (resp.StatusCode >= 400 && !notHeld) {
		t.watch.failures.Add(1)
	}
	if err == nil {
		resp.Body = &watchedBody{ReadCloser: resp.Body, watch: t.watch}
	}
	return resp, err
}

type watchedBody struct {
	io.ReadCloser
	watch  *passWatch
	failed bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && !b.failed {
		b.failed = true
		b.watch.failures.Add(1)
	}
	return n, err
}

// logTally is a slog handler (and a log.Logger writer) that counts
// records by level and keeps the errors and any panic.
type logTally struct {
	mu     sync.Mutex
	counts map[slog.Level]int
	errors []string
	panics []string
}

func (l *logTally) Enabled(context.Context, slog.Level) bool { return true }
func (l *logTally) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logTally) WithGroup(string) slog.Handler            { return l }

func (l *logTally) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != "stack" {
			b.WriteString(" " + a.String())
		}
		return true
	})
	l.note(r.Level, b.String())
	return nil
}

func (l *logTally) Write(p []byte) (int, error) {
	l.note(slog.LevelError, "net/http: "+strings.TrimSpace(string(p)))
	return len(p), nil
}

func (l *logTally) note(level slog.Level, line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts == nil {
		l.counts = map[slog.Level]int{}
	}
	l.counts[level]++
	if level >= slog.LevelError && len(l.errors) < 20 {
		l.errors = append(l.errors, line)
	}
	if strings.Contains(strings.ToLower(line), "panic") {
		l.panics = append(l.panics, line)
	}
}

func (l *logTally) snapshot() (counts map[slog.Level]int, errs, panics []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	counts = map[slog.Level]int{}
	for k, v := range l.counts {
		counts[k] = v
	}
	return counts, append([]string(nil), l.errors...), append([]string(nil), l.panics...)
}

// openRO opens a database read-only, outside its owner.
func openRO(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
