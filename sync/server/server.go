package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/wire"
)

// Options tune the handler; the zero value is usable.
type Options struct {
	// Logger receives one line per request (never a token or a body);
	// slog.Default() when nil.
	Logger *slog.Logger
	// MaxInFlight caps the requests served at once; over it the answer is
	// 503 busy with Retry-After (default 64).
	MaxInFlight int
	// Now is the clock of the health and device answers (time.Now when
	// nil); request durations use the monotonic clock.
	Now func() time.Time
	// Metrics, when set, count the requests (see NewMetrics).
	Metrics *Metrics
}

const defaultMaxInFlight = 64

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = defaultMaxInFlight
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// handler serves the protocol for one Centre.
type handler struct {
	centre Centre
	opts   Options
	routes []route
	slots  chan struct{}
}

// route is one operation; a path ending in "/" takes one more segment (the
// document's SHA-256). A device operation has serve; the portal's has
// portal instead, and only a portal client's token opens it.
type route struct {
	method string
	path   string
	public bool // served without a token
	serve  func(h *handler, w http.ResponseWriter, r *http.Request, dev wire.Device)
	portal func(h *handler, w http.ResponseWriter, r *http.Request, client central.PortalClient)
}

// New returns the protocol's HTTP handler for c. Every request is checked
// in this order: capacity, protocol version, route and method, token (a
// device's, or a portal client's for the portal's operation); then the
// operation runs.
func New(c Centre, opts Options) http.Handler {
	h := &handler{centre: c, opts: opts.withDefaults()}
	h.slots = make(chan struct{}, h.opts.MaxInFlight)
	h.routes = []route{
		{http.MethodGet, wire.PathHealth, true, (*handler).health, nil},
		{http.MethodGet, wire.PathDevice, false, (*handler).device, nil},
		{http.MethodPost, wire.PathPush, false, (*handler).push, nil},
		{http.MethodGet, wire.PathFeed, false, (*handler).feed, nil},
		{http.MethodGet, wire.PathLookup, false, (*handler).lookup, nil},
		{http.MethodPut, wire.PathDocument, false, (*handler).putDocument, nil},
		{http.MethodHead, wire.PathDocument, false, (*handler).headDocument, nil},
		{http.MethodPost, wire.PathPINVerify, false, nil, (*handler).verifyPIN},
	}
	return h.logged(h.recovered(h.limited(h.versioned(http.HandlerFunc(h.dispatch)))))
}

// limited answers 503 busy at once when MaxInFlight requests are being
// served, rather than queueing work the centre cannot keep up with.
func (h *handler) limited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case h.slots <- struct{}{}:
			h.opts.Metrics.enter()
			defer func() { h.opts.Metrics.leave(); <-h.slots }()
			next.ServeHTTP(w, r)
		default:
			h.opts.Metrics.refusedBusy()
			w.Header().Set("Retry-After", "1")
			writeErrorBody(w, http.StatusServiceUnavailable, wire.ErrorBody{
				Code: wire.CodeBusy, Message: "the centre is busy; retry later",
			})
		}
	})
}

// versioned refuses any request that does not name the protocol version
// this centre serves, so an old console says "update needed" instead of
// retrying.
func (h *handler) versioned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := strconv.Atoi(r.Header.Get(wire.VersionHeader))
		if err != nil || v != wire.Version {
			writeErrorBody(w, http.StatusUpgradeRequired, wire.ErrorBody{
				Code:      wire.CodeProtocolUnsupported,
				Message:   "this centre serves protocol version " + strconv.Itoa(wire.Version) + " (header " + wire.VersionHeader + "); update the console",
				Supported: []int{wire.Version},
			})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// dispatch finds the operation, authenticates the device (or the portal
// client) unless the route is public, and runs it.
func (h *handler) dispatch(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, rt := range h.routes {
		if !rt.matches(r.URL.Path) {
			continue
		}
		if rt.method != r.Method {
			allowed = append(allowed, rt.method)
			continue
		}
		if rt.public {
			rt.serve(h, w, r, wire.Device{})
			return
		}
		if rt.portal != nil {
			if client, ok := h.authenticatePortal(w, r); ok {
				rt.portal(h, w, r, client)
			}
			return
		}
		dev, ok := h.authenticate(w, r)
		if ok {
			rt.serve(h, w, r, dev)
		}
		return
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeErrorBody(w, http.StatusMethodNotAllowed, wire.ErrorBody{
			Code: wire.CodeBadRequest, Message: r.Method + " is not allowed here",
		})
		return
	}
	writeErrorBody(w, http.StatusNotFound, wire.ErrorBody{Code: wire.CodeNotFound, Message: "no such operation"})
}

// unmatchedRoute labels the metrics of a request no route serves.
const unmatchedRoute = "unmatched"

// routeLabel names the route serving r in the metrics: its method and
// pattern, such as "PUT /v1/documents/{sha256}", never the path itself
// (which may carry a hash), so the labels stay few.
func (h *handler) routeLabel(r *http.Request) string {
	for _, rt := range h.routes {
		if rt.method == r.Method && rt.matches(r.URL.Path) {
			if strings.HasSuffix(rt.path, "/") {
				return rt.method + " " + rt.path + "{sha256}"
			}
			return rt.method + " " + rt.path
		}
	}
	return unmatchedRoute
}

func (rt route) matches(path string) bool {
	if strings.HasSuffix(rt.path, "/") {
		rest, ok := strings.CutPrefix(path, rt.path)
		return ok && rest != "" && !strings.Contains(rest, "/")
	}
	return path == rt.path
}
