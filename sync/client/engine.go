package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// Options tune an engine; zero values take the defaults.
type Options struct {
	HTTPClient *http.Client  // default: http.DefaultClient's transport, no overall timeout
	Interval   time.Duration // between passes when all is well (30 s)
	Timeout    time.Duration // per request (20 s)
	Logger     *slog.Logger  // default: discard (the console owns the terminal)
	// BackoffBase and BackoffCap bound the wait after failures (1 s, 60 s).
	BackoffBase, BackoffCap time.Duration
	Rand                    *rand.Rand // jitter; default seeded from the runtime
	Now                     func() time.Time
	// DocumentsDir is the console's document store (scans by SHA-256).
	DocumentsDir string
	// CentralURL replaces the centre's address recorded at provisioning
	// (configuration sync.central_url), when set.
	CentralURL string
	// FeedPage is how many items to ask per feed page (wire.MaxFeedPage,
	// the most the centre gives): smaller pages suit a slow link.
	FeedPage int
	// AfterPass, when set, runs at the end of each pass that succeeded,
	// before the next can start: the console's housekeeping (the
	// retention purge), which must only follow a pass the centre answered.
	AfterPass func(ctx context.Context)
}

// visitorGrace is how long a member fetched from another branch stays
// with no change under way: the agent who fetched it is serving them.
const visitorGrace = 12 * time.Hour

// maxLastError bounds the error text the status line shows.
const maxLastError = 200

// Engine is the console's sync engine. Its methods are safe for
// concurrent use; passes run one at a time.
type Engine struct {
	db   *store.DB
	opts Options
	link *link
	log  *slog.Logger
	kick chan struct{}

	passMu   sync.Mutex      // one pass at a time
	known    map[string]bool // scans the centre holds (under passMu)
	progress func(PullProgress)
	// provisioning: the first pull (Provision) fetches each page while
	// applying the one before, and defers the search index to its end.
	provisioning bool
	// keyCheckedAt is when the centre's PIN key was last fetched;
	// keyStale asks for it at the end of this pass (see refreshPINKey).
	keyCheckedAt time.Time
	keyStale     bool

	mu     sync.Mutex // guards st and onPass
	st     state
	onPass func()
}

// state is the link's last known condition.
type state struct {
	online, updateNeeded bool
	pending, setAside    int
	lastGood             time.Time
	lastError            string
	progress             *service.SyncProgress // the pass under way, for the status bar
}

// Report is what one pass did.
type Report struct {
	Pushed       int         `json:"pushed"`
	Applied      int         `json:"applied"`
	Duplicate    int         `json:"duplicate"`
	SetAside     int         `json:"set_aside"`
	Deferred     int         `json:"deferred"`
	Documents    int         `json:"documents_uploaded"`
	AuditThrough int64       `json:"audit_shipped_through"`
	AuditBreak   *wire.Break `json:"audit_break,omitempty"`
	Pulled       int         `json:"pulled"`
	Held         int         `json:"held"`
	Adopted      int         `json:"adopted"`
	Forgotten    int         `json:"visitors_forgotten"`
	// Pending and SetAsideTotal are the queue after the pass.
	Pending       int `json:"pending"`
	SetAsideTotal int `json:"set_aside_total"`
}

// New builds the engine of a provisioned database (domain.ErrNotProvisioned
// otherwise): the centre's address and the device token come from the
// database.
func New(db *store.DB, opts Options) (*Engine, error) {
	ctx := context.Background()
	meta := map[string]string{}
	for _, k := range []string{store.MetaCentralURL, store.MetaDeviceToken, store.MetaLastGoodSync} {
		v, err := db.Meta(ctx, k)
		if err != nil {
			return nil, err
		}
		meta[k] = v
	}
	if meta[store.MetaCentralURL] == "" || meta[store.MetaDeviceToken] == "" {
		return nil, domain.ErrNotProvisioned
	}
	raw := meta[store.MetaCentralURL]
	if opts.CentralURL != "" {
		raw = opts.CentralURL
	}
	e, err := newEngine(db, raw, meta[store.MetaDeviceToken], opts)
	if err != nil {
		return nil, err
	}
	if t, err := time.Parse(time.RFC3339Nano, meta[store.MetaLastGoodSync]); err == nil {
		e.st.lastGood = t
	}
	return e, nil
}

// newEngine fills the defaults and builds the link.
func newEngine(db *store.DB, centralURL, token string, opts Options) (*Engine, error) {
	base, err := ParseCentralURL(centralURL)
	if err != nil {
		return nil, err
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	opts.Interval = cmpOr(opts.Interval, 30*time.Second)
	opts.Timeout = cmpOr(opts.Timeout, 20*time.Second)
	opts.BackoffBase = cmpOr(opts.BackoffBase, time.Second)
	opts.BackoffCap = cmpOr(opts.BackoffCap, time.Minute)
	if opts.FeedPage <= 0 || opts.FeedPage > wire.MaxFeedPage {
		opts.FeedPage = wire.MaxFeedPage
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Rand == nil {
		opts.Rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := &Engine{db: db, opts: opts, log: opts.Logger, kick: make(chan struct{}, 1), known: map[string]bool{}}
	e.link = &link{base: base, token: token, http: opts.HTTPClient, timeout: opts.Timeout, now: opts.Now, observe: e.observe}
	return e, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Kick asks for a pass soon; kicks coalesce while one is due.
func (e *Engine) Kick() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// OnPass has fn called after each pass Run makes (the console redraws its
// status line at once).
func (e *Engine) OnPass(fn func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.onPass = fn
}

// Status is the link's state for the status bar; the queue counts are
// read from the database.
func (e *Engine) Status() service.SyncStatus {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	pending, setAside, err := e.db.SyncCounts(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	if err == nil {
		e.st.pending, e.st.setAside = pending, setAside
	}
	st := service.SyncStatus{Provisioned: true, Online: e.st.online, UpdateNeeded: e.st.updateNeeded,
		Pending: e.st.pending, SetAside: e.st.setAside, LastGoodSync: e.st.lastGood, LastError: e.st.lastError}
	if p := e.st.progress; p != nil {
		cp := *p
		st.Progress = &cp
	}
	return st
}

// showProgress records how far a phase of the pass has come (nil: no
// known amount), for Status.
func (e *Engine) showProgress(phase service.SyncPhase, done, total int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.progress = nil
	if total > 0 {
		e.st.progress = &service.SyncProgress{Phase: phase, Done: min(done, total), Total: total}
	}
}

// Run syncs until ctx ends: a pass at once, then after each Kick, every
// Interval, and after a failure once the backoff has passed (kicks wait
// for it: a centre in trouble is not pressed harder). When the centre
// refuses the protocol version it stops until the program restarts.
func (e *Engine) Run(ctx context.Context) {
	failures := 0
	for {
		_, err := e.Pass(ctx)
		if ctx.Err() != nil {
			return
		}
		e.mu.Lock()
		notify := e.onPass
		e.mu.Unlock()
		if notify != nil {
			notify()
		}
		wait := e.opts.Interval
		switch {
		case errors.Is(err, ErrUpdateNeeded):
			e.log.Error("sync stopped: the centre no longer serves this protocol version; update Guichet")
			<-ctx.Done()
			return
		case err != nil:
			wait = Backoff(failures, e.opts.BackoffBase, e.opts.BackoffCap, e.opts.Rand, retryAfterOf(err))
			failures++
			e.log.Warn("sync pass failed", "error", err, "retry_in", wait.Round(time.Millisecond), "failures", failures)
		default:
			failures = 0
		}
		if !e.sleep(ctx, wait, err == nil) {
			return
		}
	}
}

// sleep waits d, or less when kicked and kicks count; false when ctx ended.
func (e *Engine) sleep(ctx context.Context, d time.Duration, kickable bool) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	var kicked <-chan struct{}
	if kickable {
		kicked = e.kick
	}
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-kicked:
	}
	return true
}

// Pass runs one sync pass: push (scans, entries, audit chain), then pull
// the feed, then fetch the centre's PIN key when due (refreshPINKey), then
// forget visitors no change needs any more. It returns what
// it did and what failed (joined).
func (e *Engine) Pass(ctx context.Context) (Report, error) {
	e.passMu.Lock()
	defer e.passMu.Unlock()
	var rep Report
	if e.updateNeeded() {
		return rep, ErrUpdateNeeded
	}
	err := e.push(ctx, &rep)
	// A centre that asked for time (Retry-After) is not asked for the
	// feed at once either: the next request waits for Run's backoff.
	if err == nil || !(errors.Is(err, ErrOffline) || errors.Is(err, ErrUpdateNeeded) || retryAfterOf(err) > 0 || ctx.Err() != nil) {
		err = errors.Join(err, e.pull(ctx, &rep))
	}
	if err == nil && e.keyDue() {
		err = e.refreshPINKey(ctx)
	}
	if ctx.Err() == nil {
		err = errors.Join(err, e.forgetVisitors(ctx, &rep))
	}
	if err == nil && e.opts.AfterPass != nil {
		e.opts.AfterPass(ctx)
	}
	e.finish(ctx, &rep, err)
	return rep, err
}

func (e *Engine) updateNeeded() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.st.updateNeeded
}

// observe notes what a request's outcome says of the link.
func (e *Engine) observe(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	// A refused token cannot sync any more than a cut link: the status bar
	// says offline, and the Sync screen the reason (LastError).
	e.st.online = err == nil || !(errors.Is(err, ErrOffline) || status(err) == http.StatusUnauthorized)
	if errors.Is(err, ErrUpdateNeeded) {
		e.st.updateNeeded = true
	}
}

// finish records the pass's outcome: the last good sync after a pass
// without error, the error otherwise, and the queue counts.
func (e *Engine) finish(ctx context.Context, rep *Report, err error) {
	now := e.opts.Now().UTC()
	if err == nil {
		if werr := e.db.Write(ctx, func(tx *store.Tx) error {
			return tx.SetMeta(ctx, store.MetaLastGoodSync, now.Format(time.RFC3339Nano))
		}); werr != nil {
			err = werr
		}
	}
	pending, setAside, cerr := e.db.SyncCounts(context.WithoutCancel(ctx))
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.progress = nil
	if err == nil {
		e.st.lastGood, e.st.lastError = now, ""
	} else {
		e.st.lastError = shorten(Describe(err), maxLastError)
	}
	if cerr == nil {
		e.st.pending, e.st.setAside = pending, setAside
		rep.Pending, rep.SetAsideTotal = pending, setAside
	}
}

// Describe is an error as one line fit for a terminal: a pass's errors
// (joined) separated by "; ", control characters dropped.
func Describe(err error) string {
	return domain.Sanitize(strings.ReplaceAll(err.Error(), "\n", "; "))
}

// shorten cuts s to at most n runes.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// forgetVisitors deletes the visitors no change needs any more.
func (e *Engine) forgetVisitors(ctx context.Context, rep *Report) error {
	return e.db.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.ForgetVisitors(ctx, e.opts.Now().Add(-visitorGrace))
		rep.Forgotten = n
		return err
	})
}

// metaInt reads a numeric meta value (0 when absent).
func (e *Engine) metaInt(ctx context.Context, key string) (int64, error) {
	v, err := e.db.Meta(ctx, key)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("meta %s: %q is not a number", key, v)
	}
	return n, nil
}
