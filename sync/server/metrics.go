package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
)

// Source is what the metrics read of the centre at scrape time
// (*central.App satisfies it): its counters, and its queue depths from
// the storage.
type Source interface {
	Counters() central.Counters
	Queues(ctx context.Context) (central.Queues, error)
}

// Metrics are the centre's Prometheus metrics, on a registry of their own
// (never the process-wide default one, which any imported package could
// fill): the requests the handler records (Options.Metrics), the
// centre's counters and queue depths read at each scrape, and the Go
// runtime and process collectors. docs/OPERATIONS.md lists every metric.
type Metrics struct {
	registry *prometheus.Registry
	log      *slog.Logger
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	busy     prometheus.Counter
}

// durationBuckets span 1 ms (a health answer) to 5 s (a slow push or a
// large scan on a slow link); slower requests fall in +Inf.
var durationBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

// queuesTimeout bounds the storage read of a scrape: a monitor must not
// pile up reads on a centre that is already slow.
const queuesTimeout = 5 * time.Second

// NewMetrics builds the metrics of a centre; log receives the scrapes'
// failures.
func NewMetrics(src Source, log *slog.Logger) *Metrics {
	if log == nil {
		log = slog.Default()
	}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		log:      log,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_http_requests_total",
			Help: "Requests answered, by route pattern and HTTP status."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "guichet_http_request_duration_seconds",
			Help: "Time to answer a request, by route pattern.", Buckets: durationBuckets}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "guichet_http_in_flight",
			Help: "Requests being served now (at most server.max_in_flight)."}),
		busy: prometheus.NewCounter(prometheus.CounterOpts{Name: "guichet_http_busy_total",
			Help: "Requests answered 503 busy because server.max_in_flight were being served."}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.inFlight, m.busy, newCentreCollector(src, log),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format. A collector's
// failure is logged and the rest still served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:            slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
		ErrorHandling:       promhttp.ContinueOnError,
		Registry:            m.registry, // counts its own errors
		MaxRequestsInFlight: 4,
		Timeout:             2 * queuesTimeout,
	})
}

// The handler's hooks; each is a no-op without metrics.

func (m *Metrics) observe(route string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(took.Seconds())
}

func (m *Metrics) enter() {
	if m != nil {
		m.inFlight.Inc()
	}
}

func (m *Metrics) leave() {
	if m != nil {
		m.inFlight.Dec()
	}
}

func (m *Metrics) refusedBusy() {
	if m != nil {
		m.busy.Inc()
	}
}

// centreCollector turns the centre's counters and queues into metrics at
// each scrape: the App counts, the collector only reads.
type centreCollector struct {
	src                               Source
	log                               *slog.Logger
	entries, feedItems, breaks, pins  *prometheus.Desc
	pinsWaiting, devicesSeen, storeUp *prometheus.Desc
}

func newCentreCollector(src Source, log *slog.Logger) *centreCollector {
	return &centreCollector{src: src, log: log,
		entries: prometheus.NewDesc("guichet_push_entries_total",
			"Pushed entries answered, by status (applied, duplicate, conflict, rejected, deferred).", []string{"status"}, nil),
		feedItems: prometheus.NewDesc("guichet_feed_items_total", "Items served in feed pages.", nil, nil),
		breaks: prometheus.NewDesc("guichet_chain_breaks_total",
			"Audit chain breaks found in what devices pushed (each counted once).", nil, nil),
		pins: prometheus.NewDesc("guichet_pin_verifications_total",
			"The portal's PIN verifications, by answer (valid, invalid, expired, locked).", []string{"result"}, nil),
		pinsWaiting: prometheus.NewDesc("guichet_pins_waiting",
			"PIN reissues waiting for their PIN, by channel: post (the next letter batch) or email.", []string{"channel"}, nil),
		devicesSeen: prometheus.NewDesc("guichet_devices_seen",
			"Devices not revoked that called the centre within the last hour.", nil, nil),
		storeUp: prometheus.NewDesc("guichet_storage_up",
			"1 when the scrape could read the queue depths from the storage, 0 when not (see the log).", nil, nil),
	}
}

func (c *centreCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.entries, c.feedItems, c.breaks, c.pins, c.pinsWaiting, c.devicesSeen, c.storeUp} {
		ch <- d
	}
}

func (c *centreCollector) Collect(ch chan<- prometheus.Metric) {
	n := c.src.Counters()
	for status, v := range n.Entries {
		ch <- prometheus.MustNewConstMetric(c.entries, prometheus.CounterValue, float64(v), status)
	}
	for result, v := range n.PINVerifications {
		ch <- prometheus.MustNewConstMetric(c.pins, prometheus.CounterValue, float64(v), result)
	}
	ch <- prometheus.MustNewConstMetric(c.feedItems, prometheus.CounterValue, float64(n.FeedItems))
	ch <- prometheus.MustNewConstMetric(c.breaks, prometheus.CounterValue, float64(n.ChainBreaks))

	ctx, cancel := context.WithTimeout(context.Background(), queuesTimeout)
	defer cancel()
	q, err := c.src.Queues(ctx)
	if err != nil {
		// The gauges are left out rather than shown as 0: an empty queue
		// and an unreadable one must not look alike.
		c.log.Warn("metrics: reading the queue depths", "error", err)
		ch <- prometheus.MustNewConstMetric(c.storeUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.storeUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(c.pinsWaiting, prometheus.GaugeValue, float64(q.PINLetters), string(domain.ChannelPost))
	ch <- prometheus.MustNewConstMetric(c.pinsWaiting, prometheus.GaugeValue, float64(q.PINEmails), string(domain.ChannelEmail))
	ch <- prometheus.MustNewConstMetric(c.devicesSeen, prometheus.GaugeValue, float64(q.DevicesSeen))
}
