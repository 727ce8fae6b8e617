package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/server"
)

// Timeouts of the HTTP server. Reads and writes are generous: a field unit
// on a slow link may take minutes to upload a 10 MB scan.
const (
	readHeaderTimeout = 10 * time.Second
	readWriteTimeout  = 10 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 20 * time.Second
	// metricsWriteTimeout covers a scrape, whose queue read is bounded
	// at 5 s by sync/server.
	metricsWriteTimeout = 30 * time.Second
	maxHeaderBytes      = 64 << 10
)

func newServeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the sync protocol (creates the database on first start)",
		Long: "serve answers the consoles over HTTP, or HTTPS with --tls-cert and --tls-key (both or\n" +
			"neither), and the fund's portal (POST /v1/pin/verify). It needs the PIN keys\n" +
			"(pin.hmac_key or pin.hmac_key_file, and pin.box_key_file: see `keys generate`).\n" +
			"It sends the PIN e-mails waiting every mail.interval (SMTP, or the mail spool).\n" +
			"It stops gracefully on SIGINT or SIGTERM, finishing the requests in flight.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The server's log is its output: all that log.level asks for.
			// It checks PINs: without their keys it does not start.
			return a.runCentre(cmd, slog.LevelDebug, withKeys, serve)
		},
	}
	cmd.Flags().String("listen", "", "address to listen on, HOST:PORT (overrides server.listen)")
	cmd.Flags().String("tls-cert", "", "TLS certificate file, PEM (overrides server.tls_cert)")
	cmd.Flags().String("tls-key", "", "TLS private key file, PEM (overrides server.tls_key)")
	return cmd
}

// serve runs the HTTP server, and the metrics' when server.metrics_listen
// is set, until ctx ends, then shuts both down gracefully: the API
// finishes its requests in flight, then the metrics listener closes (a
// last scrape may still count them).
func serve(ctx context.Context, c *central.App, cfg centralConfig, log *slog.Logger) error {
	var metrics *server.Metrics
	if cfg.MetricsListen != "" {
		metrics = server.NewMetrics(c, log)
	}
	srv := &http.Server{
		Handler:           server.New(c, server.Options{Logger: log, MaxInFlight: cfg.MaxInFlight, Metrics: metrics}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readWriteTimeout,
		WriteTimeout:      readWriteTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	secure := cfg.TLSCert != ""
	if secure {
		// Loaded before listening, so a bad file stops start-up with its name.
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("TLS certificate %s / key %s: %w", cfg.TLSCert, cfg.TLSKey, err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	var mSrv *http.Server
	var mLn net.Listener
	if metrics != nil {
		if mSrv, mLn, err = listenMetrics(cfg.MetricsListen, metrics, log); err != nil {
			ln.Close()
			return err
		}
		log.Info("guichet-central metrics listening", "address", mLn.Addr().String(),
			"url", "http://"+mLn.Addr().String()+metricsPath)
	}
	scheme := "http"
	if secure {
		scheme = "https"
	}
	log.Info("guichet-central listening", "address", ln.Addr().String(), "url", scheme+"://"+ln.Addr().String(),
		"database", cfg.DatabaseLabel(), "documents", cfg.DocumentsDir(), "pin_hmac_key_id", cfg.HMACKeyID,
		"pin_box_key_id", cfg.BoxKeyID)
	// The mailer stops with the server, before the app closes.
	mailCtx, stopMail := context.WithCancel(ctx)
	mailed := startMailer(mailCtx, c, cfg, log)
	defer func() { stopMail(); <-mailed }()
	served := make(chan error, 2)
	go func() {
		if secure {
			served <- srv.ServeTLS(ln, "", "")
		} else {
			served <- srv.Serve(ln)
		}
	}()
	running := 1
	if mSrv != nil {
		running++
		go func() { served <- mSrv.Serve(mLn) }()
	}
	var failed error
	select {
	case failed = <-served:
		// One listener failed: the other stops too.
		running--
		log.Error("guichet-central stopping: a listener failed", "error", failed)
	case <-ctx.Done():
		log.Info("guichet-central stopping: finishing requests in flight", "timeout", shutdownTimeout.String())
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	errs := []error{failed}
	for _, s := range []*http.Server{srv, mSrv} {
		if s != nil {
			if err := s.Shutdown(shutdownCtx); err != nil {
				errs = append(errs, fmt.Errorf("shutdown: %w", err))
			}
		}
	}
	for ; running > 0; running-- {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	log.Info("guichet-central stopped")
	return nil
}

// metricsPath is where the metrics listener answers; anything else there
// is 404.
const metricsPath = "/metrics"

// listenMetrics opens the metrics listener: plain HTTP, GET /metrics only,
// with short timeouts (a scrape is small).
func listenMetrics(addr string, m *server.Metrics, log *slog.Logger) (*http.Server, net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s (server.metrics_listen; empty for no metrics): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+metricsPath, m.Handler())
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readHeaderTimeout,
		WriteTimeout:      metricsWriteTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}, ln, nil
}
