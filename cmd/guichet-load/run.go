package main

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/internal/perf"
	"github.com/cnops/guichet/sync/wire"
)

// centralApp is the centre's application on st, quiet.
func centralApp(st central.Storage) *central.App {
	return central.New(st, central.Options{Logger: slog.New(slog.DiscardHandler)})
}

// serveHere serves app on a loopback port of this process.
func serveHere(app *central.App) (stop func(), base string, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := newHTTPServer(app)
	go srv.Serve(ln)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		app.Close()
	}, "http://" + ln.Addr().String(), nil
}

// newClient shares one keep-alive pool among the devices, large enough
// that none of them waits for a connection or opens a new one per cycle.
func newClient(base string, devices int, rec *recorder) *client {
	tr := &http.Transport{MaxIdleConns: 2 * devices, MaxIdleConnsPerHost: 2 * devices, IdleConnTimeout: time.Minute}
	return &client{base: base, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, rec: rec}
}

// runDevices runs every device's cycles for cfg.duration and returns the
// wall time until the last one finished and the CPU time this process
// used meanwhile. Each device starts at a random point of its first
// interval (so the cycles spread over the second, as independent
// consoles' would) and begins no cycle after the duration; cycles in
// flight then finish, so no answer is cut off and counted wrong.
func runDevices(c *client, devices []*device, cfg config, rec *recorder) (wall, cpu time.Duration) {
	warmUp(c, devices)
	start, cpu0 := time.Now(), perf.CPUTime()
	end := start.Add(cfg.duration)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i, d := range devices {
		offset := time.Duration(rand.New(rand.NewPCG(uint64(cfg.seed), uint64(i)^0x10ad)).Int64N(int64(cfg.interval)))
		wg.Go(func() {
			next := start.Add(offset)
			for k := 0; next.Before(end); k++ {
				time.Sleep(time.Until(next))
				// Devices push on different cycles (phase i), not all at once.
				push := (cfg.pushEvery == 0 && k == 0) || (cfg.pushEvery > 0 && (k+i)%cfg.pushEvery == 0)
				c.cycle(ctx, d, push, cfg.batch)
				next = next.Add(cfg.interval)
				if now := time.Now(); now.After(next) {
					rec.lateCycle()
					next = now
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start), perf.CPUTime() - cpu0
}

// warmUp has every device say hello (GET /v1/device) before the clock
// starts, 16 at a time, as consoles already in service have: the centre
// records when it first sees a device (a write, then at most once a
// minute), and 200 of those in the first second would measure a start-up
// storm no centre in service sees. Nothing of it is recorded.
func warmUp(c *client, devices []*device) {
	quiet := &client{base: c.base, http: c.http, rec: newRecorder()}
	var wg sync.WaitGroup
	slots := make(chan struct{}, 16)
	for _, d := range devices {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			var dev wire.Device
			quiet.do(context.Background(), d, "device", http.MethodGet, wire.PathDevice, nil, nil, &dev)
		})
	}
	wg.Wait()
}
