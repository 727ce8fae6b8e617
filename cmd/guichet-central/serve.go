package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
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
		Short: a.cat.T("cli.central.help.serve"),
		Long:  a.cat.T("cli.central.help.serve.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The server's log is its output: all that log.level asks for.
			// It checks PINs: without their keys it does not start.
			return a.runCentre(cmd, slog.LevelDebug, withKeys, func(ctx context.Context, c *central.App, cfg centralConfig, log *slog.Logger) error {
				stop := watchReload(ctx, c, func() (central.PINKeys, error) {
					cfg, err := a.config(cmd)
					if err != nil {
						return central.PINKeys{}, err
					}
					return loadPINKeys(cfg)
				}, log)
				defer stop()
				warnMissingKeys(ctx, c, log)
				return serve(ctx, c, cfg, log)
			})
		},
	}
	cmd.Flags().String("listen", "", a.cat.T("cli.central.flag.listen"))
	cmd.Flags().String("tls-cert", "", a.cat.T("cli.central.flag.tls_cert"))
	cmd.Flags().String("tls-key", "", a.cat.T("cli.central.flag.tls_key"))
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

// watchReload reloads the PIN keys (reloadPINKeys) on each SIGHUP until
// stop is called. Requests in flight keep the keys they started with.
func watchReload(ctx context.Context, c *central.App, load func() (central.PINKeys, error), log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				log.Info("SIGHUP: reloading the PIN keys")
				_ = reloadPINKeys(ctx, c, load, log) // logged
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		cancel()
		<-done
	}
}

// reloadPINKeys reads the keys the configuration names now and gives them
// to the centre. A configuration that cannot be read, keys that do not
// load, or a set that drops an HMAC key live PINs still use is refused and
// logged: the keys in use stay.
func reloadPINKeys(ctx context.Context, c *central.App, load func() (central.PINKeys, error), log *slog.Logger) error {
	keys, err := load()
	if err == nil {
		err = c.ReloadPINKeys(ctx, keys)
	}
	if err != nil {
		log.Error("PIN keys not reloaded: the keys in use stay", "error", err)
	}
	return err
}

// warnMissingKeys logs, as serve starts, the keys still in use that the
// configuration lacks: PINs that can no longer be checked or opened.
func warnMissingKeys(ctx context.Context, c *central.App, log *slog.Logger) {
	status, err := c.PINKeyStatus(ctx)
	if err != nil {
		log.Warn("could not check which PIN keys are in use", "error", err)
		return
	}
	for _, u := range status.InUseMissing() {
		log.Error("a PIN key still in use is not configured", "kind", u.Kind, "key", u.ID,
			"live_verifiers", u.Verifiers, "devices", u.Devices)
	}
}
