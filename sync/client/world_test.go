package client_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// world is the real centre (SQLite, demo population) behind the real
// handler on a loopback server, with consoles provisioned from it.
type world struct {
	t    *testing.T
	ctx  context.Context
	app  *central.App
	st   central.Storage // the centre's storage, to read what it holds
	srv  *httptest.Server
	home string // the demo accounts' branch
	dir  string // the centre's folder (database, documents)
	// tune adjusts each new console's policy (PIN policy, printer); log,
	// when set, receives the consoles' sync logs.
	tune func(*service.Policy)
	log  *slog.Logger
}

var seededAt = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

// Demo accounts (demo.Accounts) and a second supervisor added here.
const (
	agentPW   = "demo-agent-pass"
	superPW   = "demo-super-pass"
	super2    = "salma"
	super2PW  = "salma-password-1"
	quietTime = 5 * time.Second
)

func newWorld(t *testing.T, members int) *world {
	t.Helper()
	return newWorldWith(t, members, central.Options{})
}

// newWorldWith is newWorld with the centre's options (PIN keys, policy,
// logger) set by the test; documents and a quiet logger are filled in.
func newWorldWith(t *testing.T, members int, opts central.Options) *world {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: ctx, st: st, home: demo.Branches()[0].Code, dir: dir}
	opts.DocumentsDir = filepath.Join(dir, "documents")
	if opts.Logger == nil {
		opts.Logger = quiet()
	}
	w.app = central.New(st, opts)
	t.Cleanup(func() { w.app.Close() })
	if err := w.app.SeedDemo(ctx, members, 1, seededAt, nil); err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(server.New(w.app, server.Options{Logger: quiet()}))
	t.Cleanup(w.srv.Close)
	return w
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// addSupervisor adds a second supervisor of the home branch at the centre.
func (w *world) addSupervisor() {
	w.t.Helper()
	err := w.app.AddUser(w.ctx, central.NewUser{Username: super2, DisplayName: "Salma Idrissi",
		Role: domain.RoleSupervisor, Branch: w.home, Password: super2PW})
	if err != nil {
		w.t.Fatal(err)
	}
}

// console is one provisioned device of the home branch.
type console struct {
	t      *testing.T
	ctx    context.Context
	path   string
	db     *store.DB
	engine *client.Engine
	svc    *service.Service
	docs   string
	link   *faultyLink
	log    *slog.Logger
}

// console provisions a new device of the home branch through a link the
// test can cut.
func (w *world) console(name string) *console {
	w.t.Helper()
	return w.branchConsole(name, w.home)
}

// branchConsole provisions a new device of branch through a link the test
// can cut.
func (w *world) branchConsole(name, branch string) *console {
	w.t.Helper()
	token, _, err := w.app.AddDevice(w.ctx, name, branch)
	if err != nil {
		w.t.Fatal(err)
	}
	dir := w.t.TempDir()
	c := &console{t: w.t, ctx: w.ctx, path: filepath.Join(dir, "guichet.db"), docs: filepath.Join(dir, "documents"),
		link: &faultyLink{next: http.DefaultTransport}, log: w.log}
	if c.log == nil {
		c.log = quiet()
	}
	if c.db, err = store.Open(w.ctx, c.path, store.MayCreate); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { c.db.Close() })
	if _, _, err := client.Provision(w.ctx, c.db, w.srv.URL, token, c.options(), nil); err != nil {
		w.t.Fatal(err)
	}
	if c.engine, err = client.New(c.db, c.options()); err != nil {
		w.t.Fatal(err)
	}
	policy := service.Policy{Lockout: domain.LockoutPolicy{MaxFailures: 5, Duration: time.Minute},
		AgeRules: domain.DefaultAgeRules, ResultRows: 50, Location: time.UTC, ScanMaxBytes: 1 << 20, DocumentsDir: c.docs}
	if policy.RegNo, err = domain.NewRegNoRule("[0-9]{6,12}"); err != nil {
		w.t.Fatal(err)
	}
	if w.tune != nil {
		w.tune(&policy)
	}
	if c.svc, err = service.New(w.ctx, c.db, policy, service.WithSyncer(c.engine)); err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (c *console) options() client.Options {
	return client.Options{HTTPClient: &http.Client{Transport: c.link}, Timeout: quietTime, Logger: c.log,
		DocumentsDir: c.docs, BackoffBase: time.Millisecond, BackoffCap: 20 * time.Millisecond}
}

func (c *console) signIn(user, pw string) service.Session {
	c.t.Helper()
	s, err := c.svc.SignIn(c.ctx, user, pw)
	if err != nil {
		c.t.Fatalf("sign-in %s: %v", user, err)
	}
	return s
}

// pass runs one sync pass and fails the test on an error.
func (c *console) pass() client.Report {
	c.t.Helper()
	rep, err := c.engine.Pass(c.ctx)
	if err != nil {
		c.t.Fatalf("sync pass: %v (report %+v)", err, rep)
	}
	return rep
}

// query reads the console's database directly.
func (c *console) query(q string, args ...any) *sql.Row {
	raw, err := sql.Open("sqlite", "file:"+c.path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { raw.Close() })
	return raw.QueryRow(q, args...)
}

// homeMember returns the id of the n-th member of the home branch here.
func (c *console) homeMember(n int) store.MemberFile {
	c.t.Helper()
	var id int64
	if err := c.query(`SELECT id FROM members ORDER BY id LIMIT 1 OFFSET ?`, n).Scan(&id); err != nil {
		c.t.Fatal(err)
	}
	f, err := c.db.MemberFile(c.ctx, id)
	if err != nil {
		c.t.Fatal(err)
	}
	return f
}

// request records an address change for a member as sess.
func (c *console) request(sess service.Session, m store.MemberFile, line1 string, scans ...string) store.AddressRequest {
	c.t.Helper()
	r, _, err := c.svc.RequestAddressChange(c.ctx, sess, service.ChangeInput{MemberID: m.Member.ID,
		Address:   domain.AddressInput{Line1: line1, City: "Rabat", PostalCode: "10000"},
		Evidence:  domain.Evidence{RegistrationCardCopy: true, CINReadOffCopy: m.Member.CIN, FormNumber: "F-" + line1[:2]},
		ScanFiles: scans, ConfirmWarnings: true})
	if err != nil {
		c.t.Fatalf("request for %s: %v", m.Member.RegNo, err)
	}
	return r
}

// entryState is an outbox entry's delivery state and attempts.
func (c *console) entryState(seq int64) (string, int) {
	c.t.Helper()
	var state string
	var attempts int
	if err := c.query(`SELECT state, attempts FROM outbox WHERE seq = ?`, seq).Scan(&state, &attempts); err != nil {
		c.t.Fatal(err)
	}
	return state, attempts
}

// faultyLink is the console's HTTP transport with faults the test turns
// on: the centre out of reach, an answer lost after the centre acted, or
// the requests made counted.
type faultyLink struct {
	next      http.RoundTripper
	mu        sync.Mutex
	down      bool
	loseNext  string // path whose next answer is lost after the centre acted
	rewrite   func(*http.Request)
	ackAtMost int64 // the next push answer acknowledges the audit chain at most this far (0: as sent)
	calls     atomic.Int64
	pushes    atomic.Int64
	feeds     atomic.Int64
}

var errCut = errors.New("link cut")

func (f *faultyLink) RoundTrip(r *http.Request) (*http.Response, error) {
	f.calls.Add(1)
	f.mu.Lock()
	down, lose := f.down, f.loseNext != "" && r.URL.Path == f.loseNext
	if lose {
		f.loseNext = ""
	}
	rewrite, ackAtMost := f.rewrite, int64(0)
	if r.URL.Path == wire.PathFeed {
		f.feeds.Add(1)
	}
	if r.URL.Path == wire.PathPush {
		f.pushes.Add(1)
		ackAtMost, f.ackAtMost = f.ackAtMost, 0
	}
	f.mu.Unlock()
	if down {
		return nil, errCut
	}
	if rewrite != nil {
		r = r.Clone(r.Context())
		rewrite(r)
	}
	resp, err := f.next.RoundTrip(r)
	if err == nil && lose {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errCut
	}
	if err == nil && ackAtMost > 0 {
		return shortAck(resp, ackAtMost)
	}
	return resp, err
}

// shortAck rewrites a push answer to acknowledge less of the audit chain
// than the centre holds.
func shortAck(resp *http.Response, through int64) (*http.Response, error) {
	var pr wire.PushResponse
	err := wire.Decode(resp.Body, wire.MaxBodyBytes, &pr)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	pr.Audit.Through = min(pr.Audit.Through, through)
	body, err := json.Marshal(pr)
	if err != nil {
		return nil, err
	}
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

func (f *faultyLink) set(fn func(*faultyLink)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

// eventually waits for cond, failing after a few seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(quietTime)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
