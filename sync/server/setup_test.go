package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// centre is the real centre on a fresh SQLite database, seeded with the
// demo population, behind the real handler on a loopback server. Its scans
// are limited to docLimit; the centre and the handler log to logs (unless
// the test gives the handler a logger), as guichet-central serve does.
type centre struct {
	t     *testing.T
	app   *central.App
	srv   *httptest.Server
	token string
	dev   wire.Device
	home  string // the device's branch, home of the demo accounts
	logs  *syncBuffer
}

var seededAt = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

const (
	seededMembers = 40
	docLimit      = 4 << 10
)

func newCentre(t *testing.T, opts server.Options) *centre {
	t.Helper()
	return newCentreWith(t, opts, central.Options{})
}

// newCentreWith is newCentre with more of the centre's options (PIN keys
// and policy); the documents, the scan limit and the logger are set here.
func newCentreWith(t *testing.T, opts server.Options, appOpts central.Options) *centre {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir+"/centre.db")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	appOpts.DocumentsDir, appOpts.MaxDocumentBytes, appOpts.Logger = dir+"/documents", docLimit, logger
	app := central.New(st, appOpts)
	t.Cleanup(func() { app.Close() })
	if err := app.SeedDemo(ctx, seededMembers, 1, seededAt, nil); err != nil {
		t.Fatal(err)
	}
	c := &centre{t: t, app: app, home: demo.Branches()[0].Code, logs: logs}
	if c.token, c.dev, err = app.AddDevice(ctx, "counter 1", c.home); err != nil {
		t.Fatal(err)
	}
	if opts.Logger == nil {
		opts.Logger = logger
	}
	c.srv = httptest.NewServer(server.New(app, opts))
	t.Cleanup(c.srv.Close)
	return c
}

// answer is an HTTP answer read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) errorBody(t *testing.T) wire.ErrorBody {
	t.Helper()
	var e wire.ErrorBody
	if err := wire.DecodeBytes(a.body, &e); err != nil {
		t.Fatalf("status %d: error body %q does not decode: %v", a.status, a.body, err)
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("error answer's Content-Type %q", ct)
	}
	return e
}

// request is one call to the centre; by default it names the protocol
// version and carries the device's token.
type request struct {
	method, path string
	body         io.Reader
	contentType  string
	token        *string // nil: the device's token
	header       map[string]string
}

func (c *centre) do(r request) answer {
	c.t.Helper()
	req, err := http.NewRequest(r.method, c.srv.URL+r.path, r.body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	token := c.token
	if r.token != nil {
		token = *r.token
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	for k, v := range r.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, body}
}

// get calls a GET operation and decodes a 200 answer into v.
func (c *centre) get(path string, v any) answer {
	c.t.Helper()
	a := c.do(request{method: http.MethodGet, path: path})
	if a.status == http.StatusOK && v != nil {
		if err := wire.DecodeBytes(a.body, v); err != nil {
			c.t.Fatalf("GET %s: %v\n%s", path, err, a.body)
		}
	}
	return a
}

// push sends a batch and decodes a 200 answer.
func (c *centre) push(req wire.PushRequest) (answer, wire.PushResponse) {
	c.t.Helper()
	raw, err := json.Marshal(req)
	if err != nil {
		c.t.Fatal(err)
	}
	a := c.do(request{method: http.MethodPost, path: wire.PathPush, body: bytes.NewReader(raw), contentType: "application/json"})
	var resp wire.PushResponse
	if a.status == http.StatusOK {
		if err := wire.DecodeBytes(a.body, &resp); err != nil {
			c.t.Fatalf("push answer: %v\n%s", err, a.body)
		}
	}
	return a, resp
}

// scope pages through the device's whole feed.
func (c *centre) scope(limit int) []wire.FeedPage {
	c.t.Helper()
	var pages []wire.FeedPage
	after := int64(0)
	for range 1000 {
		var page wire.FeedPage
		a := c.get(wire.PathFeed+"?after="+strconv.FormatInt(after, 10)+"&limit="+strconv.Itoa(limit), &page)
		if a.status != http.StatusOK {
			c.t.Fatalf("feed after %d: %d %s", after, a.status, a.body)
		}
		pages = append(pages, page)
		if !page.More {
			return pages
		}
		after = page.Next
	}
	c.t.Fatal("the feed never ends")
	return nil
}

// homeMember is a member of the device's branch, as the feed gives it.
func (c *centre) homeMember() wire.Member {
	c.t.Helper()
	for _, p := range c.scope(wire.MaxFeedPage) {
		for _, it := range p.Items {
			if it.Kind == wire.ItemMember && it.Member.HomeBranch == c.home && it.Member.Status == "active" {
				return *it.Member
			}
		}
	}
	c.t.Fatal("no active member in the device's scope")
	return wire.Member{}
}

// syncBuffer is a log destination written by the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func ptr[T any](v T) *T { return &v }
